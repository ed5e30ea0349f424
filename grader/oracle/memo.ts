/**
 * The oracle table: each expected value (the reference engine's, a check's own oracle helper's, a
 * misconception's predicted wrong value) computed once per class instead of once per learner.
 *
 * What is memoised is a *function of plain data*: an engine export, a catalogue slip's `predict`, or
 * a suite's helper declared with `oracleFunction(id, fn)` (grader/checks/support/oracle.ts). A call is
 * answered from the table only when every argument is plain data (numbers, strings, booleans,
 * null/undefined, arrays, plain objects, typed arrays; no functions, no class instances such as
 * Tensors, no getters, no cycles) and so is the result; then the value is a function of the key
 * alone, whoever asked first, so grades cannot depend on the order learners come in. A call that
 * changes its arguments is never stored (replaying it would skip the change).
 *
 * Values are stored serialised (v8.serialize) and handed out as a fresh copy on every hit, so
 * neither a check nor the learner's code (through the membrane's write-back of what it did to its
 * inputs) can change what the next learner gets.
 *
 * This file runs in two places: inside the sandbox's grader realm (bundled into the harness, which
 * can read no files: Node's modules come in as `deps`) and in the grader process (grader/oracle/store.ts),
 * which alone computes what is kept in the cache and shared between sandboxes.
 */

export interface OracleDeps {
  serialize(value: unknown): Uint8Array;
  deserialize(bytes: Uint8Array): unknown;
  /** a short, collision-resistant digest of a string (sha-256, base64) */
  digest(text: string): string;
}

/**
 * The deps on Node's own v8 and crypto modules. The harness passes the modules it was handed (it
 * cannot import them), the grader process its imports: the same functions either way.
 */
export function nodeOracleDeps(v8: Pick<typeof import('node:v8'), 'serialize' | 'deserialize'>, crypto: Pick<typeof import('node:crypto'), 'createHash'>): OracleDeps {
  return {
    serialize: (value) => v8.serialize(value),
    deserialize: (bytes) => v8.deserialize(bytes as Buffer) as unknown,
    digest: (text) => crypto.createHash('sha256').update(text).digest('base64'),
  };
}

/** Bump when the key or value format changes: older tables are then ignored. */
export const ORACLE_FORMAT = 1;
/** Arguments larger than this (in their canonical text) are not looked up: hashing them would cost more than it saves. */
export const MAX_ARGS_CHARS = 4 << 20;
/** Values larger than this are not stored. */
export const MAX_VALUE_BYTES = 4 << 20;
/** A table stops growing here (bytes of stored values), so a class of wrong answers cannot fill the memory. */
export const MAX_TABLE_BYTES = 96 << 20;
const MAX_DEPTH = 64;
const MAX_NODES = 2_000_000;

const { getPrototypeOf, ownKeys, getOwnPropertyDescriptor } = Reflect;
const { isArray } = Array;
const TYPED = new Set<unknown>([Float64Array, Float32Array, Int8Array, Int16Array, Int32Array, Uint8Array, Uint8ClampedArray, Uint16Array, Uint32Array].map((C) => C.prototype));

const primitiveKey = (v: unknown): string | undefined => {
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? 'n-0' : `n${v}`;
    case 'string':
      return `s${JSON.stringify(v)}`;
    case 'boolean':
      return v ? 't' : 'f';
    case 'undefined':
      return 'u';
    default:
      return v === null ? 'z' : undefined;
  }
};

/**
 * The one walk behind isPlain and canonical: whether `value` is plain data (see the file comment),
 * writing its canonical text into `parts` when given. The budget and depth bound the walk; a cycle is
 * not plain.
 */
function walkPlain(value: unknown, parts?: string[]): boolean {
  const budget = { nodes: 0 };
  const path = new Set<object>();
  const walk = (v: unknown, depth: number): boolean => {
    const prim = primitiveKey(v);
    if (prim !== undefined) {
      parts?.push(prim);
      return true;
    }
    if (typeof v === 'bigint') {
      parts?.push(`b${v}`);
      return true;
    }
    if (typeof v !== 'object' || v === null) return false; // functions, symbols
    if (depth > MAX_DEPTH || ++budget.nodes > MAX_NODES || path.has(v)) return false;
    const proto = getPrototypeOf(v);
    if (TYPED.has(proto)) {
      if (parts) {
        const a = v as unknown as ArrayLike<number>;
        parts.push(`T${(v as { constructor: { name: string } }).constructor.name}(`);
        for (let i = 0; i < a.length; i++) parts.push(Object.is(a[i], -0) ? '-0,' : `${a[i]},`);
        parts.push(')');
      }
      return true;
    }
    path.add(v);
    try {
      if (isArray(v)) {
        if (proto !== Array.prototype) return false;
        const a = v as unknown[];
        parts?.push('[');
        for (let i = 0; i < a.length; i++) {
          if (!walk(a[i], depth + 1)) return false;
          parts?.push(',');
        }
        parts?.push(']');
        return true;
      }
      if (proto !== Object.prototype && proto !== null) return false;
      parts?.push('{');
      for (const key of ownKeys(v)) {
        if (typeof key !== 'string') return false;
        const d = getOwnPropertyDescriptor(v, key)!;
        if (!('value' in d) || !d.enumerable) return false; // a getter could answer differently each time
        parts?.push(`${JSON.stringify(key)}:`);
        if (!walk(d.value, depth + 1)) return false;
        parts?.push(',');
      }
      parts?.push('}');
      return true;
    } finally {
      path.delete(v);
    }
  };
  return walk(value, 0);
}

/** Whether `value` is plain data (see the file comment). */
export const isPlain = (value: unknown): boolean => walkPlain(value);

export interface CallKey {
  key: string;
  /** the arguments' canonical text (absent when all are primitives: the key is then the arguments themselves) */
  canonical?: string;
}

/**
 * The arguments as text that depends on their values only: a number is written as JavaScript
 * writes it (so 1 stored as a small integer and 1 stored as a double are the same, and −0 is not
 * 0), arrays and plain objects by their items in order, typed arrays with their kind. Undefined when
 * they are not plain data (see isPlain). A v8 serialisation would not do: it writes a small integer
 * and the same double differently, and a value that went through a process boundary may come back
 * either way.
 */
export function canonical(value: unknown): string | undefined {
  const parts: string[] = [];
  return walkPlain(value, parts) ? parts.join('') : undefined;
}

/** The table key of `id` called with `args`, or undefined when the call cannot be memoised. */
export function callKey(id: string, args: readonly unknown[], deps: OracleDeps): CallKey | undefined {
  let simple = '';
  let allPrimitive = true;
  for (const a of args) {
    const k = primitiveKey(a);
    if (k === undefined) {
      allPrimitive = false;
      break;
    }
    simple += `${k}\u0001`;
  }
  if (allPrimitive) return { key: `${id}\u0000${simple}` };
  const text = canonical(args);
  if (text === undefined || text.length > MAX_ARGS_CHARS) return undefined;
  return { key: `${id}\u0000#${deps.digest(text)}`, canonical: text };
}


/** A stored value: a primitive as itself, anything else serialised; NOT_STORED marks a call that may not be replayed. */
export type Entry = { primitive: unknown } | { bytes: Uint8Array };
export const NOT_STORED: unique symbol = Symbol('not stored');

/** Compute `fn(...args)` for a key that missed; the entry to store (or NOT_STORED) and the value to return. */
export function computeEntry(fn: (...args: unknown[]) => unknown, args: unknown[], call: CallKey, deps: OracleDeps): { value: unknown; entry: Entry | typeof NOT_STORED } {
  const value = fn(...args);
  // A function that changed its arguments did something a replay would not do.
  if (call.canonical !== undefined && canonical(args) !== call.canonical) return { value, entry: NOT_STORED };
  const prim = primitiveKey(value) !== undefined || typeof value === 'bigint';
  if (prim) return { value, entry: { primitive: value } };
  if (!isPlain(value)) return { value, entry: NOT_STORED };
  const bytes = deps.serialize(value);
  return { value, entry: bytes.length > MAX_VALUE_BYTES ? NOT_STORED : { bytes } };
}

export const readEntry = (entry: Entry, deps: OracleDeps): unknown => ('primitive' in entry ? entry.primitive : deps.deserialize(entry.bytes));
export const entrySize = (entry: Entry): number => ('bytes' in entry ? entry.bytes.length : 16) + 64;

/** How an entry travels (IPC is JSON) and is kept on disk: base64 of its v8 serialisation. */
export function encodeEntry(entry: Entry, deps: OracleDeps): string {
  return toBase64('primitive' in entry ? deps.serialize(entry.primitive) : entry.bytes);
}
export function decodeEntry(text: string, deps: OracleDeps): Entry {
  const bytes = fromBase64(text);
  const value = deps.deserialize(bytes);
  return value !== null && typeof value === 'object' ? { bytes } : { primitive: value };
}

// Buffer is Node's; the harness gets it from its boot realm through deps-free globals, which are the grader realm's.
export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
export const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/** What a suite imports as `grader/checks/support/oracle` in the grader (see grader/build.ts). */
export interface OracleApi {
  oracleFunction<F extends (...args: never[]) => unknown>(id: string, fn: F): F;
  oracleModule<M extends object>(id: string, module: M): M;
}

/** Whether `fn` is a class (left alone: `new` must keep working, and instances are not plain data). */
const isClass = (fn: unknown): boolean => typeof fn === 'function' && /^class\b/.test(Function.prototype.toString.call(fn));

/**
 * The memoising face of a module the suites import (the engine's index, a misconception catalogue):
 * every exported function (not class) is memoised under `<id>.<name>`, and every catalogue slip's
 * `predict` under `<id>.<export>.<slip id>`. `memo` decides what a memoised function does.
 */
export function wrapModule<M extends object>(id: string, module: M, memo: (id: string, fn: (...args: unknown[]) => unknown) => unknown): M {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(module)) {
    const value = (module as Record<string, unknown>)[name];
    if (typeof value === 'function' && !isClass(value)) out[name] = memo(`${id}.${name}`, value as (...args: unknown[]) => unknown);
    else if (isArray(value) && value.every((s) => s && typeof s === 'object' && typeof (s as { id?: unknown }).id === 'string')) {
      out[name] = value.map((slip: { id: string; predict?: unknown }) =>
        typeof slip.predict === 'function' ? { ...slip, predict: memo(`${id}.${name}.${slip.id}`, slip.predict as (...args: unknown[]) => unknown) } : slip,
      );
    } else out[name] = value;
  }
  return out as M;
}
