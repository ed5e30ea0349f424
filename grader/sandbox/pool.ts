/**
 * A pool of warm sandbox processes: one per core, each started with Node's permission model
 * (it may read only boot.cjs; no writes, no child processes, no workers, no native addons), frozen
 * intrinsics, a V8 heap limit and an OS data-segment limit. The grader enforces the time limit
 * from outside, by killing the process, because a synchronous infinite loop cannot be interrupted
 * from inside. A process that dies or is killed is replaced; a unit that failed in a process that
 * had already graded other units is retried once in a fresh one, so a leftover from an earlier
 * learner can never cost the next one its marks.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromSandbox, InitMessage, JobMessage, JobResult, ReadyMessage, Violation } from './protocol';

export const bootFile = fileURLToPath(new URL('./boot.cjs', import.meta.url));

export interface Limits {
  /** wall-clock time per unit, milliseconds */
  timeoutMs: number;
  /** V8 heap limit per sandbox, MB; the data segment (heap + array buffers) may use 256 MB more */
  memoryMb: number;
}

export interface PoolOptions extends Limits {
  size: number;
  init: Omit<InitMessage, 'type'>;
  /** replace a sandbox after this many units, to bound slow leaks */
  recycleAfter?: number;
}

/** What a unit's job gave: the harness's result, or a violation observed from outside. */
export type JobOutcome = Omit<JobResult, 'type' | 'id'>;

/** The node flag that turns the permission model on (renamed in Node 22). */
function permissionFlag(): string {
  return process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
}

/** The Node flags a sandbox runs with (exported so tests can probe exactly this configuration). */
export function sandboxNodeArgs(entry: string, memoryMb: number): string[] {
  return [
    '--frozen-intrinsics',
    permissionFlag(),
    `--allow-fs-read=${entry}`,
    `--max-old-space-size=${memoryMb}`,
    '--disallow-code-generation-from-strings',
    '--no-warnings',
    entry,
  ];
}

/**
 * Start `node <args>` under a data-segment limit (RLIMIT_DATA counts array buffers, which the V8 heap
 * limit does not). Through `sh -c 'ulimit -d'` because Node cannot set rlimits itself; where the shell
 * or the limit is unavailable the heap limit still applies.
 */
export function spawnLimited(args: string[], memoryMb: number, stdio: ('ignore' | 'pipe' | 'ipc')[]): ChildProcess {
  const dataKb = (memoryMb + 256) * 1024;
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  if (process.platform === 'win32') return spawn(process.execPath, args, { stdio, env });
  return spawn('/bin/sh', ['-c', 'ulimit -d "$0" 2>/dev/null; exec "$@"', String(dataKb), process.execPath, ...args], { stdio, env });
}

interface Pending {
  message: JobMessage;
  resolve: (outcome: JobOutcome) => void;
  /** already failed once in a sandbox that had graded something before */
  retried: boolean;
}

class Sandbox {
  readonly child: ChildProcess;
  readonly ready: Promise<ReadyMessage>;
  jobsRun = 0;
  current?: { pending: Pending; timer: NodeJS.Timeout; started: number };
  killedFor?: Violation;
  exited = false;
  private stderrTail = '';

  constructor(
    private readonly options: PoolOptions,
    private readonly onExit: (sandbox: Sandbox, violation: Violation) => void,
    private readonly onResult: (sandbox: Sandbox, result: JobResult) => void,
  ) {
    this.child = spawnLimited(sandboxNodeArgs(bootFile, options.memoryMb), options.memoryMb, ['ignore', 'pipe', 'pipe', 'ipc']);
    // Anything that reaches the real stdout (it should not: graded code's console is captured) is dropped.
    this.child.stdout!.resume();
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.on('message', (message: FromSandbox) => {
        if (message.type === 'ready') resolve(message);
        else if (message.type === 'result') this.onResult(this, message);
      });
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        const violation = this.killedFor ?? this.classifyExit(code, signal);
        reject(new Error(`a sandbox process failed to start: ${violation.message}${this.stderrTail ? `\n${this.stderrTail}` : ''}`));
        this.onExit(this, violation);
      });
      this.child.on('error', (error) => reject(error));
    });
    this.ready.catch(() => undefined);
    this.child.send({ type: 'init', ...options.init } satisfies InitMessage);
  }

  run(pending: Pending): void {
    this.jobsRun++;
    const timer = setTimeout(() => {
      const seconds = this.options.timeoutMs / 1000;
      this.kill({ kind: 'timeout', message: `took longer than ${seconds} s, the time limit per unit (an infinite loop, or very slow code?)` });
    }, this.options.timeoutMs);
    this.current = { pending, timer, started: performance.now() };
    this.child.send(pending.message);
  }

  kill(violation: Violation): void {
    this.killedFor ??= violation;
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private classifyExit(code: number | null, signal: NodeJS.Signals | null): Violation {
    const tail = this.stderrTail;
    if (/heap out of memory|Reached heap limit|Allocation failed|out of memory/i.test(tail)) {
      return { kind: 'memory', message: `ran out of memory: used more than the ${this.options.memoryMb} MB heap limit` };
    }
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    const last = tail.trim().split('\n').filter(Boolean).pop();
    return { kind: 'crash', message: `the grading process ${how} while running this unit${last ? ` (${last.slice(0, 200)})` : ''}` };
  }
}

export class SandboxPool {
  private readonly sandboxes = new Set<Sandbox>();
  private readonly idle: Sandbox[] = [];
  private readonly queue: Pending[] = [];
  private readonly freshQueue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private firstReady?: Promise<ReadyMessage>;
  /** sandboxes started so far (for tests and the summary) */
  started = 0;

  constructor(private readonly options: PoolOptions) {}

  /** The names of every unit's checks and any suite that failed to load (starts one sandbox if needed). */
  async describeSuites(): Promise<ReadyMessage> {
    if (!this.firstReady) {
      const sandbox = this.spawn();
      this.firstReady = sandbox.ready;
      sandbox.ready.then(() => this.release(sandbox), () => undefined);
    }
    return this.firstReady;
  }

  /** Grade one unit; never rejects: failures come back as a violation. */
  run(slug: string, code: string): Promise<JobOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ message: { type: 'job', id: this.nextId++, slug, code }, resolve, retried: false });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const exits = [...this.sandboxes].map((s) => new Promise<void>((resolve) => {
      if (s.exited) return resolve();
      s.child.once('exit', () => resolve());
      s.kill({ kind: 'crash', message: 'the grader was closed' });
    }));
    await Promise.all(exits);
  }

  private spawn(): Sandbox {
    const sandbox = new Sandbox(this.options, (s, v) => this.exited(s, v), (s, r) => this.finished(s, r));
    this.started++;
    this.sandboxes.add(sandbox);
    return sandbox;
  }

  private release(sandbox: Sandbox): void {
    if (sandbox.exited || this.closed) return;
    if (!this.idle.includes(sandbox)) this.idle.push(sandbox);
    this.pump();
  }

  private pump(): void {
    if (this.closed) return;
    // A retry must run in a process that has graded nothing else.
    while (this.freshQueue.length > 0) {
      const pending = this.freshQueue.shift()!;
      const sandbox = this.spawn();
      sandbox.ready.then(() => sandbox.run(pending), () => pending.resolve(this.startFailure(sandbox)));
    }
    while (this.queue.length > 0 && this.idle.length > 0) {
      const sandbox = this.idle.shift()!;
      if (sandbox.exited) continue;
      sandbox.run(this.queue.shift()!);
    }
    const busyOrStarting = this.sandboxes.size;
    let missing = Math.min(this.queue.length, this.options.size - busyOrStarting);
    while (missing-- > 0) {
      const sandbox = this.spawn();
      sandbox.ready.then(() => this.release(sandbox), () => undefined);
    }
  }

  private startFailure(sandbox: Sandbox): JobOutcome {
    return { checks: [], output: '', droppedLines: 0, ms: 0, violation: sandbox.killedFor ?? { kind: 'crash', message: 'a sandbox process failed to start' } };
  }

  private finished(sandbox: Sandbox, result: JobResult): void {
    const current = sandbox.current;
    if (!current || current.pending.message.id !== result.id) return;
    clearTimeout(current.timer);
    sandbox.current = undefined;
    const { type: _type, id: _id, tainted, ...outcome } = result;
    current.pending.resolve(outcome);
    if (tainted || sandbox.jobsRun >= (this.options.recycleAfter ?? 400)) {
      this.retire(sandbox);
      this.pump();
    } else {
      this.release(sandbox);
    }
  }

  private retire(sandbox: Sandbox): void {
    this.sandboxes.delete(sandbox);
    sandbox.kill({ kind: 'crash', message: 'retired' });
  }

  private exited(sandbox: Sandbox, violation: Violation): void {
    this.sandboxes.delete(sandbox);
    const index = this.idle.indexOf(sandbox);
    if (index >= 0) this.idle.splice(index, 1);
    const current = sandbox.current;
    if (current) {
      clearTimeout(current.timer);
      sandbox.current = undefined;
      const { pending } = current;
      if (sandbox.jobsRun > 1 && !pending.retried) {
        // It may be an earlier unit's leftover that failed here: grade this one again, alone.
        this.freshQueue.push({ ...pending, retried: true });
      } else {
        pending.resolve({ checks: [], output: '', droppedLines: 0, ms: performance.now() - current.started, violation });
      }
    }
    this.pump();
  }
}
