// The membrane in-process, without a sandbox process: this file's realm plays the grader's, and each
// learner module runs in a realm of its own (a fresh vm context, set up by the prelude), exactly as
// the harness runs them. Each test states one thing the membrane guarantees about a value crossing.
import { builtinModules } from 'node:module';
import { types } from 'node:util';
import * as vm from 'node:vm';
import { describe, expect, test } from 'vitest';
import { readMathjsBundle } from '../../grader/build';
import { JobState } from '../../grader/sandbox/job';
import { LearnerRealms } from '../../grader/sandbox/realm';
import { loadUnit } from '../../grader/sandbox/run-job';

type AnyFunction = (...args: unknown[]) => unknown;

const realms = new LearnerRealms({ vm, builtinModules: new Set(builtinModules), now: () => performance.now() }, readMathjsBundle());

/** `code` (CommonJS, as esbuild bundles a unit) loaded in a fresh learner realm; its exports as the checks see them. */
function learner(code: string) {
  const job = new JobState(2000);
  const realm = realms.open(job);
  const impl = loadUnit(realm, code, 'learner.js') as Record<string, AnyFunction>;
  return { impl, job, realm };
}

const protoOf = (v: unknown): unknown => Object.getPrototypeOf(v);

describe("a check's arguments are cloned into the learner's realm", () => {
  const { impl } = learner(String.raw`
    exports.protos = (arr, obj, fn) => [
      Object.getPrototypeOf(arr) === Array.prototype, Object.getPrototypeOf(obj) === Object.prototype,
      Object.getPrototypeOf(obj.inner) === Array.prototype, Object.getPrototypeOf(fn) === Function.prototype,
      arr instanceof Array, fn.constructor === Function,
    ];
    exports.keep = (a) => { globalThis.kept = a; };
    exports.kept = () => globalThis.kept;
    exports.changeKept = () => { globalThis.kept.push(9); };
    exports.shape = (pair, cyclic) => [pair[0] === pair[1], cyclic.self === cyclic];
    exports.view = (v) => [v instanceof Map, Object.getPrototypeOf(v) === Object.prototype, Object.keys(v).join(','), typeof v.norm];
    exports.id = (x) => x;
  `);

  test('arrays, objects and functions arrive as values of the learner realm', () => {
    expect(impl.protos!([1, 2], { inner: [3] }, () => 5)).toEqual([true, true, true, true, true, true]);
  });

  test('the learner holds a clone: what it does to it after the call never reaches the original', () => {
    const original = [1, 2];
    impl.keep!(original);
    const kept = impl.kept!();
    expect(kept).not.toBe(original);
    expect(kept).toEqual([1, 2]);
    impl.changeKept!();
    expect(original).toEqual([1, 2]);
  });

  test('shared references and cycles keep their shape in the clone', () => {
    const shared = [1];
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(impl.shape!([shared, shared], cyclic)).toEqual([true, true]);
  });

  test("a grader object that is not plain data (a Map, a class instance) crosses as its own data, never with the grader's prototype", () => {
    class Point {
      x = 1;
      norm(): number {
        return this.x;
      }
    }
    expect(impl.view!(new Point())).toEqual([false, true, 'x', 'undefined']);
    expect(impl.view!(new Map([[1, 2]]))).toEqual([false, true, '', 'undefined']);
  });

  test('data nested too deeply is refused with a RangeError of the grader realm', () => {
    let deep: unknown[] = [1];
    for (let i = 0; i < 70; i++) deep = [deep];
    let thrown: unknown;
    try {
      impl.id!(deep);
    } catch (error) {
      thrown = error;
    }
    expect(protoOf(thrown)).toBe(RangeError.prototype);
    expect((thrown as Error).message).toBe('the data passed in is nested too deeply');
  });
});

describe("the learner's in-place changes are written back after the call", () => {
  const { impl } = learner(String.raw`
    exports.change = (rows, obj, typed) => {
      for (const row of rows) row[0] *= 2;
      rows.push([7]);
      delete obj.gone;
      obj.added = [1];
      typed[0] = 5;
    };
    exports.shrink = (xs) => { xs.length = 1; };
    exports.same = (x) => x;
    exports.inner = (x) => x.a;
    exports.fails = (xs) => { xs[0] = 'changed before throwing'; throw new Error('no'); };
  `);

  test('into the very arrays, objects and typed arrays the check passed, which keep their identity', () => {
    const first = [1];
    const rows = [first, [2]];
    const obj: Record<string, unknown> = { gone: 1, kept: 2 };
    const typed = new Float64Array(2);
    impl.change!(rows, obj, typed);
    expect(rows[0]).toBe(first);
    expect(rows).toEqual([[2], [4], [7]]);
    expect(protoOf(rows[2])).toBe(Array.prototype);
    expect(obj).toEqual({ kept: 2, added: [1] });
    expect(protoOf(obj.added)).toBe(Array.prototype);
    expect(typed[0]).toBe(5);
  });

  test('a shortened array is shortened', () => {
    const xs = [1, 2, 3];
    impl.shrink!(xs);
    expect(xs).toEqual([1]);
  });

  test('returning the input (or part of it) gives the very same object back', () => {
    const x = [1, 2, 3];
    const o = { a: [4] };
    expect(impl.same!(x)).toBe(x);
    expect(impl.inner!(o)).toBe(o.a);
  });

  test('a call that throws still writes back what it changed', () => {
    const xs: unknown[] = [1];
    expect(() => impl.fails!(xs)).toThrow('no');
    expect(xs).toEqual(['changed before throwing']);
  });
});

describe("what the learner returns is copied into plain data of the grader's realm", () => {
  const { impl } = learner(String.raw`
    exports.nested = () => ({ a: [{ b: 1 }], t: new Float64Array([1, 2]) });
    exports.lyingEvery = () => { const a = [1, 2]; a.every = () => true; return new Proxy(a, {}); };
    let reads = 0;
    exports.trapped = () => new Proxy([1, 2], { get: (target, key) => { reads++; return key === 'length' ? 2 : 42; } });
    exports.reads = () => reads;
    exports.getter = () => { let n = 0; return { get x() { return ++n; } }; };
    exports.instance = () => { class Vec { constructor() { this.x = 1; } norm() { return 0; } } return [new Vec(), new Map([[1, 2]]), Promise.resolve(1)]; };
    exports.shared = () => { const s = [1]; return [s, s]; };
    exports.huge = () => { const a = []; a.length = 60000000; return a; };
  `);

  test('arrays, objects and typed arrays of the grader realm', () => {
    const r = impl.nested!() as { a: { b: number }[]; t: Float64Array };
    expect(protoOf(r)).toBe(Object.prototype);
    expect(protoOf(r.a)).toBe(Array.prototype);
    expect(protoOf(r.a[0])).toBe(Object.prototype);
    expect(protoOf(r.t)).toBe(Float64Array.prototype);
    expect([...r.t]).toEqual([1, 2]);
  });

  test('a Proxy of an array whose `every` lies cannot fool a comparison', () => {
    const r = impl.lyingEvery!() as number[];
    expect(types.isProxy(r)).toBe(false);
    expect(Array.isArray(r) && protoOf(r) === Array.prototype).toBe(true);
    expect(Object.keys(r)).toEqual(['0', '1']);
    expect(r.every((x) => x > 5)).toBe(false);
  });

  test("a Proxy's traps are read once, while copying, and never again", () => {
    const r = impl.trapped!() as number[];
    const readsAfterCopy = impl.reads!();
    expect(r).toEqual([42, 42]);
    void r[0];
    void r.length;
    expect(impl.reads!()).toBe(readsAfterCopy);
  });

  test('a getter is read once and becomes a data property', () => {
    const r = impl.getter!() as { x: number };
    expect(Object.getOwnPropertyDescriptor(r, 'x')).toMatchObject({ value: 1, writable: true });
    expect(r.x).toBe(1);
  });

  test('a class instance, a Map or a Promise crosses as its own enumerable data, without its methods', () => {
    const [vec, map, promise] = impl.instance!() as [Record<string, unknown>, object, object];
    expect(protoOf(vec)).toBe(Object.prototype);
    expect(vec).toEqual({ x: 1 });
    expect(vec.norm).toBeUndefined();
    expect(map instanceof Map).toBe(false);
    expect(protoOf(promise)).toBe(Object.prototype);
    expect('then' in promise).toBe(false);
  });

  test('shared references stay shared in the copy', () => {
    const [a, b] = impl.shared!() as [unknown, unknown];
    expect(a).toBe(b);
  });

  test('an array too long to copy is refused with a RangeError', () => {
    expect(() => impl.huge!()).toThrow(new RangeError('returned an array of length 60000000'));
  });
});

describe('errors are re-created on the other side', () => {
  const { impl } = learner(String.raw`
    exports.raise = (name, message) => { throw new globalThis[name](message); };
    class Mine extends TypeError {}
    exports.subclass = () => { throw new Mine('mine'); };
    exports.primitive = () => { throw 42; };
    exports.plain = () => { throw { message: 'plain object' }; };
    exports.unreadable = () => { throw { get message() { throw new Error('gotcha'); } }; };
    exports.noString = () => { throw Object.create(null); };
    exports.catchIt = (f, ...args) => {
      try { f(...args); } catch (e) {
        return [e instanceof RangeError, Object.getPrototypeOf(e) === RangeError.prototype, e instanceof Error, e.message, e.constructor.constructor === Function];
      }
      return 'no error';
    };
  `);
  const kinds = ['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError'] as const;

  const thrownBy = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    throw new Error('nothing was thrown');
  };

  test.each(kinds)("a learner's %s arrives as the grader realm's, with its message", (kind) => {
    const error = thrownBy(() => impl.raise!(kind, `a ${kind}`)) as Error;
    expect(protoOf(error)).toBe(globalThis[kind].prototype);
    expect(error.message).toBe(`a ${kind}`);
  });

  test("a learner's subclass arrives as the built-in kind it extends, never as itself", () => {
    const error = thrownBy(() => impl.subclass!()) as Error;
    expect(protoOf(error)).toBe(TypeError.prototype);
    expect(error.message).toBe('mine');
  });

  test('whatever else is thrown arrives as an Error with a readable message', () => {
    expect(thrownBy(() => impl.primitive!())).toEqual(new Error('42'));
    expect(thrownBy(() => impl.plain!())).toEqual(new Error('plain object'));
    expect(thrownBy(() => impl.unreadable!())).toEqual(new Error('an error that cannot be read'));
    expect(thrownBy(() => impl.noString!())).toEqual(new Error('an error that cannot be read'));
  });

  test("the learner's Symbol.hasInstance never sees the error it threw", () => {
    const hostile = learner(String.raw`
      let saw = false;
      exports.raise = () => {
        for (const E of [Error, TypeError, RangeError]) Object.defineProperty(E, Symbol.hasInstance, { value: () => { saw = true; return true; } });
        throw new Error('plain');
      };
      exports.saw = () => saw;
    `).impl;
    const error = thrownBy(() => hostile.raise!()) as Error;
    expect(protoOf(error)).toBe(Error.prototype);
    expect(hostile.saw!()).toBe(false);
  });

  test("a grader function's error reaches the learner as an error of the learner's realm, with its kind and message", () => {
    const fail = (): never => {
      throw new RangeError('out of range');
    };
    // Called without arguments (the rng's fast path) and with some.
    expect(impl.catchIt!(fail)).toEqual([true, true, true, 'out of range', true]);
    expect(impl.catchIt!(fail, 1, [2])).toEqual([true, true, true, 'out of range', true]);
    class Custom extends Error {
      override name = 'Custom';
    }
    const custom = (): never => {
      throw new Custom('custom');
    };
    expect(impl.catchIt!(custom)).toEqual([false, false, true, 'custom', true]);
  });
});

describe('functions are wrapped, never handed over', () => {
  const { impl } = learner(String.raw`
    const double = (xs) => xs.map((v) => v * 2);
    exports.make = () => double;
    exports.callWith = (f, ...args) => { const r = f(...args); return [Object.getPrototypeOf(r) === Array.prototype, r]; };
    exports.source = (f) => Function.prototype.toString.call(f);
    exports.look = (f) => [Object.getPrototypeOf(f) === Function.prototype, Object.getPrototypeOf(f.prototype) === Object.prototype, Object.keys(f).length];
  `);

  test("the learner's functions reach the grader as functions of the grader realm", () => {
    expect(protoOf(impl.make)).toBe(Function.prototype);
    const double = impl.make!() as AnyFunction;
    expect(protoOf(double)).toBe(Function.prototype);
    const r = double([1, 2]);
    expect(r).toEqual([2, 4]);
    expect(protoOf(r)).toBe(Array.prototype);
    expect(impl.make!()).toBe(double); // one wrapper per learner function
  });

  test("a check's function reaches the learner as a function of its realm: its results cloned in, its source never shown", () => {
    const secret = (n: unknown): unknown => ['secret-expected-value', n];
    const [ownRealm, result] = impl.callWith!(secret, [1]) as [boolean, unknown];
    expect(ownRealm).toBe(true);
    expect(result).toEqual(['secret-expected-value', [1]]);
    expect(impl.source!(secret)).not.toContain('secret-expected-value');
    expect(impl.look!(secret)).toEqual([true, true, 0]);
  });

  test('arguments the learner passes to a check function arrive as grader data', () => {
    let got: unknown;
    impl.callWith!((v: unknown) => {
      got = v;
      return [];
    }, [1, [2]]);
    expect(protoOf(got)).toBe(Array.prototype);
    expect(protoOf((got as unknown[])[1])).toBe(Array.prototype);
  });
});

describe("no object of the grader's realm is reachable from graded code", () => {
  const { impl, job } = learner(String.raw`
    const attempt = (v) => {
      try { return String(v.constructor.constructor('return typeof process.binding')()); }
      catch (e) { return e instanceof EvalError ? 'EvalError' : 'other: ' + e; }
    };
    exports.escape = (arr, obj, fn) => [arr, obj, fn, fn(), exports].map(attempt);
    exports.constructors = (arr, obj, fn) => [arr, obj, fn].map((v) => v.constructor.constructor === Function);
    exports.globals = () => [Object.getPrototypeOf(require) === Function.prototype, typeof require.resolve, typeof require.cache, typeof process.binding, typeof process.mainModule, process.versions.node, typeof globalThis.WebAssembly, typeof SharedArrayBuffer];
    exports.fromError = (f) => { try { f(); } catch (e) { return attempt(e); } };
    exports.requireFs = () => require('node:fs');
  `);

  test('`constructor.constructor` of anything the learner is given is its own Function, which cannot compile strings', () => {
    expect(impl.constructors!([1], { a: 1 }, () => 1)).toEqual([true, true, true]);
    expect(impl.escape!([1], { a: 1 }, () => ({ b: [2] }))).toEqual(['EvalError', 'EvalError', 'EvalError', 'EvalError', 'EvalError']);
    expect(
      impl.fromError!(() => {
        throw new Error('x');
      }),
    ).toBe('EvalError');
  });

  test("no Node require (only the realm's own), no Node process, nothing that could call back later", () => {
    expect(impl.globals!()).toEqual([true, 'undefined', 'undefined', 'undefined', 'undefined', undefined, 'undefined', 'undefined']);
  });

  // import() is refused through the realm's importModuleDynamically, which Node calls only under
  // --experimental-vm-modules: the sandbox's flags have it, this test process not, so
  // test/grader/sandbox.test.ts checks it in a real sandbox.

  test('requiring a Node module throws in the learner realm and is flagged on its job', () => {
    expect(() => impl.requireFs!()).toThrow(/node:fs/);
    expect(job.violation?.kind).toBe('forbidden');
    expect(job.violation?.message).toMatch(/node:fs/);
  });
});

describe('patching built-ins changes only the learner realm, and is reported', () => {
  test("the changed built-ins are named; the grader's and the next realm's are untouched", () => {
    const { impl, realm } = learner(String.raw`
      Math.exp = () => 0;
      Array.prototype.every = () => true;
      delete Object.prototype.hasOwnProperty;
      globalThis.JSON = {};
      exports.exp = () => Math.exp(0);
    `);
    expect(impl.exp!()).toBe(0);
    expect(realm.changedBuiltins().sort()).toEqual(['Array.prototype.every', 'JSON', 'Math.exp', 'Object.prototype.hasOwnProperty']);
    expect(Math.exp(0)).toBe(1);
    expect([1].every(() => false)).toBe(false);
    expect(Object.prototype.hasOwnProperty).toBeTypeOf('function');
    const next = learner('exports.exp = () => Math.exp(0); exports.every = () => [1].every(() => false);');
    expect([next.impl.exp!(), next.impl.every!()]).toEqual([1, false]);
    expect(next.realm.changedBuiltins()).toEqual([]);
  });

  test('adding a helper to a built-in is not a change', () => {
    const { realm } = learner('Math.clamp = (x) => Math.min(1, Math.max(0, x)); Array.prototype.sum = function () { return 0; };');
    expect(realm.changedBuiltins()).toEqual([]);
  });

  test("each realm's mathjs is its own: patching it in one realm leaves the other's alone", () => {
    const a = learner("const m = require('mathjs'); m.sqrt = () => -1; exports.sqrt = (x) => m.sqrt(x);");
    const b = learner("const m = require('mathjs'); exports.sqrt = (x) => m.sqrt(x); exports.own = () => Object.getPrototypeOf(m.sqrt) === Function.prototype;");
    expect(a.impl.sqrt!(4)).toBe(-1);
    expect(b.impl.sqrt!(4)).toBe(2);
    expect(b.impl.own!()).toBe(true);
  });
});
