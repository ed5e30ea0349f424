/**
 * The grader's realm of a sandbox: mathjs and the hidden suites, evaluated from the source text the
 * init message brought (a sandbox can read no files), with each unit's oracle table.
 */
import type { HiddenCheck } from '../checks/contract';
import type { OracleApi, OracleDeps } from '../oracle/memo';
import { type MissObserver, OracleTable } from '../oracle/table';
import type { InitMessage } from './protocol';

type ModuleFactory = (exports: object, require: (name: string) => unknown, module: { exports: object }) => void;
const { apply } = Reflect;

function compileHere(vm: typeof import('node:vm'), code: string, filename: string): ModuleFactory {
  return vm.compileFunction(`"use strict";${code}`, ['exports', 'require', 'module'], { filename }) as unknown as ModuleFactory;
}

function evaluate(factory: ModuleFactory, require: (name: string) => unknown): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  apply(factory, module.exports, [module.exports, require, module]);
  return module.exports;
}

/** mathjs's UMD bundle, run once in this (the grader's) realm for the suites. */
export function graderMathjs(vm: typeof import('node:vm'), source: string): Record<string, unknown> {
  const script = new vm.Script(`(function (module, exports) {${source}\n})`, { filename: 'mathjs.js' });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (m: object, e: object) => void)(module, module.exports);
  return module.exports;
}

/**
 * Each unit's oracle table (grader/oracle/): in this realm, which graded code never reaches, filled
 * from the grader's table at init and with each job, and by this process's own misses.
 */
export class OracleTables {
  private readonly tables = new Map<string, { table: OracleTable; api: OracleApi }>();

  constructor(
    private readonly deps: OracleDeps,
    private readonly init: InitMessage['oracle'],
    /** told of every unit's misses (the harness reports them to the pool) */
    private readonly observer?: MissObserver,
  ) {
    for (const [slug, entries] of Object.entries(init?.tables ?? {})) {
      const { table } = this.of(slug);
      for (const [key, value] of entries) table.addEncoded(key, value);
    }
  }

  of(slug: string): { table: OracleTable; api: OracleApi } {
    let found = this.tables.get(slug);
    if (!found) {
      const table = new OracleTable(this.deps, this.init?.enabled ?? false, true, this.observer);
      found = { table, api: table.api() };
      this.tables.set(slug, found);
    }
    return found;
  }
}

/** The hidden suites, compiled once; each is instantiated once at boot to learn its check names. */
export class HiddenSuites {
  private readonly factories = new Map<string, ModuleFactory>();
  /** per unit slug, the names of its checks in order */
  readonly checkNames: Record<string, string[]> = {};
  /** suites that failed to load: slug → message */
  readonly suiteErrors: Record<string, string> = {};

  constructor(
    vm: typeof import('node:vm'),
    sources: Record<string, string>,
    private readonly mathjs: unknown,
    private readonly oracles: OracleTables,
  ) {
    for (const [slug, code] of Object.entries(sources)) {
      try {
        this.factories.set(slug, compileHere(vm, code, `hidden/${slug}.checks.js`));
        this.checkNames[slug] = this.instantiate(slug).map((c) => String(c.name));
      } catch (error) {
        this.suiteErrors[slug] = error instanceof Error ? error.message : String(error);
      }
    }
  }

  /** A fresh instance of a unit's checks (and of the engine and helpers bundled with them); the oracle table is the unit's. */
  instantiate(slug: string): HiddenCheck[] {
    const factory = this.factories.get(slug);
    if (!factory) throw new Error(`no hidden suite for ${slug}`);
    const { api } = this.oracles.of(slug);
    const checks = evaluate(factory, (name) => this.require(name, api)).checks;
    if (!Array.isArray(checks)) throw new Error(`the hidden suite of ${slug} does not export \`checks\``);
    return checks as HiddenCheck[];
  }

  private require(name: string, oracle: OracleApi): unknown {
    if (name === 'mathjs') return this.mathjs;
    if (name === '@grader/oracle') return oracle;
    throw new Error(`the hidden suite imports '${name}', which the sandbox does not provide`);
  }
}
