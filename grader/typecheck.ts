/**
 * Type checking submissions, off the main thread (so the grader keeps dispatching units and timing
 * them while TypeScript works). Submissions are checked in batches, one program per batch; a batch
 * that takes too long is split, and a submission that alone takes too long is left unchecked with a
 * note rather than holding up the class. No learner code runs here.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { repoRoot } from '../src/course/paths';
import { libDir, type UnitBuild } from './build';
import { readCheckedStrings, sha256, writeChecked } from './cache';

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
    for (const r of this.queue) r.resolve({ gaveUp: 'the grader stopped before types were checked' });
    this.queue = [];
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./typecheck-thread.mjs', import.meta.url), { workerData: { repoRoot, libDir } });
    worker.unref();
    worker.on('message', (message: { id: number; diagnostics?: Diagnostic[]; error?: string; ms: number }) => this.answered(message));
    worker.on('error', (error) => this.failed(`the type checker failed: ${error.message}`));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      if (this.inFlight) this.failed('the type checker stopped');
    });
    this.worker = worker;
    return worker;
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
function describeDiagnostic(d: Diagnostic): string {
  return `${d.line}:${d.column} - error TS${d.code}: ${d.text}`;
}

/**
 * Type errors per unit of a submission. A unit whose code imports only the course's helpers and
 * mathjs has type errors that depend on its own file alone: those are remembered by content hash
 * (in memory, and on disk when there is a cache), so an untouched stub or a resubmitted unit is never
 * checked twice. Units that import each other are checked together, every time.
 */
export class UnitTypeErrors {
  private readonly memo = new Map<string, Promise<string[] | undefined>>();

  constructor(
    private readonly checker: () => TypeChecker,
    private readonly environment: string,
    private readonly cacheDir?: string,
  ) {}

  private diskPath(key: string): string | undefined {
    return this.cacheDir ? join(this.cacheDir, 'types', key.slice(0, 2), `${key}.json`) : undefined;
  }

  /** `root` holds the submission's exercises/; builds are by unit slug. */
  async check(root: string, builds: Map<string, UnitBuild>): Promise<{ errors: Map<string, string[]>; note?: string }> {
    const errors = new Map<string, string[]>();
    const add = (slug: string, lines: string[]) => {
      if (lines.length > 0) errors.set(slug, [...(errors.get(slug) ?? []), ...lines]);
    };
    const waits: Promise<void>[] = [];
    const roots: string[] = [];
    const mine = new Map<string, { slug: string; file: string; resolve: (lines: string[] | undefined) => void }>();
    const shared: string[] = [];
    for (const [slug, build] of builds) {
      if (!build.ok) continue;
      const own = build.inputs.map((p) => p.split(sep).join('/'));
      const file = join(root, ...own[0]!.split('/'));
      const rel = own[0]!.replace(/^exercises\//, '');
      if (own.length !== 1 || !own[0]!.startsWith(`exercises/${slug}/`)) {
        shared.push(slug);
        roots.push(file);
        continue;
      }
      const key = sha256('types', this.environment, readFileSync(file));
      const known = this.memo.get(key);
      if (known) {
        waits.push(known.then((lines) => add(slug, (lines ?? []).map((l) => `${rel}:${l}`))));
        continue;
      }
      const disk = this.diskPath(key);
      if (disk) {
        const lines = readCheckedStrings(disk, key);
        if (lines) {
          this.memo.set(key, Promise.resolve(lines));
          add(slug, lines.map((l) => `${rel}:${l}`));
          continue;
        } // else not checked before, or damaged
      }
      let resolve!: (lines: string[] | undefined) => void;
      this.memo.set(key, new Promise((r) => (resolve = r)));
      mine.set(key, { slug, file, resolve });
      roots.push(file);
    }
    let note: string | undefined;
    if (roots.length > 0) {
      const report = await this.checker().check(roots, root.endsWith(sep) ? root : root + sep);
      if ('gaveUp' in report) {
        note = report.gaveUp;
        for (const [key, entry] of mine) {
          this.memo.delete(key);
          entry.resolve(undefined);
        }
      } else {
        const exercises = join(root, 'exercises') + sep;
        for (const [key, entry] of mine) {
          const lines = report.diagnostics.filter((d) => d.file.split('/').join(sep) === entry.file).map(describeDiagnostic);
          entry.resolve(lines);
          add(entry.slug, lines.map((l) => `${relative(exercises, entry.file).split(sep).join('/')}:${l}`));
          const disk = this.diskPath(key);
          if (disk) writeChecked(disk, key, lines); // (it makes the folder)
        }
        // Units that import other files: each diagnostic counts against the unit it is in, or
        // (for a shared file outside the unit folders) against each unit that imports it.
        for (const d of report.diagnostics) {
          const file = d.file.split('/').join(sep);
          if ([...mine.values()].some((m) => m.file === file) || !file.startsWith(exercises)) continue;
          const rel = relative(exercises, file).split(sep).join('/');
          const unitDir = rel.split('/')[0]!;
          const line = `${rel}:${describeDiagnostic(d)}`;
          if (shared.includes(unitDir) && rel.includes('/')) add(unitDir, [line]);
          // A file in another unit's folder (unit 12 importing ../04-backprop-mlp/index) counts against that unit alone.
          else if (!/^\d\d-[a-z0-9-]+$/.test(unitDir) || !rel.includes('/')) for (const slug of shared) if (builds.get(slug)!.ok && (builds.get(slug) as { inputs: string[] }).inputs.some((i) => i.split(sep).join('/') === `exercises/${rel}`)) add(slug, [line]);
        }
      }
    }
    await Promise.all(waits);
    return { errors, ...(note ? { note } : {}) };
  }
}
