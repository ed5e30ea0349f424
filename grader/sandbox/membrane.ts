/**
 * The membrane between the grader's realm and a learner realm: every value crossing is copied.
 * - a check's arguments are cloned into the learner's realm, and whatever the learner did to them is
 *   written back after the call, so "changed its input" and "returned its input" checks see what
 *   they would see without the grader;
 * - what the learner returns is copied into plain arrays and objects of the grader's realm, so a
 *   Proxy or an array whose `every` lies cannot fool a comparison;
 * - errors are re-created on the other side; functions are wrapped, never handed over.
 * No object of the grader's realm is ever reachable from graded code. This module runs in the
 * grader's realm: its `Array`, `Object`, `globalThis` are the grader's.
 */
import { cleanError, ERROR_NAMES } from './errors';
import type { AnyFunction, Realm } from './realm';

const { apply, getPrototypeOf, defineProperty, getOwnPropertyDescriptor } = Reflect;
const { isArray } = Array;
const typedArrayTag = getOwnPropertyDescriptor(getPrototypeOf(Uint8Array.prototype) as object, Symbol.toStringTag)!.get!;

const MAX_ITEMS = 50_000_000;
const NO_CLONES = new Map<object, object>();

function copyTypedArray(v: ArrayBufferView, constructors: Record<string, unknown>): unknown {
  const tag = apply(typedArrayTag, v, []) as string | undefined;
  const Ctor = tag ? (constructors[tag] as (new (source: unknown) => unknown) | undefined) : undefined;
  return Ctor ? new Ctor(v) : undefined;
}

export class Membrane {
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
      throw cleanError(error, this.realm.kit.errors, this.realm.job);
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
      throw cleanError(error, this.realm.kit.errors, this.realm.job);
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
