/**
 * A pool of warm sandbox processes: one per core, each started with Node's permission model
 * (it may read only boot.cjs; no writes, no child processes, no workers, no native addons, no
 * inspector), no code generation from strings, a V8 heap limit, an OS data-segment limit (which also caps array buffers) and a CPU-time limit
 * (so that no process can outlive a killed grader for long). The grader enforces the time limit
 * per unit from outside, by killing the process, because a synchronous infinite loop cannot be
 * interrupted from inside. A process that dies or is killed is replaced; a unit whose process died
 * unexplained after grading other units is retried once in a fresh one.
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
    permissionFlag(),
    `--allow-fs-read=${entry}`,
    `--max-old-space-size=${memoryMb}`,
    '--disallow-code-generation-from-strings',
    // Lets the harness answer a learner's dynamic import() with an error of the learner's own realm.
    '--experimental-vm-modules',
    '--no-warnings',
    entry,
  ];
}

/**
 * Start `node <args>` under a data-segment limit (RLIMIT_DATA counts array buffers, which the V8 heap
 * limit does not) and a CPU-time limit. Through `sh -c 'ulimit …'` because Node cannot set rlimits
 * itself; where the shell or a limit is unavailable the heap limit and the per-unit timer still apply.
 * The environment is empty: NODE_OPTIONS from the teacher's shell must not loosen the flags.
 */
export function spawnLimited(args: string[], memoryMb: number, stdio: ('ignore' | 'pipe' | 'ipc')[], cpuSeconds = CPU_SECONDS): ChildProcess {
  const dataKb = (memoryMb + 256) * 1024;
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  if (process.platform === 'win32') return spawn(process.execPath, args, { stdio, env });
  const script = 'ulimit -d "$0" 2>/dev/null; ulimit -t "$1" 2>/dev/null; shift; exec "$@"';
  return spawn('/bin/sh', ['-c', script, String(dataKb), String(cpuSeconds), process.execPath, ...args], { stdio, env });
}

/** CPU seconds a sandbox may use in its life; the pool retires it well before (see RETIRE_CPU_MS). */
export const CPU_SECONDS = 600;
const RETIRE_CPU_MS = 200_000;

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
  /** wall time spent in jobs: an upper bound on its CPU use, to retire it before its CPU limit */
  busyMs = 0;
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
    sandbox.busyMs += performance.now() - current.started;
    const { type: _type, id: _id, tainted, ...outcome } = result;
    current.pending.resolve(outcome);
    if (tainted || sandbox.jobsRun >= (this.options.recycleAfter ?? 400) || sandbox.busyMs > RETIRE_CPU_MS) {
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
      if (violation.kind === 'crash' && sandbox.jobsRun > 1 && !pending.retried) {
        // An unexplained death in a process that graded other units before: grade this one again, alone.
        this.freshQueue.push({ ...pending, retried: true });
      } else {
        pending.resolve({ checks: [], output: '', droppedLines: 0, ms: performance.now() - current.started, violation });
      }
    }
    this.pump();
  }
}
