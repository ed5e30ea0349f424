/**
 * The harness: runs inside a sandbox process (started by pool.ts through boot.cjs), never in the
 * grader. It evaluates the hidden suites and mathjs from source text, then grades one unit of one
 * submission per job message.
 *
 * The learner's code and the code that computes the expected values share a process, so they must
 * not share a realm: each job's learner module runs in a fresh V8 context (its own Math, Array,
 * Object…, no `process`, no `require`, no Node APIs, no code generation from strings), and every
 * value crossing between the realms goes through a membrane that copies it:
 * - a check's arguments are cloned into the learner's realm, and whatever the learner did to them is
 *   written back after the call, so "changed its input" and "returned its input" checks see what
 *   they would see without the grader;
 * - what the learner returns is copied into plain arrays and objects of the grader's realm, so a
 *   Proxy or an array whose `every` lies cannot fool a comparison;
 * - errors are re-created on the other side; functions are wrapped, never handed over.
 * No object of the grader's realm is ever reachable from graded code, so patching Math, prototypes
 * or the test helpers can only change the learner's own realm; doing so anyway (changing a built-in)
 * is reported as a violation. Each job also gets fresh instances of the suite and engine.
 */
import type { HiddenCheck, UnitModule } from '../checks/contract';
import { forbiddenImportMessage, GRADED_PACKAGES } from '../../src/course/import-rules';
import { nodeOracleDeps, type OracleApi, type OracleDeps } from '../oracle/memo';
import { OracleTable } from '../oracle/table';
import type { CheckOutcome, InitMessage, JobMessage, JobResult, ReadyMessage, Violation } from './protocol';

interface Boot {
  require: NodeJS.Require;
  process: NodeJS.Process;
  init: InitMessage;
}
declare const __boot: Boot;

type ModuleFactory = (exports: object, require: (name: string) => unknown, module: { exports: object }) => void;
type AnyFunction = (...args: unknown[]) => unknown;

const { require: nodeRequire, process: realProcess, init } = __boot;
const bootStarted = performance.now();
const vm = nodeRequire('node:vm') as typeof import('node:vm');
const v8 = nodeRequire('node:v8') as typeof import('node:v8');
const builtinModules = new Set((nodeRequire('node:module') as typeof import('node:module')).builtinModules);

const send = (message: ReadyMessage | JobResult): void => {
  realProcess.send!(message);
};
const now = (): number => performance.now();
const heapLimit = v8.getHeapStatistics().heap_size_limit;
const { apply, ownKeys, getPrototypeOf, defineProperty, getOwnPropertyDescriptor } = Reflect;
const { isArray } = Array;
const typedArrayTag = getOwnPropertyDescriptor(getPrototypeOf(Uint8Array.prototype) as object, Symbol.toStringTag)!.get!;
const hasInstance = Function.prototype[Symbol.hasInstance];
const ERROR_NAMES = ['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError'] as const;

// ---------------------------------------------------------------------------------------------
// The grader's realm: mathjs and the suites

function compileHere(code: string, filename: string): ModuleFactory {
  return vm.compileFunction(`"use strict";${code}`, ['exports', 'require', 'module'], { filename }) as unknown as ModuleFactory;
}

function evaluate(factory: ModuleFactory, require: (name: string) => unknown): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  apply(factory, module.exports, [module.exports, require, module]);
  return module.exports;
}

/** mathjs's UMD bundle as a function of (module, exports), compiled once, run in any realm. */
const mathjsScript = new vm.Script(`(function (module, exports) {${init.mathjs}\n})`, { filename: 'mathjs.js' });
const graderMath = (() => {
  const module = { exports: {} as Record<string, unknown> };
  (mathjsScript.runInThisContext() as (m: object, e: object) => void)(module, module.exports);
  return module.exports;
})();

function suiteRequire(name: string, oracle: OracleApi): unknown {
  if (name === 'mathjs') return graderMath;
  if (name === '@grader/oracle') return oracle;
  throw new Error(`the hidden suite imports '${name}', which the sandbox does not provide`);
}

/**
 * Each unit's oracle table (grader/oracle/): in this realm, which graded code never reaches, filled
 * from the grader's table at init and with each job, and by this process's own misses.
 */
const oracleDeps: OracleDeps = nodeOracleDeps(v8, nodeRequire('node:crypto') as typeof import('node:crypto'));
const oracleTables = new Map<string, { table: OracleTable; api: OracleApi }>();
function oracleOf(slug: string): { table: OracleTable; api: OracleApi } {
  let found = oracleTables.get(slug);
  if (!found) {
    const table = new OracleTable(oracleDeps, init.oracle?.enabled ?? false, true);
    found = { table, api: table.api() };
    oracleTables.set(slug, found);
  }
  return found;
}
for (const [slug, entries] of Object.entries(init.oracle?.tables ?? {})) {
  const { table } = oracleOf(slug);
  for (const [key, value] of entries) table.addEncoded(key, value);
}

const suites = new Map<string, ModuleFactory>();
const checkNames: Record<string, string[]> = {};
const suiteErrors: Record<string, string> = {};

/** A fresh instance of a unit's checks (and of the engine and helpers bundled with them); the oracle table is the unit's. */
function instantiateSuite(slug: string): HiddenCheck[] {
  const factory = suites.get(slug);
  if (!factory) throw new Error(`no hidden suite for ${slug}`);
  const { api } = oracleOf(slug);
  const checks = evaluate(factory, (name) => suiteRequire(name, api)).checks;
  if (!isArray(checks)) throw new Error(`the hidden suite of ${slug} does not export \`checks\``);
  return checks as HiddenCheck[];
}

for (const [slug, code] of Object.entries(init.suites)) {
  try {
    suites.set(slug, compileHere(code, `hidden/${slug}.checks.js`));
    checkNames[slug] = instantiateSuite(slug).map((c) => String(c.name));
  } catch (error) {
    suiteErrors[slug] = error instanceof Error ? error.message : String(error);
  }
}

// ---------------------------------------------------------------------------------------------
// The learner's realm

/** Runs inside each learner realm before the learner's code. Must not refer to anything outside itself. */
function learnerPrelude(host: {
  emit: (text: string, raw: boolean) => void;
  now: () => number;
  load: (name: string) => unknown;
  stop: (kind: string, message: string) => void;
}) {
  'use strict';
  const g = globalThis as unknown as Record<string, unknown>;
  const { emit, now, load, stop } = host;
  const ErrorCtor = Error;
  const FAILED = Object.freeze({});
  const slice = Array.prototype.slice;
  const apply = Reflect.apply;
  const errors: Record<string, ErrorConstructor> = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };
  // Nothing that could call back later, during someone else's unit.
  for (const name of ['FinalizationRegistry', 'WebAssembly', 'Atomics', 'SharedArrayBuffer']) delete g[name];

  const show = (value: unknown, depth: number): string => {
    if (typeof value === 'string') return depth === 0 ? value : JSON.stringify(value);
    if (typeof value !== 'object' || value === null) return typeof value === 'function' ? '[Function]' : String(value);
    if (depth > 2) return Array.isArray(value) ? '[Array]' : '[Object]';
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (let i = 0; i < value.length && i < 20; i++) items.push(show(value[i], depth + 1));
      return `[ ${items.join(', ')}${value.length > 20 ? `, … ${value.length - 20} more` : ''} ]`;
    }
    if (value instanceof ErrorCtor) return `${value.name}: ${value.message}`;
    const keys = Object.keys(value).slice(0, 20);
    return `{ ${keys.map((k) => `${k}: ${show((value as Record<string, unknown>)[k], depth + 1)}`).join(', ')} }`;
  };
  const line = (...args: unknown[]): void => {
    let text = '';
    try {
      text = args.map((a) => show(a, 0)).join(' ');
    } catch {
      text = '[output that could not be formatted]';
    }
    emit(`${text}\n`, false);
  };
  const quiet = (): void => undefined;
  const console = {
    log: line, info: line, warn: line, error: line, debug: line, trace: line, dir: line, table: line,
    group: line, groupCollapsed: line, groupEnd: quiet, count: line, time: quiet, timeEnd: quiet, timeLog: quiet,
    assert: (ok: unknown, ...args: unknown[]) => (ok ? undefined : line('Assertion failed:', ...args)),
  };
  const ending = (what: string) => (code?: unknown): never => {
    stop('exit', `called ${what}(${code === undefined ? '' : String(code)}): graded code may not end the grading process`);
    throw new ErrorCtor(`${what}() is not allowed while grading`);
  };
  const write = (chunk: unknown): boolean => {
    emit(String(chunk), true);
    return true;
  };
  const process: Record<string, unknown> = {
    env: {}, argv: [], platform: 'linux', version: 'v20.0.0', versions: {},
    stdout: { write, isTTY: false, columns: 80 }, stderr: { write, isTTY: false, columns: 80 },
    exit: ending('process.exit'), reallyExit: ending('process.reallyExit'), abort: ending('process.abort'), kill: ending('process.kill'),
    cwd: () => '/submission',
    nextTick: (fn: (...a: unknown[]) => void, ...args: unknown[]) => void Promise.resolve().then(() => fn(...args)),
    hrtime: Object.assign((prev?: [number, number]) => {
      const t = now();
      const s = Math.floor(t / 1000);
      const ns = Math.floor((t % 1000) * 1e6);
      return prev ? [s - prev[0], ns - prev[1]] : [s, ns];
    }, { bigint: () => BigInt(Math.floor(now() * 1e6)) }),
    emitWarning: (warning: unknown) => line('Warning:', warning),
  };
  for (const name of ['on', 'once', 'off', 'addListener', 'removeListener', 'removeAllListeners']) process[name] = () => process;
  let timerIds = 0;
  const neverFires = (): number => ++timerIds; // graded code is synchronous; timers would fire during someone else's unit
  const clone = (value: unknown, seen = new Map<unknown, unknown>()): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return seen.get(value);
    if (ArrayBuffer.isView(value)) {
      const copy = new (value.constructor as new (v: unknown) => unknown)(value);
      seen.set(value, copy);
      return copy;
    }
    if (value instanceof Map) {
      const copy = new Map();
      seen.set(value, copy);
      value.forEach((v, k) => copy.set(clone(k, seen), clone(v, seen)));
      return copy;
    }
    if (value instanceof Set) {
      const copy = new Set();
      seen.set(value, copy);
      value.forEach((v) => copy.add(clone(v, seen)));
      return copy;
    }
    if (value instanceof Date) return new Date(value.getTime());
    const copy: Record<string, unknown> = Array.isArray(value) ? ([] as unknown as Record<string, unknown>) : {};
    seen.set(value, copy);
    for (const key of Object.keys(value)) copy[key] = clone((value as Record<string, unknown>)[key], seen);
    return copy;
  };
  const define = (name: string, value: unknown): void => {
    Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });
  };
  define('console', console);
  define('process', process);
  define('global', g);
  define('performance', { now: () => now(), timeOrigin: 0 });
  define('structuredClone', (value: unknown) => clone(value));
  define('queueMicrotask', (fn: () => void) => void Promise.resolve().then(fn));
  for (const name of ['setTimeout', 'setInterval', 'setImmediate']) define(name, neverFires);
  for (const name of ['clearTimeout', 'clearInterval', 'clearImmediate']) define(name, quiet);

  return {
    errors,
    ArrayCtor: Array,
    /** A learner-realm array holding `source`'s items (its elements must already be of this realm, or primitives). */
    copyList: (source: unknown[]): unknown[] => {
      const n = source.length;
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = source[i];
      return out;
    },
    ObjectProto: Object.prototype,
    typed: { Float64Array, Float32Array, Int8Array, Int16Array, Int32Array, Uint8Array, Uint8ClampedArray, Uint16Array, Uint32Array, BigInt64Array, BigUint64Array } as Record<string, unknown>,
    newObject: (): Record<string, unknown> => ({}),
    FAILED,
    /**
     * The learner-realm face of a grader function (say, the check's rng): the grader answers with a
     * value of this realm, or FAILED and the error's name and message as strings. Called once per
     * random number, so no allocation on the way.
     */
    wrapHost: (call0: () => unknown, callN: (args: unknown[]) => unknown, lastError: (part: number) => string) =>
      function (this: unknown): unknown {
        let result;
        try {
          result = arguments.length === 0 ? call0() : callN(apply(slice, arguments, []) as unknown[]);
        } catch {
          throw new ErrorCtor('a function the check passed in failed');
        }
        if (result !== FAILED) return result;
        const E = errors[lastError(0)] ?? ErrorCtor;
        throw new E(lastError(1));
      },
    require: (name: string): unknown => {
      const found = load(String(name));
      if (typeof found === 'string') throw new ErrorCtor(found);
      return found;
    },
    /** The module object handed to the learner's code. */
    module: () => {
      const exports = {};
      return { exports, module: { exports } };
    },
    /** Built-ins whose change is reported, by the name shown to the learner. */
    builtins: {
      Math, JSON, Reflect, Object, Array, Number, String, Boolean, Symbol, Promise, Map, Set, Error, Float64Array,
      'Object.prototype': Object.prototype, 'Array.prototype': Array.prototype, 'Function.prototype': Function.prototype,
      'Number.prototype': Number.prototype, 'String.prototype': String.prototype, 'Error.prototype': Error.prototype,
      'Float64Array.prototype': Float64Array.prototype, 'TypedArray.prototype': Object.getPrototypeOf(Float64Array.prototype),
      'Map.prototype': Map.prototype, 'Set.prototype': Set.prototype, 'Promise.prototype': Promise.prototype,
    } as Record<string, object>,
  };
}
type Toolkit = ReturnType<typeof learnerPrelude>;

const preludeSource = `return (${learnerPrelude.toString()})`;

/** Globals the prelude removes: left out of GLOBAL_NAMES so they stay unreachable. */
const REMOVED = new Set(['FinalizationRegistry', 'WebAssembly', 'Atomics', 'SharedArrayBuffer', 'eval', 'arguments']);
const INJECTED = ['console', 'process', 'global', 'performance', 'structuredClone', 'queueMicrotask', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'];
/**
 * Every global of a learner realm, passed to its code as parameters: a vm context resolves free
 * global names through an interceptor, which made graded code ten times slower than under vitest;
 * a parameter is an ordinary local.
 */
const GLOBAL_NAMES = [...new Set([...(vm.runInNewContext('Object.getOwnPropertyNames(globalThis)') as string[]), ...INJECTED])]
  .filter((name) => !REMOVED.has(name) && /^[A-Za-z_$][\w$]*$/.test(name));
const mathjsForLearners = new vm.Script(`(function (${GLOBAL_NAMES.join(', ')}) { return function (module, exports) {${init.mathjs}\n} })`, { filename: 'mathjs.js' });

// ---------------------------------------------------------------------------------------------
// Per-job state

interface JobState {
  output: string[];
  outputBytes: number;
  droppedLines: number;
  violation?: Violation;
}

let job: JobState = { output: [], outputBytes: 0, droppedLines: 0 };

/** Characters kept of one message: feedback quotes what graded code returned or threw, which may be megabytes. */
const MESSAGE_LIMIT = 4000;

function clip(text: string): string {
  if (text.length <= MESSAGE_LIMIT) return text;
  // split/join copies: a plain slice would keep the whole megabytes-long string alive until the job ends.
  return `${text.slice(0, MESSAGE_LIMIT).split('').join('')}… (${text.length - MESSAGE_LIMIT} more characters)`;
}

function flag(violation: Violation): void {
  job.violation ??= { kind: violation.kind, message: clip(violation.message) };
}

function capture(text: string): void {
  if (job.outputBytes >= init.outputLimit) {
    job.droppedLines++;
    return;
  }
  const room = init.outputLimit - job.outputBytes;
  const kept = text.length > room ? `${text.slice(0, room)}…\n` : text;
  job.output.push(kept);
  job.outputBytes += kept.length;
}

class Realm {
  readonly context: object;
  readonly kit: Toolkit;
  private mathjs?: unknown;
  /** the values of GLOBAL_NAMES in this realm, read before any graded code runs */
  private readonly globals: unknown[];
  private readonly builtinsBefore: [string, object, PropertyKey, PropertyDescriptor | undefined][] = [];
  private readonly globalsBefore = new Map<string, PropertyDescriptor | undefined>();

  constructor() {
    this.context = vm.createContext(Object.create(null), { name: 'submission', codeGeneration: { strings: false, wasm: false } });
    const prelude = this.compile(preludeSource, [], 'prelude.js')() as (host: unknown) => Toolkit;
    this.kit = prelude({
      emit: (text: string, raw: boolean) => {
        try {
          if (raw && text.length === 0) return;
          capture(String(text));
        } catch {
          // never let an error of the grader's realm reach graded code
        }
      },
      now,
      load: (name: string) => {
        try {
          return this.load(name);
        } catch (error) {
          return `could not load ${name}: ${error instanceof Error ? error.message : String(error)}`;
        }
      },
      stop: (kind: string, message: string) => {
        flag({ kind: kind as Violation['kind'], message: String(message) });
      },
    });
    // What the built-ins look like before graded code runs, to report any change it makes.
    const g = this.global();
    this.globals = GLOBAL_NAMES.map((name) => g[name]);
    for (const name of Object.keys(this.kit.builtins)) this.globalsBefore.set(name, getOwnPropertyDescriptor(g, name));
    for (const [name, object] of Object.entries(this.kit.builtins)) {
      for (const key of ownKeys(object)) this.builtinsBefore.push([name, object, key, getOwnPropertyDescriptor(object, key)]);
    }
  }

  global(): Record<string, unknown> {
    return vm.runInContext('globalThis', this.context) as Record<string, unknown>;
  }

  compile(code: string, params: string[], filename: string): AnyFunction {
    const reject = (): never => {
      throw new this.kit.errors.Error('dynamic import() is not available when grading: use a static import at the top of the file');
    };
    return vm.compileFunction(code, params, {
      filename,
      parsingContext: this.context,
      // Without this, Node would reject with an Error of the grader's realm: a way out of this one.
      importModuleDynamically: (() => reject()) as never,
    }) as AnyFunction;
  }

  /** The learner's bundled module as a function of (exports, require, module), globals bound as locals. */
  moduleFactory(code: string, filename: string): AnyFunction {
    const outer = this.compile(`return function (exports, require, module) {"use strict";\n${code}\n}`, GLOBAL_NAMES, filename);
    return apply(outer, undefined, this.globals) as AnyFunction;
  }

  private load(name: string): unknown {
    if (GRADED_PACKAGES.includes(name)) {
      // A fresh mathjs, inside this realm: whatever the learner does to it stays here.
      if (!this.mathjs) {
        const { exports, module } = this.kit.module();
        const outer = mathjsForLearners.runInContext(this.context) as AnyFunction;
        const factory = apply(outer, undefined, this.globals) as (m: object, e: object) => void;
        factory(module, exports);
        this.mathjs = module.exports;
      }
      return this.mathjs;
    }
    const bare = name.startsWith('node:') ? name.slice(5) : name;
    const message = forbiddenImportMessage(name, builtinModules.has(bare));
    flag({ kind: 'forbidden', message });
    return message;
  }

  /** Built-ins the learner's code changed or removed (adding helpers is fine). */
  changedBuiltins(): string[] {
    const changed = new Set<string>();
    const g = this.global();
    for (const [name, before] of this.globalsBefore) {
      const after = getOwnPropertyDescriptor(g, name);
      if (!sameDescriptor(before, after)) changed.add(name);
    }
    for (const [name, object, key, before] of this.builtinsBefore) {
      if (!sameDescriptor(before, getOwnPropertyDescriptor(object, key))) changed.add(`${name}.${String(key)}`);
    }
    return [...changed];
  }
}

function sameDescriptor(a: PropertyDescriptor | undefined, b: PropertyDescriptor | undefined): boolean {
  if (!a || !b) return a === b;
  return Object.is(a.value, b.value) && a.get === b.get && a.set === b.set && a.writable === b.writable;
}

// ---------------------------------------------------------------------------------------------
// The membrane

const MAX_ITEMS = 50_000_000;
const NO_CLONES = new Map<object, object>();

function copyTypedArray(v: ArrayBufferView, constructors: Record<string, unknown>): unknown {
  const tag = apply(typedArrayTag, v, []) as string | undefined;
  const Ctor = tag ? (constructors[tag] as (new (source: unknown) => unknown) | undefined) : undefined;
  return Ctor ? new Ctor(v) : undefined;
}

class Membrane {
  private readonly wrappedHere = new WeakMap<object, AnyFunction>();

  constructor(private readonly realm: Realm) {}

  /** A value of the grader's realm, as the learner's code receives it. `link` records clone ← original. */
  private inward(value: unknown, link: Map<object, object>, depth = 0): unknown {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    const known = link.get(value);
    if (known) return known;
    const kit = this.realm.kit;
    if (typeof value === 'function') {
      const fn = value as AnyFunction;
      // The no-argument case (rng()) is called once per random number: no allocation, no copying.
      const call0 = (): unknown => {
        try {
          const result = fn();
          return result === null || (typeof result !== 'object' && typeof result !== 'function') ? result : this.inward(result, new Map());
        } catch (error) {
          return this.failed(error);
        }
      };
      const wrapped = kit.wrapHost(call0, (args) => this.callGrader(fn, args), (part) => this.lastError[part] ?? '');
      link.set(value, wrapped);
      return wrapped;
    }
    if (isArray(value)) {
      // The copy is built by a loop of the learner's realm (captured before its code ran): Array.from across realms is 7x slower.
      let items: unknown[] = value;
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (item !== null && (typeof item === 'object' || typeof item === 'function')) {
          if (depth > 64) throw new RangeError('the data passed in is nested too deeply');
          items = value.map((x) => this.inward(x, link, depth + 1));
          break;
        }
      }
      const copy = kit.copyList(items) as object;
      link.set(value, copy);
      return copy;
    }
    const typed = ArrayBuffer.isView(value) ? (copyTypedArray(value, kit.typed) as object | undefined) : undefined;
    if (typed) {
      link.set(value, typed);
      return typed;
    }
    if (value instanceof Object || getPrototypeOf(value) === null) {
      // A plain object of the grader (or any other object of its realm, reduced to its own data).
      const copy = kit.newObject();
      link.set(value, copy);
      for (const key of Object.keys(value)) defineProperty(copy, key, { value: this.inward((value as Record<string, unknown>)[key], link, depth + 1), writable: true, enumerable: true, configurable: true });
      return copy;
    }
    return value; // already the learner's (an object it returned earlier)
  }

  /**
   * A value of the learner's realm, as the grader sees it: plain data of the grader's realm; `back`
   * maps the learner's clones to the originals they came from.
   */
  private outward(value: unknown, back: Map<object, object>, copies = new Map<object, unknown>()): unknown {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
    const original = back.get(value);
    if (original) return original;
    if (copies.has(value)) return copies.get(value);
    if (typeof value === 'function') {
      const wrapped = this.wrapLearner(value as AnyFunction, 'function');
      copies.set(value, wrapped);
      return wrapped;
    }
    if (isArray(value)) {
      const n = value.length;
      if (!(n >= 0 && n <= MAX_ITEMS)) throw new RangeError(`returned an array of length ${String(n)}`);
      const copy: unknown[] = new Array(n);
      copies.set(value, copy);
      for (let i = 0; i < n; i++) {
        const item = value[i];
        // Numbers are most of what crosses: no call for them.
        copy[i] = item === null || (typeof item !== 'object' && typeof item !== 'function') ? item : this.outward(item, back, copies);
      }
      return copy;
    }
    if (ArrayBuffer.isView(value)) {
      const copy = copyTypedArray(value, globalThis as unknown as Record<string, unknown>) ?? {};
      copies.set(value, copy);
      return copy;
    }
    // Anything else (a Map, a Promise, a class instance, a Proxy…) crosses as its own enumerable data,
    // like a plain object, never as itself: grader code calling its methods would hand graded code
    // the grader's own callbacks, and through them the grader's realm (its prototypes, its results).
    const copy: Record<string, unknown> = {};
    copies.set(value, copy);
    for (const key of Object.keys(value)) {
      defineProperty(copy, key, { value: this.outward((value as Record<string, unknown>)[key], back, copies), writable: true, enumerable: true, configurable: true });
    }
    return copy;
  }

  /** Write what the learner did to its clones back into the originals. */
  private syncBack(link: Map<object, object>, back: Map<object, object>): void {
    for (const [original, clone] of link) {
      if (typeof original === 'function') continue;
      if (isArray(original)) {
        const c = clone as unknown[];
        const n = c.length;
        if (!(n >= 0 && n <= MAX_ITEMS)) continue;
        if (original.length !== n) original.length = n;
        for (let i = 0; i < n; i++) {
          const v = this.outward(c[i], back);
          if (!Object.is(original[i], v)) original[i] = v;
        }
      } else if (ArrayBuffer.isView(original)) {
        const o = original as unknown as Float64Array;
        const c = clone as unknown as Float64Array;
        for (let i = 0; i < o.length && i < c.length; i++) if (!Object.is(o[i], c[i])) o[i] = c[i]!;
      } else {
        const o = original as Record<string, unknown>;
        const c = clone as Record<string, unknown>;
        const keys = Object.keys(c);
        for (const key of Object.keys(o)) if (!keys.includes(key)) delete o[key];
        for (const key of keys) {
          const v = this.outward(c[key], back);
          if (!Object.is(o[key], v)) o[key] = v;
        }
      }
    }
  }

  /** Call a learner's function from the grader's side. */
  callLearner(fn: AnyFunction, args: unknown[]): unknown {
    const link = new Map<object, object>();
    let learnerArgs: unknown[];
    try {
      learnerArgs = args.map((a) => this.inward(a, link));
    } catch (error) {
      throw cleanError(error, this.realm);
    }
    let result: unknown;
    let failure: unknown;
    let failed = false;
    try {
      result = apply(fn, undefined, learnerArgs);
    } catch (error) {
      failed = true;
      failure = error;
    }
    try {
      const back = new Map<object, object>();
      for (const [original, clone] of link) back.set(clone, original);
      this.syncBack(link, back);
      if (failed) throw failure;
      return this.outward(result, back);
    } catch (error) {
      throw cleanError(error, this.realm);
    }
  }

  /** The name and message of the last error a grader function threw at the learner. */
  private lastError: [string, string] = ['Error', ''];

  /** Call a grader's function (one a check passed in) from the learner's side: a value of the learner's realm, or FAILED. */
  private callGrader(fn: AnyFunction, args: unknown[]): unknown {
    try {
      const result = apply(fn, undefined, this.outward(args, NO_CLONES) as unknown[]);
      return result === null || (typeof result !== 'object' && typeof result !== 'function') ? result : this.inward(result, new Map());
    } catch (error) {
      return this.failed(error);
    }
  }

  /** Remember a grader function's error for the learner's side, which throws it as its own. */
  private failed(error: unknown): unknown {
    const name = error instanceof Error && ERROR_NAMES.includes(error.name as (typeof ERROR_NAMES)[number]) ? error.name : 'Error';
    this.lastError = [name, error instanceof Error ? error.message : String(error)];
    return this.realm.kit.FAILED;
  }

  wrapLearner(fn: AnyFunction, name: string): AnyFunction {
    const known = this.wrappedHere.get(fn);
    if (known) return known;
    const membrane = this;
    const wrapped = function (...args: unknown[]): unknown {
      return membrane.callLearner(fn, args);
    };
    defineProperty(wrapped, 'name', { value: name });
    this.wrappedHere.set(fn, wrapped);
    return wrapped;
  }
}

/** An error thrown by (or at) graded code, as an Error of the grader's realm with the same kind and message. */
function cleanError(error: unknown, realm: Realm): Error {
  let message: string;
  let name = 'Error';
  try {
    const m = (error as { message?: unknown } | null | undefined)?.message;
    message = typeof m === 'string' ? m : String(error);
    // OrdinaryHasInstance, not `instanceof`: a learner's Symbol.hasInstance must never see the error.
    for (const candidate of ERROR_NAMES) {
      if (apply(hasInstance, realm.kit.errors[candidate]!, [error]) || apply(hasInstance, (globalThis as unknown as Record<string, ErrorConstructor>)[candidate]!, [error])) name = candidate;
    }
  } catch {
    message = 'an error that cannot be read';
  }
  message = String(message);
  if (message.includes('Array buffer allocation failed')) {
    flag({ kind: 'memory', message: 'ran out of memory (an array buffer allocation failed): the unit is over its memory limit' });
  }
  const Type = (globalThis as unknown as Record<string, ErrorConstructor>)[name] ?? Error;
  return new Type(message);
}

// ---------------------------------------------------------------------------------------------
// Jobs

function describe(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    const e = error as { name?: unknown; message?: unknown } | null;
    if (e && typeof e.message === 'string') return `${typeof e.name === 'string' ? e.name : 'Error'}: ${e.message}`;
    return String(error);
  } catch {
    return 'an error that cannot be read';
  }
}

function runJob(message: JobMessage): void {
  const started = now();
  job = { output: [], outputBytes: 0, droppedLines: 0 };
  const { table: oracle } = oracleOf(message.slug);
  for (const [key, value] of message.oracle ?? []) oracle.addEncoded(key, value);
  const oracleBefore = { ...oracle.stats };
  const checks: CheckOutcome[] = [];
  let suite: HiddenCheck[] | undefined;
  try {
    suite = instantiateSuite(message.slug);
  } catch (error) {
    flag({ kind: 'crash', message: `the grader could not load the hidden suite of ${message.slug}: ${describe(error)}` });
  }
  const realm = new Realm();
  let impl: UnitModule | undefined;
  if (suite) {
    try {
      const factory = realm.moduleFactory(message.code, `exercises/${message.slug}/index.ts`);
      const { exports, module } = realm.kit.module();
      apply(factory, exports, [exports, realm.kit.require, module]);
      const membrane = new Membrane(realm);
      const loaded = module.exports as Record<string, unknown>;
      impl = Object.create(null) as UnitModule;
      for (const key of Object.keys(loaded)) {
        const value = loaded[key];
        impl[key] = typeof value === 'function' ? membrane.wrapLearner(value as AnyFunction, key) : membrane.callLearner(() => value, []);
      }
      Object.freeze(impl);
    } catch (error) {
      const clean = cleanError(error, realm);
      flag({ kind: 'load', message: `the module failed to load: ${describe(clean)}` });
    }
  }
  if (suite && impl) {
    for (const check of suite) {
      if (job.violation) break;
      try {
        check.run(impl);
        checks.push({ name: check.name, passed: true });
      } catch (error) {
        let feedback: string;
        try {
          feedback = error instanceof Error ? error.message : String(error);
        } catch {
          feedback = 'the check failed with an error that cannot be read';
        }
        checks.push({ name: check.name, passed: false, feedback: clip(feedback) });
      }
    }
  }
  // Checked before any of the learner's microtasks can run and put things back.
  const changed = realm.changedBuiltins();
  if (changed.length > 0) {
    const shown = changed.slice(0, 3).join(', ') + (changed.length > 3 ? ` and ${changed.length - 3} more` : '');
    flag({ kind: 'forbidden', message: `changed built-ins (${shown}): graded code may not modify Math, JSON, the prototypes or other built-ins` });
  }
  // Let pending microtasks run inside this job's time limit, then answer.
  setImmediate(() => {
    const result: JobResult = {
      type: 'result',
      id: message.id,
      checks,
      output: job.output.join(''),
      droppedLines: job.droppedLines,
      ms: now() - started,
      oracle: {
        misses: oracle.drainMisses(),
        hits: oracle.stats.hits - oracleBefore.hits,
        computed: oracle.stats.computed - oracleBefore.computed,
        computeMs: oracle.stats.computeMs - oracleBefore.computeMs,
      },
      ...(job.violation ? { violation: job.violation } : {}),
      // A unit that ran out of memory leaves its array buffers holding the data segment at its limit until
      // V8 gets round to freeing them, and the next unit would fail on its first allocation: replace the process.
      ...(realProcess.memoryUsage().heapUsed > heapLimit * 0.6 || job.violation?.kind === 'memory' ? { tainted: true } : {}),
    };
    job = { output: [], outputBytes: 0, droppedLines: 0 };
    send(result);
  });
}

// A promise the learner rejected and never handled must not take the process down (Node's default).
realProcess.on('unhandledRejection', () => undefined);
// When the grader goes away (even killed), so does this process.
realProcess.on('disconnect', () => realProcess.exit(0));
realProcess.on('message', (message: JobMessage) => {
  if (message && message.type === 'job') runJob(message);
});
send({ type: 'ready', checkNames, suiteErrors, bootMs: now() - bootStarted });
