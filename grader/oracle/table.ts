/**
 * One unit's oracle table as a process holds it (a sandbox's grader realm, or the grader process):
 * key → stored value. `memo` is what the suite's memoised functions call. A sandbox answers a miss
 * by computing the value itself (its grader realm is one graded code never reaches), uses it for the
 * rest of its life, and reports the call (its id and arguments) so that the grader process computes
 * it once more, in a process that never runs graded code, for the cache and for the other sandboxes.
 */
import { callKey, computeEntry, decodeEntry, entrySize, MAX_TABLE_BYTES, NOT_STORED, readEntry, toBase64, type Entry, type OracleApi, type OracleDeps, wrapModule } from './memo';

export interface OracleStats {
  /** calls answered from the table */
  hits: number;
  /** calls computed here (a miss, or a call that cannot be stored) */
  computed: number;
  /** time spent computing those, ms */
  computeMs: number;
}

/**
 * Told when the table starts and ends computing a value it lacked (the outermost such call only):
 * a sandbox tells the grader, which does not count that time against the learner (see pool.ts).
 */
export interface MissObserver {
  enter(): void;
  leave(): void;
}

export class OracleTable {
  private readonly entries = new Map<string, Entry | typeof NOT_STORED>();
  private bytes = 0;
  /** misses since the last drain: [function id, serialised arguments (base64)] */
  private misses: [string, string][] = [];
  /** nesting of memoised calls (an oracle helper calling an engine export): only the outermost is timed */
  private depth = 0;
  /** inside a miss the observer was told of (a miss nested in it is part of it) */
  private inMiss = false;
  readonly stats: OracleStats = { hits: 0, computed: 0, computeMs: 0 };

  constructor(
    private readonly deps: OracleDeps,
    /** false: every call computes (`--no-oracle`) */
    readonly enabled: boolean,
    /** record misses for the grader process (a sandbox) or not (the grader process itself) */
    private readonly reportMisses: boolean,
    private readonly observer?: MissObserver,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Add an entry computed elsewhere (the grader process's, or the cache's): encoded as encodeEntry does. */
  addEncoded(key: string, encoded: string): void {
    if (!this.entries.has(key)) this.add(key, decodeEntry(encoded, this.deps));
  }

  add(key: string, entry: Entry): void {
    if (this.entries.has(key) || this.bytes > MAX_TABLE_BYTES) return;
    this.entries.set(key, entry);
    this.bytes += entrySize(entry);
  }

  /** The calls that missed since the last drain (a sandbox sends them with its result). */
  drainMisses(): [string, string][] {
    const out = this.misses;
    this.misses = [];
    return out;
  }

  /** `fn`, memoised under `id`. */
  memo(id: string, fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
    if (!this.enabled) return fn;
    const table = this;
    return function oracle(...args: unknown[]): unknown {
      const call = callKey(id, args, table.deps);
      if (!call) return table.timed(() => fn(...args));
      const found = table.entries.get(call.key);
      if (found === NOT_STORED) return table.timed(() => fn(...args));
      if (found) {
        table.stats.hits++;
        return readEntry(found, table.deps);
      }
      const { value, entry } = table.missed(() => table.timed(() => computeEntry(fn, args, call, table.deps)));
      if (entry === NOT_STORED) table.entries.set(call.key, NOT_STORED);
      else {
        table.add(call.key, entry);
        // For the grader process: the arguments (computeEntry checked the call left them as they were).
        if (table.reportMisses && table.bytes <= MAX_TABLE_BYTES) table.misses.push([id, toBase64(table.deps.serialize(args))]);
      }
      return value;
    };
  }

  /** The `grader/checks/support/oracle` module as the suite sees it. */
  api(): OracleApi {
    return {
      oracleFunction: (id, fn) => this.memo(`fn.${id}`, fn as unknown as (...args: unknown[]) => unknown) as never,
      oracleModule: (id, module) => wrapModule(id, module, (fid, fn) => this.memo(fid, fn)),
    };
  }

  private missed<T>(compute: () => T): T {
    if (!this.observer || this.inMiss) return compute();
    this.inMiss = true;
    this.observer.enter();
    try {
      return compute();
    } finally {
      this.inMiss = false;
      this.observer.leave();
    }
  }

  private timed<T>(compute: () => T): T {
    if (this.depth > 0) return compute();
    const started = performance.now();
    this.depth++;
    try {
      return compute();
    } finally {
      this.depth--;
      this.stats.computed++;
      this.stats.computeMs += performance.now() - started;
    }
  }
}
