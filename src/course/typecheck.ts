/**
 * Type checking, off the main thread (so the grader keeps dispatching units and timing them while
 * TypeScript works, and course watch keeps its screen alive). Used by the grader (through
 * grader/typecheck.ts) and by the learner's tools, so both count the same errors. Submissions are
 * checked in batches, one program per batch; a batch that takes too long is split, and a submission
 * that alone takes too long is left unchecked with a note rather than holding up the class.
 */
import { Worker } from 'node:worker_threads';
import { libDir } from './bundle';
import { repoRoot } from './paths';

export interface Diagnostic {
  /** absolute path */
  file: string;
  line: number;
  column: number;
  code: number;
  text: string;
}

export type TypeReport = { diagnostics: Diagnostic[] } | { gaveUp: string };

interface Request {
  roots: string[];
  base: string;
  resolve: (report: TypeReport) => void;
  alone: boolean;
}

export interface TypeCheckerOptions {
  /** submissions per program */
  batchSize?: number;
  /** a batch's time limit is this plus perSubmissionMs per submission (the first also pays TypeScript's start) */
  baseTimeoutMs?: number;
  perSubmissionMs?: number;
  /** the course whose tsconfig.json, node_modules and lib/ are used (default: this one) */
  root?: string;
  lib?: string;
}

export class TypeChecker {
  private worker?: Worker;
  private queue: Request[] = [];
  private inFlight?: { id: number; batch: Request[]; timer: NodeJS.Timeout };
  private nextId = 1;
  private closed = false;
  /** milliseconds spent in TypeScript, for the summary */
  busyMs = 0;

  constructor(private readonly options: TypeCheckerOptions = {}) {}

  /** Whether TypeScript is already started (the first check pays a second or two to start it). */
  get warmed(): boolean {
    return this.worker !== undefined;
  }

  /** Check the given root files (absolute), all under `base`. */
  check(roots: string[], base: string): Promise<TypeReport> {
    if (roots.length === 0) return Promise.resolve({ diagnostics: [] });
    return new Promise((resolve) => {
      this.queue.push({ roots, base, resolve, alone: false });
      this.pump();
    });
  }

  /** Start TypeScript now, so its start-up overlaps other work. */
  warm(): void {
    this.ensureWorker();
  }

  async close(): Promise<void> {
    this.closed = true;
    const reason = 'the grader stopped before types were checked';
    for (const r of this.queue) r.resolve({ gaveUp: reason });
    this.queue = [];
    // The batch in flight too: the worker's exit may come after it is forgotten, and retire() would ignore it.
    this.failed(reason);
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const { root = repoRoot, lib = libDir } = this.options;
    const worker = new Worker(new URL('./typecheck-thread.mjs', import.meta.url), { workerData: { repoRoot: root, libDir: lib } });
    worker.unref();
    worker.on('message', (message: { id: number; diagnostics?: Diagnostic[]; error?: string; ms: number }) => this.answered(message));
    worker.on('error', (error) => this.retire(worker, `the type checker failed: ${error.message}`));
    worker.on('exit', () => this.retire(worker, 'the type checker stopped'));
    this.worker = worker;
    return worker;
  }

  /**
   * A worker that failed or exited: if it is the current one, forget it (the next batch starts a new
   * one) and fail the batch in flight. A worker stopped for taking too long is no longer the current
   * one when its exit arrives, and the batch then in flight is its replacement's.
   */
  private retire(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (this.inFlight) this.failed(reason);
  }

  private pump(): void {
    if (this.closed || this.inFlight || this.queue.length === 0) return;
    const size = this.queue[0]!.alone ? 1 : (this.options.batchSize ?? 16);
    const batch: Request[] = [];
    while (batch.length < size && this.queue.length > 0 && !(batch.length > 0 && this.queue[0]!.alone)) batch.push(this.queue.shift()!);
    const worker = this.ensureWorker();
    worker.ref();
    const id = this.nextId++;
    const limit = (this.options.baseTimeoutMs ?? 60_000) + batch.length * (this.options.perSubmissionMs ?? 5_000);
    const timer = setTimeout(() => this.timedOut(), limit);
    this.inFlight = { id, batch, timer };
    // One program for the batch: every submission lives in its own folder under the same base.
    worker.postMessage({ id, roots: batch.flatMap((r) => r.roots), base: commonBase(batch.map((r) => r.base)) });
  }

  private answered(message: { id: number; diagnostics?: Diagnostic[]; error?: string; ms: number }): void {
    const flight = this.inFlight;
    if (!flight || flight.id !== message.id) return;
    clearTimeout(flight.timer);
    this.inFlight = undefined;
    this.worker?.unref();
    this.busyMs += message.ms;
    for (const request of flight.batch) {
      if (message.error) request.resolve({ gaveUp: `types were not checked: ${message.error.split('\n')[0]}` });
      else request.resolve({ diagnostics: message.diagnostics!.filter((d) => d.file.startsWith(request.base)) });
    }
    this.pump();
  }

  private timedOut(): void {
    const flight = this.inFlight;
    if (!flight) return;
    this.inFlight = undefined;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    if (flight.batch.length > 1) {
      // Somebody's types are pathological: check each submission of the batch on its own.
      this.queue.unshift(...flight.batch.map((r) => ({ ...r, alone: true })));
    } else {
      flight.batch[0]!.resolve({ gaveUp: 'type checking took too long and was skipped for this submission' });
    }
    this.pump();
  }

  private failed(reason: string): void {
    const flight = this.inFlight;
    if (!flight) return;
    clearTimeout(flight.timer);
    this.inFlight = undefined;
    for (const request of flight.batch) request.resolve({ gaveUp: reason });
    this.pump();
  }
}

function commonBase(paths: string[]): string {
  let base = paths[0]!;
  for (const p of paths) while (!p.startsWith(base)) base = base.slice(0, base.lastIndexOf('/', base.length - 2) + 1);
  return base;
}

/** A diagnostic as shown to the learner, without the file: `12:9 - error TS2322: …`. */
export function describeDiagnostic(d: Diagnostic): string {
  return `${d.line}:${d.column} - error TS${d.code}: ${d.text}`;
}
