/**
 * The pool the learner's tools run the public tests in (see runner.ts): vitest's `forks` pool with
 * two changes.
 *
 * 1. A heap limit, and a record of how a child died. Learner code runs in a child process started
 *    with `--max-old-space-size`, so a loop that keeps pushing to an array (a forgotten `i++`) ends
 *    that child only. Worker threads cannot contain it: in Node 20 an array that outgrows V8's limits
 *    ("Fatal JavaScript invalid size error") or the heap aborts the whole process, resourceLimits or
 *    not (measured: the parent dies with exit 134). The runner reads `deaths` to say what happened.
 * 2. With `prewarm` (course watch), as soon as a run's child stops, the child for the *next* run is
 *    started, so it has loaded vitest's runtime by the time the learner saves. Each run still gets a
 *    fresh child. bench/learner.ts measured the same idea on threads: a warm re-run from ~190 ms to ~70 ms.
 *
 * Built only on vitest's public custom-pool interface (PoolRunnerInitializer / PoolWorker), mirroring
 * its own ForksPoolWorker (fork with advanced serialization, SIGKILL when SIGTERM is not enough).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { PoolOptions, PoolRunnerInitializer, PoolWorker, WorkerRequest } from 'vitest/node';

/** The heap a child running learner code may use, in MB (COURSE_HEAP_MB overrides it). */
export const HEAP_LIMIT_MB = Number(process.env.COURSE_HEAP_MB) || 512;

export type DeathCause = 'memory' | 'array-size' | 'crash' | 'timeout';

export interface Death {
  cause: DeathCause;
  /** the exit code or signal, for the message */
  how: string;
  /**
   * Resolves once the child's stderr is read to the end, when `cause` is final: a child's 'exit'
   * can come before its last words (V8's "heap out of memory") have been read.
   */
  settled: Promise<void>;
}

/** How the children of this pool ended, when they did not end because the pool stopped them. */
export interface PoolRecord {
  deaths: Death[];
}

/** What a child's last words say about why it died. */
export function deathCause(stderrTail: string, signal?: string | null): DeathCause {
  if (/invalid (size|array length)|invalid table size/i.test(stderrTail)) return 'array-size';
  if (/heap out of memory|Allocation failed|Reached heap limit/i.test(stderrTail)) return 'memory';
  // V8's fatal errors, when their message was lost: an array past its limit traps, an exhausted heap aborts.
  if (signal === 'SIGTRAP') return 'array-size';
  if (signal === 'SIGABRT') return 'memory';
  return 'crash';
}

interface Spare {
  key: string;
  child: Watched;
}

/** A child process and the tail of its stderr (kept for deathCause). */
interface Watched {
  process: ChildProcess;
  stderrTail: string;
  stopping: boolean;
  /** set when the pool killed it on purpose (a run over its time limit) */
  killedFor?: DeathCause;
}

export interface CoursePool extends PoolRunnerInitializer {
  record: PoolRecord;
  /** stop the child started ahead of time, if any */
  dropSpare(): void;
  /** kill the children running tests now (a run over its time limit); recorded as `cause` */
  killActive(cause: DeathCause): void;
}

export function courseForks({ prewarm = false }: { prewarm?: boolean } = {}): CoursePool {
  const slot: { spare?: Spare } = {};
  const record: PoolRecord = { deaths: [] };
  const active = new Set<Watched>();
  const name = prewarm ? 'course-forks-prewarmed' : 'course-forks';
  return {
    name,
    record,
    createPoolWorker: (options) => new CourseForkWorker(name, options, slot, prewarm, record, active),
    dropSpare: () => {
      const spare = slot.spare;
      slot.spare = undefined;
      spare?.child.process.kill('SIGKILL');
    },
    killActive: (cause) => {
      for (const child of active) {
        child.killedFor = cause;
        child.process.kill('SIGKILL');
      }
    },
  };
}

const SIGKILL_AFTER_MS = 2_000;

/** Whether a child (its process, IPC channel and pipes) keeps this process alive. */
function setRef(child: ChildProcess, on: boolean): void {
  type Refable = { ref?: () => void; unref?: () => void } | null | undefined;
  for (const handle of [child, child.channel, child.stdout, child.stderr] as Refable[]) (on ? handle?.ref : handle?.unref)?.call(handle);
}

class CourseForkWorker implements PoolWorker {
  readonly cacheFs = true;
  private child: Watched | undefined;
  private readonly entrypoint: string;
  private readonly key: string;
  private readonly execArgv: string[];

  constructor(
    readonly name: string,
    private readonly options: PoolOptions,
    private readonly slot: { spare?: Spare },
    private readonly prewarm: boolean,
    private readonly record: PoolRecord,
    private readonly active: Set<Watched>,
  ) {
    this.entrypoint = resolve(options.distPath, 'workers/forks.js'); // the same entry vitest's forks pool uses
    this.execArgv = [...options.execArgv.filter((a) => !a.startsWith('--max-old-space-size')), `--max-old-space-size=${HEAP_LIMIT_MB}`];
    this.key = JSON.stringify([this.entrypoint, options.env, this.execArgv]);
  }

  private spawn(): Watched {
    const child = fork(this.entrypoint, [], { env: this.options.env, execArgv: this.execArgv, stdio: 'pipe', serialization: 'advanced' });
    const watched: Watched = { process: child, stderrTail: '', stopping: false };
    child.stderr?.on('data', (chunk: Buffer) => {
      watched.stderrTail = (watched.stderrTail + chunk.toString()).slice(-4000);
    });
    const closed = new Promise<void>((done) => child.once('close', () => done()));
    child.once('exit', (code, signal) => {
      this.active.delete(watched);
      if (watched.killedFor) this.record.deaths.push({ cause: watched.killedFor, how: 'stopped', settled: Promise.resolve() });
      else if (!watched.stopping) {
        const death: Death = { cause: deathCause(watched.stderrTail, signal), how: signal ?? `exit ${code}`, settled: closed };
        void closed.then(() => (death.cause = deathCause(watched.stderrTail, signal)));
        this.record.deaths.push(death);
      }
    });
    setRef(child, false); // a spare nobody adopts must not keep the process alive
    return watched;
  }

  async start(): Promise<void> {
    const spare = this.slot.spare;
    this.slot.spare = undefined;
    if (spare && spare.key !== this.key) this.kill(spare.child); // started for other settings
    this.child = spare?.key === this.key && spare.child.process.exitCode === null ? spare.child : this.spawn();
    this.child.stopping = false; // from now on, its death is news
    this.active.add(this.child);
    setRef(this.child.process, true);
    const { outputStream, errorStream } = this.options.project.vitest.logger;
    this.child.process.stdout?.pipe(outputStream);
    this.child.process.stderr?.pipe(errorStream);
  }

  private kill(child: Watched): Promise<void> {
    child.stopping = true;
    this.active.delete(child);
    const { process: p } = child;
    if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((done) => p.once('exit', () => done()));
    const hard = setTimeout(() => p.kill('SIGKILL'), SIGKILL_AFTER_MS);
    hard.unref();
    p.kill();
    return exited.finally(() => clearTimeout(hard));
  }

  async stop(): Promise<void> {
    const child = this.child!;
    this.child = undefined;
    await this.kill(child);
    const { outputStream, errorStream } = this.options.project.vitest.logger;
    child.process.stdout?.unpipe(outputStream);
    child.process.stderr?.unpipe(errorStream);
    if (!this.prewarm || this.slot.spare) return; // another worker of this pool already started one
    const spare: Spare = { key: this.key, child: this.spawn() };
    spare.child.stopping = true; // a spare that dies unused is no learner's fault
    spare.child.process.once('exit', () => this.slot.spare === spare && (this.slot.spare = undefined));
    this.slot.spare = spare;
  }

  on(event: string, callback: (arg: any) => void): void {
    this.child!.process.on(event, callback);
  }

  off(event: string, callback: (arg: any) => void): void {
    this.child!.process.off(event, callback);
  }

  send(message: WorkerRequest): void {
    this.child!.process.send(message);
  }

  deserialize(data: unknown): unknown {
    return data;
  }
}
