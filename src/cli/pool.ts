/**
 * The pool `course watch` runs its tests in (see runner.ts). Proposed and measured by
 * bench/learner.ts: a warm re-run drops from ~190 ms to ~70 ms.
 *
 * With vitest 4 every run starts a fresh worker thread (a non-isolated worker is only reused
 * when more files are already queued), and a fresh thread spends most of a one-unit re-run
 * loading vitest's runtime. This pool is vitest's `threads` pool with one change: as soon as a
 * run's thread stops, the thread for the *next* run is started, so it has loaded the runtime
 * by the time the learner saves. Each run still gets a fresh thread, as with `threads`.
 * Built only on vitest's public custom-pool interface (PoolRunnerInitializer / PoolWorker).
 */
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PoolOptions, PoolRunnerInitializer, PoolWorker, WorkerRequest } from 'vitest/node';

/** The one thread started ahead of time, and the (entrypoint, env, execArgv) it was started with. */
interface Spare {
  key: string;
  thread: Worker;
}

export function prewarmedThreads(): PoolRunnerInitializer {
  const slot: { spare?: Spare } = {};
  const name = 'prewarmed-threads';
  return { name, createPoolWorker: (options) => new PrewarmedThreadsWorker(name, options, slot) };
}

class PrewarmedThreadsWorker implements PoolWorker {
  private thread: Worker | undefined;
  private readonly entrypoint: string;
  private readonly key: string;

  constructor(
    readonly name: string,
    private readonly options: PoolOptions,
    private readonly slot: { spare?: Spare },
  ) {
    this.entrypoint = resolve(options.distPath, 'workers/threads.js'); // the same entry vitest's threads pool uses
    this.key = JSON.stringify([this.entrypoint, options.env, options.execArgv]);
  }

  private spawn(): Worker {
    const thread = new Worker(this.entrypoint, { env: this.options.env, execArgv: this.options.execArgv, stdout: true, stderr: true });
    thread.unref(); // a spare nobody adopts must not keep the process alive
    return thread;
  }

  async start(): Promise<void> {
    const spare = this.slot.spare;
    this.slot.spare = undefined;
    if (spare && spare.key !== this.key) void spare.thread.terminate(); // started for other settings
    this.thread = spare?.key === this.key ? spare.thread : this.spawn();
    this.thread.ref();
    const { outputStream, errorStream } = this.options.project.vitest.logger;
    this.thread.stdout.pipe(outputStream);
    this.thread.stderr.pipe(errorStream);
  }

  async stop(): Promise<void> {
    const thread = this.thread!;
    this.thread = undefined;
    await thread.terminate();
    // As vitest's own threads pool does: a long watch session must not pile up pipes on the logger.
    const { outputStream, errorStream } = this.options.project.vitest.logger;
    thread.stdout.unpipe(outputStream);
    thread.stderr.unpipe(errorStream);
    if (this.slot.spare) return; // another worker of this pool already started one
    const spare: Spare = { key: this.key, thread: this.spawn() };
    spare.thread.once('exit', () => this.slot.spare === spare && (this.slot.spare = undefined)); // died while waiting
    this.slot.spare = spare;
  }

  on(event: string, callback: (arg: any) => void): void {
    this.thread!.on(event, callback);
  }

  off(event: string, callback: (arg: any) => void): void {
    this.thread!.off(event, callback);
  }

  send(message: WorkerRequest): void {
    this.thread!.postMessage(message);
  }

  deserialize(data: unknown): unknown {
    return data;
  }
}
