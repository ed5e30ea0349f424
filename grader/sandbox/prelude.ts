/**
 * The learner realm's prelude: the first code that runs in each fresh context, before the learner's.
 * It replaces the Node globals graded code may expect (console, process, timers, structuredClone…)
 * by harmless ones that report to the grader through `host`, removes what could call back later,
 * and hands the grader a toolkit of this realm's own constructors and helpers, captured before any
 * graded code can change them.
 *
 * It is written as a function so that it is type-checked, but it runs from its source text inside
 * the learner realm: it must not refer to anything outside itself (no imports, no module constants).
 */

/** What the grader lends the prelude: the only ways out of a learner realm. */
export interface PreludeHost {
  /** console output (`raw`: written with process.stdout.write, no newline added) */
  emit: (text: string, raw: boolean) => void;
  now: () => number;
  /** a package the learner's code requires: its value, or a string saying why it may not have it */
  load: (name: string) => unknown;
  /** graded code did something that scores the unit 0 (say, called process.exit) */
  stop: (kind: string, message: string) => void;
}

/** Runs inside each learner realm before the learner's code. Must not refer to anything outside itself. */
export function learnerPrelude(host: PreludeHost) {
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
export type Toolkit = ReturnType<typeof learnerPrelude>;

/** The prelude as source text, compiled inside each learner realm (so its Array, Object… are that realm's). */
export const preludeSource = `return (${learnerPrelude.toString()})`;

/** Globals the prelude removes (and `eval`, `arguments`): never passed to graded code, so they stay unreachable. */
export const REMOVED_GLOBALS: ReadonlySet<string> = new Set(['FinalizationRegistry', 'WebAssembly', 'Atomics', 'SharedArrayBuffer', 'eval', 'arguments']);
/** Globals the prelude defines. */
export const INJECTED_GLOBALS: readonly string[] = ['console', 'process', 'global', 'performance', 'structuredClone', 'queueMicrotask', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'];
