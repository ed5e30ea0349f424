/**
 * The sandbox's side of the oracle credit (pool.ts): when a job's checks compute a value the
 * oracle table lacked, the pool is told at once, so that a time limit reached meanwhile is not
 * charged to the learner; the value is the class's, computed once by whichever learner came first.
 * The durations are measured here, where they happen: the grader may read the messages late.
 */
import type { MissObserver } from '../oracle/table';
import type { OracleBusy } from './protocol';

export interface MissClockDeps {
  send(message: OracleBusy): void;
  /** wall clock, ms */
  now(): number;
  /** this process's CPU time (all threads, user + system), ms */
  cpuMs(): number;
}

export class MissClock implements MissObserver {
  /** the job in progress (its id goes with every message), undefined between jobs */
  job?: number;
  private started?: { wall: number; cpu: number };

  constructor(private readonly deps: MissClockDeps) {}

  enter(): void {
    if (this.job === undefined) return;
    this.started = { wall: this.deps.now(), cpu: this.deps.cpuMs() };
    this.deps.send({ type: 'oracle-busy', id: this.job, busy: true });
  }

  leave(): void {
    const started = this.started;
    this.started = undefined;
    if (this.job === undefined || !started) return;
    this.deps.send({ type: 'oracle-busy', id: this.job, busy: false, wallMs: this.deps.now() - started.wall, cpuMs: this.deps.cpuMs() - started.cpu });
  }
}
