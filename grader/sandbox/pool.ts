/**
 * A pool of warm sandbox processes: one per core, each started with Node's permission model
 * (it may read only boot.cjs; no writes, no child processes, no workers, no native addons, no
 * inspector), no code generation from strings, a V8 heap limit, an OS data-segment limit (which also caps array buffers) and a CPU-time limit
 * (so that no process can outlive a killed grader for long). The grader enforces the time limit
 * per unit from outside, by killing the process, because a synchronous infinite loop cannot be
 * interrupted from inside. A process that dies or is killed is replaced; a unit whose process died
 * unexplained after grading other units is retried once in a fresh one.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FromSandbox, InitMessage, JobMessage, JobResult, OracleBusy, OracleEntries, OracleReport, ReadyMessage, Violation } from './protocol';

export const bootFile = fileURLToPath(new URL('./boot.cjs', import.meta.url));

export interface Limits {
  /** wall-clock time per unit, milliseconds */
  timeoutMs: number;
  /** V8 heap limit per sandbox, MB; the data segment (heap + array buffers) may use 256 MB more, beyond what Node itself starts with */
  memoryMb: number;
}

/** The grader's oracle tables as the pool sees them (grader/oracle/store.ts). */
export interface OracleFeed {
  readonly enabled: boolean;
  /** every entry so far, per unit slug: what a new sandbox starts with */
  snapshot(): Record<string, OracleEntries>;
  /** a unit's entries from index `from` on (entries are only ever appended) */
  since(slug: string, from: number): OracleEntries;
  /** what a job reported: its misses are computed again by the grader, outside any sandbox */
  learn(slug: string, report: OracleReport): void;
}

export interface PoolOptions extends Limits {
  size: number;
  init: Omit<InitMessage, 'type' | 'oracle'>;
  /** the oracle tables; none: the sandboxes memoise nothing */
  oracle?: OracleFeed;
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
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const dataKb = startupDataKb(env) + (memoryMb + 256) * 1024;
  if (process.platform === 'win32') return spawn(process.execPath, args, { stdio, env });
  const script = 'ulimit -d "$0" 2>/dev/null; ulimit -t "$1" 2>/dev/null; shift; exec "$@"';
  return spawn('/bin/sh', ['-c', script, String(dataKb), String(cpuSeconds), process.execPath, ...args], { stdio, env });
}

/**
 * The data segment (VmData, what RLIMIT_DATA counts) a fresh Node of this version holds before it
 * runs anything: about 50 MB on Node 20, but about 560 MB on Node 24, whose V8 maps its 512 MB code
 * range at start-up, so under Node 20's limit it cannot even start ("Failed to reserve virtual memory
 * for CodeRange"). The sandbox's limit is counted on top of it. Measured once per grader process;
 * 0 where there is no /proc (the limit is then Node 20's).
 */
export function startupDataKb(env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin' }): number {
  if (measuredStartupDataKb === undefined) {
    const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(/VmData:\\s*(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0')"], { encoding: 'utf8', env });
    measuredStartupDataKb = Number(probe.stdout) || 0;
  }
  return measuredStartupDataKb;
}
let measuredStartupDataKb: number | undefined;

/**
 * How long a starved job may run on the wall clock, in limits (see extraTime). Only a backstop: with
 * eight busy processes on two cores a sandbox was measured getting a quarter of a core, so a job's
 * CPU time reached the limit only after four limits of wall time.
 */
export const STARVED_WALL_FACTOR = 10;

/** The most time a job's oracle credit may add to its limit, in limits (a bound, whatever the sandbox says). */
export const ORACLE_CREDIT_LIMITS = 3;

/** Time a job spent computing values its sandbox's oracle table lacked (see OracleCredit), ms. */
export interface Credit {
  wallMs: number;
  cpuMs: number;
}

/**
 * Whether a job that has reached its time limit on the wall clock gets more time, and how much
 * (ms; 0 = stop it now).
 *
 * The oracle's time is not the learner's: what the job spent computing values the oracle table
 * lacked (`credit`, at most ORACLE_CREDIT_LIMITS limits) is taken off both its wall and its CPU time,
 * because those values are the class's, computed once by whichever learner a sandbox graded first;
 * charging them to that learner would make a verdict depend on the order learners come in (the first
 * perfect unit 05 of a class spends about 3 s of its 10 s computing the table's values).
 *
 * On a machine busy with other work a sandbox may be starved of the CPU, and a perfect answer must
 * not score 0 for that: a job that is still runnable but has used less CPU time than the limit gets
 * the difference, up to STARVED_WALL_FACTOR limits of wall time. A job that is not running (waiting
 * on a promise or a timer that never comes) or has used its CPU time stops at the limit, as does
 * every job where the CPU time cannot be read (no /proc).
 */
export function extraTime({ limitMs, elapsedMs, cpuMs, runnable, credit }: { limitMs: number; elapsedMs: number; cpuMs?: number; runnable: boolean; credit?: Credit }): number {
  const cap = ORACLE_CREDIT_LIMITS * limitMs;
  const wall = elapsedMs - Math.min(cap, credit?.wallMs ?? 0);
  const cpu = cpuMs === undefined ? undefined : cpuMs - Math.min(cap, credit?.cpuMs ?? 0);
  if (cpu !== undefined && cpu >= limitMs) return 0;
  if (wall < limitMs) return Math.max(50, limitMs - wall);
  if (cpu === undefined || !runnable) return 0;
  const wallLeft = STARVED_WALL_FACTOR * limitMs - wall;
  if (wallLeft <= 0) return 0;
  return Math.min(wallLeft, Math.max(50, limitMs - cpu));
}

/**
 * The pool's account of a job's oracle credit, from the sandbox's oracle-busy messages: the misses it
 * finished (timed by the sandbox) and the one under way, if any, timed from here since its start.
 */
export class OracleCredit {
  private done: Credit = { wallMs: 0, cpuMs: 0 };
  private since?: { wall: number; cpu?: number };

  enter(wall: number, cpu: number | undefined): void {
    this.since = { wall, cpu };
  }

  leave(finished: Credit): void {
    this.done = { wallMs: this.done.wallMs + finished.wallMs, cpuMs: this.done.cpuMs + finished.cpuMs };
    this.since = undefined;
  }

  /** The credit at this moment (`wall`: now; `cpu`: the sandbox's CPU time now, if known). */
  at(wall: number, cpu: number | undefined): Credit {
    const since = this.since;
    if (!since) return this.done;
    return {
      wallMs: this.done.wallMs + Math.max(0, wall - since.wall),
      cpuMs: this.done.cpuMs + (cpu !== undefined && since.cpu !== undefined ? Math.max(0, cpu - since.cpu) : 0),
    };
  }
}

/** CLK_TCK: the unit of /proc's CPU times (100 on every Linux we know of). */
const TICKS_PER_SECOND = 100;

/** The fields of a /proc stat line after "pid (comm) ": state is the first, utime the 12th and stime the 13th. */
function statFields(path: string): string[] {
  const stat = readFileSync(path, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * Whether any thread of the process is running or waiting for a CPU. The main thread may sleep
 * while V8's own threads (the garbage collector, the compiler) do the job's work, so the main
 * thread's state alone would call a busy job idle.
 */
function anyThreadRunnable(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).some((tid) => {
      try {
        return statFields(`/proc/${pid}/task/${tid}/stat`)[0] === 'R';
      } catch {
        return false; // the thread ended meanwhile
      }
    });
  } catch {
    return false;
  }
}

/**
 * A process's CPU time (user + system of all its threads, ms), its main thread's scheduler state
 * ('R' running, 'S' sleeping…) and whether any of its threads is runnable, from /proc; undefined elsewhere.
 */
export function processCpu(pid: number | undefined): { cpuMs: number; state: string; runnable: boolean } | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = statFields(`/proc/${pid}/stat`);
    const cpuMs = cpuOf(fields);
    if (cpuMs === undefined) return undefined;
    return { cpuMs, state: fields[0]!, runnable: fields[0] === 'R' || anyThreadRunnable(pid) };
  } catch {
    return undefined;
  }
}

/** A process's CPU time alone (ms; see processCpu), without the look at its threads. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return cpuOf(statFields(`/proc/${pid}/stat`));
  } catch {
    return undefined;
  }
}

function cpuOf(fields: string[]): number | undefined {
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
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

/**
 * Every sandbox process alive. A grader that exits at once (a second Ctrl-C, process.exit) kills them
 * as it goes: one running a learner's endless loop would never notice its channel close.
 */
const liveChildren = new Set<ChildProcess>();
let killOnExit = false;
function track(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  if (killOnExit) return;
  killOnExit = true;
  process.once('exit', () => {
    for (const c of liveChildren) c.kill('SIGKILL');
  });
}

class Sandbox {
  readonly child: ChildProcess;
  readonly ready: Promise<ReadyMessage>;
  jobsRun = 0;
  /** wall time spent in jobs: an upper bound on its CPU use, to retire it before its CPU limit */
  busyMs = 0;
  current?: { pending: Pending; timer: NodeJS.Timeout; started: number; credit: OracleCredit };
  killedFor?: Violation;
  exited = false;
  private stderrTail = '';
  /** per unit, how many of the grader's oracle entries this sandbox has */
  private readonly oracleSent = new Map<string, number>();

  constructor(
    private readonly options: PoolOptions,
    private readonly onExit: (sandbox: Sandbox, violation: Violation) => void,
    private readonly onResult: (sandbox: Sandbox, result: JobResult) => void,
  ) {
    this.child = spawnLimited(sandboxNodeArgs(bootFile, options.memoryMb), options.memoryMb, ['ignore', 'pipe', 'pipe', 'ipc']);
    track(this.child);
    // Anything that reaches the real stdout (it should not: graded code's console is captured) is dropped.
    this.child.stdout!.resume();
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.on('message', (message: FromSandbox) => {
        if (message.type === 'ready') resolve(message);
        else if (message.type === 'result') this.onResult(this, message);
        else if (message.type === 'oracle-busy') this.oracleBusy(message);
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
    const feed = options.oracle;
    const tables = feed?.snapshot() ?? {};
    for (const [slug, entries] of Object.entries(tables)) this.oracleSent.set(slug, entries.length);
    this.child.send({ type: 'init', ...options.init, oracle: { enabled: feed?.enabled ?? false, tables } } satisfies InitMessage);
  }

  run(pending: Pending): void {
    this.jobsRun++;
    const started = performance.now();
    const cpuAtStart = processCpu(this.child.pid)?.cpuMs;
    const limit = this.options.timeoutMs;
    const credit = new OracleCredit();
    const decide = (): void => {
      if (this.current?.pending !== pending) return; // finished meanwhile
      const now = processCpu(this.child.pid);
      const wallNow = performance.now();
      const wait = extraTime({
        limitMs: limit,
        elapsedMs: wallNow - started,
        cpuMs: now && cpuAtStart !== undefined ? now.cpuMs - cpuAtStart : undefined,
        runnable: now?.runnable ?? false,
        credit: credit.at(wallNow, now?.cpuMs),
      });
      if (wait > 0) {
        this.current.timer = setTimeout(check, wait);
        return;
      }
      this.kill({ kind: 'timeout', message: `took longer than ${limit / 1000} s, the time limit per unit (an infinite loop, or very slow code?)` });
    };
    // Decide after the event loop's next poll: the sandbox's latest oracle-busy messages may be
    // waiting in the channel behind work this process did (computing the table's values).
    const check = (): void => void setImmediate(decide);
    this.current = { pending, timer: setTimeout(check, limit), started, credit };
    const { slug } = pending.message;
    const from = this.oracleSent.get(slug) ?? 0;
    const delta = this.options.oracle?.since(slug, from) ?? [];
    this.oracleSent.set(slug, from + delta.length);
    this.child.send(delta.length > 0 ? { ...pending.message, oracle: delta } : pending.message);
  }

  private oracleBusy(message: OracleBusy): void {
    const current = this.current;
    if (!current || current.pending.message.id !== message.id) return;
    // What the sandbox says is bounded by extraTime's cap: a sandbox that lies gains at most that.
    const ms = (value: unknown): number => Math.max(0, Number(value) || 0);
    if (message.busy) current.credit.enter(performance.now(), processCpuMs(this.child.pid));
    else current.credit.leave({ wallMs: ms(message.wallMs), cpuMs: ms(message.cpuMs) });
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

/** What a job asked of a closed pool, or still waiting for a sandbox when it closed, comes back as. */
const closedOutcome = (): JobOutcome => ({ checks: [], output: '', droppedLines: 0, ms: 0, violation: { kind: 'crash', message: 'the grader was closed' } });

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
    if (this.closed) return Promise.resolve(closedOutcome());
    return new Promise((resolve) => {
      this.queue.push({ message: { type: 'job', id: this.nextId++, slug, code }, resolve, retried: false });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    // Jobs that never reached a sandbox end too, or whoever awaits them would wait forever.
    for (const pending of [...this.queue.splice(0), ...this.freshQueue.splice(0)]) pending.resolve(closedOutcome());
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
    const feed = this.options.oracle;
    const report = result.oracle;
    // After the learner's result is on its way: the grader computes the misses once, for everyone.
    if (feed && report && report.misses.length > 0) setImmediate(() => feed.learn(current.pending.message.slug, report));
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
      if (violation.kind === 'crash' && sandbox.jobsRun > 1 && !pending.retried && !this.closed) {
        // An unexplained death in a process that graded other units before: grade this one again, alone.
        this.freshQueue.push({ ...pending, retried: true });
      } else {
        pending.resolve({ checks: [], output: '', droppedLines: 0, ms: performance.now() - current.started, violation });
      }
    }
    this.pump();
  }
}
