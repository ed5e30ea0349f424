/**
 * The grader's oracle tables, one per unit, kept in `<cache>/oracle/<slug>.json` under a hash of the
 * unit's bundled suite (which inlines the checks, the engine, the catalogue and the helpers), the
 * mathjs bundle, the harness (which holds the memo code), the Node version and ORACLE_FORMAT: a
 * change to any of them starts the unit's table afresh.
 *
 * Every value in these tables is computed HERE, in the grader process, which never runs graded
 * code: a sandbox only reports which calls it missed (a function id and its arguments), and the
 * grader runs the same suite bundle, in its own realm, on those arguments. So even code that broke
 * out of its sandbox's realm could at most ask for values of the reference functions on inputs of
 * its choosing, never choose a value; the key is computed here from the arguments themselves.
 */
import crypto from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { readChecked, sha256, writeChecked } from '../cache';
import type { OracleFeed } from '../sandbox/pool';
import type { OracleEntries, OracleReport } from '../sandbox/protocol';
import { callKey, computeEntry, encodeEntry, fromBase64, isPlain, MAX_TABLE_BYTES, nodeOracleDeps, NOT_STORED, ORACLE_FORMAT, type OracleApi, type OracleDeps, wrapModule } from './memo';

export const parentDeps: OracleDeps = nodeOracleDeps(v8, crypto);

/** How long the grader computes reported misses before letting its event loop turn (ms). */
const LEARN_SLICE_MS = 20;

type Fn = (...args: unknown[]) => unknown;

interface UnitTable {
  id: string;
  entries: OracleEntries;
  keys: Set<string>;
  bytes: number;
  loaded: number;
  registry?: Map<string, Fn>;
}

export interface StoreOptions {
  /** where tables are kept; none: this run's table only */
  dir?: string;
  /** false: nothing is memoised (`--no-oracle`) */
  enabled: boolean;
  suites: Record<string, string>;
  mathjs: string;
  harness: string;
}

/** The table file's name and the hash its content is checked against. */
export function oracleTableId(suiteCode: string, mathjs: string, harness: string): string {
  return sha256('oracle', String(ORACLE_FORMAT), suiteCode, mathjs, harness, process.version, process.arch);
}

export class OracleStore implements OracleFeed {
  readonly enabled: boolean;
  private readonly units = new Map<string, UnitTable>();
  private graderMath?: unknown;
  /** calls the grader computed for the table, and the time that took (ms) */
  computed = 0;
  computeMs = 0;
  /** reported misses the grader could not store (not plain data, a function it does not know, a throw) */
  refused = 0;
  /** tables found damaged (and started afresh) */
  damaged = 0;

  constructor(private readonly options: StoreOptions) {
    this.enabled = options.enabled;
    for (const [slug, code] of Object.entries(options.suites)) {
      const table: UnitTable = { id: oracleTableId(code, options.mathjs, options.harness), entries: [], keys: new Set(), bytes: 0, loaded: 0 };
      this.units.set(slug, table);
      if (options.dir && options.enabled) this.load(slug, table);
    }
  }

  private file(slug: string, id = this.units.get(slug)!.id): string {
    return join(this.options.dir!, 'oracle', `${slug}-${id.slice(0, 24)}.json`);
  }

  private load(slug: string, table: UnitTable): void {
    // A table made for another suite, engine or catalogue has another name: it is simply not found.
    const read = readChecked(this.file(slug, table.id), table.id);
    if (read === 'absent') return;
    const value = typeof read === 'object' ? read.value : undefined;
    const valid = Array.isArray(value) && value.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string');
    if (!valid) {
      this.damaged++; // cut short, edited, copied from another key: start afresh (and overwrite it)
      return;
    }
    for (const [key, encoded] of value as OracleEntries) this.add(table, key, encoded);
    table.loaded = table.entries.length;
  }

  private add(table: UnitTable, key: string, encoded: string): void {
    if (table.keys.has(key) || table.bytes > MAX_TABLE_BYTES) return;
    table.keys.add(key);
    table.entries.push([key, encoded]);
    table.bytes += key.length + encoded.length;
  }

  snapshot(): Record<string, OracleEntries> {
    if (!this.enabled) return {};
    const out: Record<string, OracleEntries> = {};
    for (const [slug, table] of this.units) out[slug] = table.entries;
    return out;
  }

  since(slug: string, from: number): OracleEntries {
    const table = this.units.get(slug);
    return this.enabled && table && from < table.entries.length ? table.entries.slice(from) : [];
  }

  size(slug: string): number {
    return this.units.get(slug)?.entries.length ?? 0;
  }

  /**
   * Compute, here, the calls a sandbox missed; the sandbox's own values are never taken. The work is
   * done in slices of LEARN_SLICE_MS with the event loop turning between them: a cold unit 05 reports
   * about 2 s of misses, and the grader must meanwhile hand the other sandboxes their next jobs,
   * read their results and answer a Ctrl-C. `settled()` tells when all of it is done.
   */
  learn(slug: string, report: OracleReport): void {
    const table = this.units.get(slug);
    if (!this.enabled || !table || !Array.isArray(report.misses)) return;
    for (const miss of report.misses) {
      if (!Array.isArray(miss) || typeof miss[0] !== 'string' || typeof miss[1] !== 'string') continue;
      this.backlog.push({ slug, table, id: miss[0], argsText: miss[1] });
    }
    this.drain();
  }

  /** Resolves once every miss reported so far is computed (or refused). */
  settled(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  /** Drop the misses not yet computed (a stopped run: it saves what it has and ends now). */
  abandon(): void {
    this.backlog.length = 0;
  }

  private readonly backlog: { slug: string; table: UnitTable; id: string; argsText: string }[] = [];
  private draining?: Promise<void>;

  private drain(): void {
    if (this.draining || this.backlog.length === 0) return;
    this.draining = new Promise((resolve) => {
      const slice = (): void => {
        const until = performance.now() + LEARN_SLICE_MS;
        while (this.backlog.length > 0 && performance.now() < until) {
          const next = this.backlog.shift()!;
          this.compute(next.slug, next.table, next.id, next.argsText);
        }
        if (this.backlog.length > 0) return void setImmediate(slice);
        this.draining = undefined;
        resolve();
      };
      setImmediate(slice);
    });
  }

  private compute(slug: string, table: UnitTable, id: string, argsText: string): void {
    const started = performance.now();
    try {
      const args = parentDeps.deserialize(fromBase64(argsText));
      if (!Array.isArray(args) || !isPlain(args)) return void this.refused++;
      const call = callKey(id, args, parentDeps);
      if (!call || table.keys.has(call.key)) return;
      const fn = this.registry(slug, table).get(id);
      if (!fn) return void this.refused++;
      const { entry } = computeEntry(fn, args, call, parentDeps);
      if (entry === NOT_STORED) return void this.refused++;
      this.add(table, call.key, encodeEntry(entry, parentDeps));
      this.computed++;
    } catch {
      this.refused++; // bytes that are not a serialisation, or a reference function that throws on them
    } finally {
      this.computeMs += performance.now() - started;
    }
  }

  /**
   * The suite's memoised functions by id, from the same bundle the sandboxes run, evaluated in this
   * process with the same mathjs bundle: an `@grader/oracle` that records each function instead of memoising it.
   */
  private registry(slug: string, table: UnitTable): Map<string, Fn> {
    if (table.registry) return table.registry;
    const registry = new Map<string, Fn>();
    const api: OracleApi = {
      oracleFunction: (id, fn) => {
        registry.set(`fn.${id}`, fn as unknown as Fn);
        return fn;
      },
      oracleModule: (id, module) =>
        wrapModule(id, module, (fid, fn) => {
          registry.set(fid, fn);
          return fn;
        }),
    };
    this.graderMath ??= (() => {
      const module = { exports: {} as Record<string, unknown> };
      (new vm.Script(`(function (module, exports) {${this.options.mathjs}\n})`, { filename: 'mathjs.js' }).runInThisContext() as (m: object, e: object) => void)(module, module.exports);
      return module.exports;
    })();
    const factory = vm.compileFunction(`"use strict";${this.options.suites[slug]!}`, ['exports', 'require', 'module'], { filename: `oracle/${slug}.checks.js` });
    const module = { exports: {} };
    factory(module.exports, (name: string) => {
      if (name === 'mathjs') return this.graderMath;
      if (name === '@grader/oracle') return api;
      throw new Error(`the hidden suite of ${slug} imports '${name}'`);
    }, module);
    table.registry = registry;
    return registry;
  }

  /** Keep every table that grew in `<dir>/oracle/`; a full disk costs only the speed-up, never the grades. */
  save(): { written: number; error?: string } {
    if (!this.options.dir || !this.enabled) return { written: 0 };
    let written = 0;
    try {
      for (const [slug, table] of this.units) {
        if (table.entries.length === table.loaded) continue;
        writeChecked(this.file(slug), table.id, table.entries);
        table.loaded = table.entries.length;
        written++;
        this.dropStale(slug);
      }
    } catch (error) {
      return { written, error: error instanceof Error ? error.message : String(error) };
    }
    return { written };
  }

  /** This unit's tables for an earlier suite or engine: they can never be read again. */
  private dropStale(slug: string): void {
    const dir = join(this.options.dir!, 'oracle');
    const current = this.file(slug).slice(dir.length + 1);
    const pattern = new RegExp(`^${slug.replace(/[^\w-]/g, '')}-[0-9a-f]{24}\\.json$`);
    for (const name of readdirSync(dir)) if (pattern.test(name) && name !== current) rmSync(join(dir, name), { force: true });
  }

  /** Entries over every unit. */
  entryCount(): number {
    let n = 0;
    for (const table of this.units.values()) n += table.entries.length;
    return n;
  }

  /** Entries per unit (for the summary and the bench). */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.units].map(([slug, t]) => [slug, t.entries.length]));
  }
}
