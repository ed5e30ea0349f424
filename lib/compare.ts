/**
 * Comparing numbers, vectors and matrices the way every test in the course does,
 * and describing them in messages a learner can read.
 */
export type Numeric = number | number[] | number[][];

/** 'scalar', '3' or '3x2'; null when the value is not a number, vector or matrix. */
export function shapeOf(value: unknown): string | null {
  if (typeof value === 'number') return 'scalar';
  if (!Array.isArray(value)) return null;
  if (value.every((x) => typeof x === 'number')) return String(value.length);
  if (value.length > 0 && value.every((row) => Array.isArray(row) && row.every((x) => typeof x === 'number'))) {
    const cols = (value[0] as unknown[]).length;
    if (value.every((row) => (row as unknown[]).length === cols)) return `${value.length}x${cols}`;
    return 'ragged';
  }
  return null;
}

export function flatten(value: Numeric): number[] {
  if (typeof value === 'number') return [value];
  return (value as (number | number[])[]).flat() as number[];
}

function norm(values: number[]): number {
  return Math.sqrt(values.reduce((s, x) => s + x * x, 0));
}

/** ‖a − b‖ / (‖a‖ + ‖b‖), and 0 when both are zero: the course's measure of agreement. */
export function relativeDifference(a: Numeric, b: Numeric): number {
  const fa = flatten(a);
  const fb = flatten(b);
  if (fa.length !== fb.length) return Infinity;
  const denominator = norm(fa) + norm(fb);
  if (denominator === 0) return 0;
  return norm(fa.map((x, i) => x - fb[i]!)) / denominator;
}

export interface Tolerance {
  /** absolute tolerance per element (default 1e-9) */
  atol?: number;
  /** relative tolerance per element (default 1e-6) */
  rtol?: number;
}

/**
 * Same shape, and every element within atol + rtol·|expected|. NaN never matches; an infinity
 * matches only itself. Something that is not numbers never matches, even itself (an object whose
 * `flat()` returns [] would otherwise agree with anything of its kind).
 */
export function isClose(actual: unknown, expected: Numeric, { atol = 1e-9, rtol = 1e-6 }: Tolerance = {}): boolean {
  const shape = shapeOf(expected);
  if (shape === null || shapeOf(actual) !== shape) return false;
  const fa = flatten(actual as Numeric);
  const fe = flatten(expected);
  return fa.every((x, i) => {
    const e = fe[i]!;
    if (x === e) return true; // also covers matching infinities
    if (!Number.isFinite(e)) return false; // atol + rtol·∞ would let any number through
    return Math.abs(x - e) <= atol + rtol * Math.abs(e);
  });
}

function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const abs = Math.abs(x);
  if (abs < 1e-4 || abs >= 1e6) return x.toExponential(5).replace(/\.?0+e/, 'e');
  return String(Number(x.toPrecision(8)));
}

/** A short, readable rendering of any value a learner's function might return. */
export function describe(value: unknown, maxItems = 6): string {
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) {
    const shown = value.slice(0, maxItems).map((v) => describe(v, maxItems));
    const more = value.length > maxItems ? `, … (${value.length} items)` : '';
    return `[${shown.join(', ')}${more}]`;
  }
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') {
    try {
      const entries = Object.entries(value as object).slice(0, maxItems);
      return `{ ${entries.map(([k, v]) => `${k}: ${describe(v, maxItems)}`).join(', ')} }`;
    } catch {
      return 'an object that cannot be read';
    }
  }
  return JSON.stringify(value) ?? String(value);
}

/**
 * Where a vector or matrix answer departs from the expected one: the first entry outside the
 * tolerance and the entry with the largest error, e.g. "The first wrong entry is [1][0]: 0.2 where
 * 0.5 is expected; the largest error is 0.7, at [2][1]." Empty for scalars, for shapes that differ,
 * and for a single entry (the numbers are then in the message already).
 */
export function whereItDeparts(actual: unknown, expected: Numeric, { atol = 1e-9, rtol = 1e-6 }: Tolerance = {}): string {
  const shape = shapeOf(expected);
  if (shape === null || shape === 'scalar' || shapeOf(actual) !== shape) return '';
  const fa = flatten(actual as Numeric);
  const fe = flatten(expected);
  if (fe.length < 2) return '';
  const cols = shape.includes('x') ? Number(shape.split('x')[1]) : 0;
  const at = (k: number) => (cols ? `[${Math.floor(k / cols)}][${k % cols}]` : `[${k}]`);
  const error = (k: number) => (fa[k] === fe[k] ? 0 : Number.isNaN(fa[k]!) || !Number.isFinite(fe[k]!) ? Infinity : Math.abs(fa[k]! - fe[k]!));
  const wrong = fe.map((_, k) => k).filter((k) => fa[k] !== fe[k] && !(error(k) <= atol + rtol * Math.abs(fe[k]!)));
  if (wrong.length === 0) return '';
  const first = wrong[0]!;
  const largest = wrong.reduce((best, k) => (error(k) > error(best) ? k : best), first);
  const count = wrong.length === 1 ? 'Only one entry is wrong' : `${wrong.length} of ${fe.length} entries are wrong`;
  const firstText = `the first is ${at(first)}: ${describe(fa[first])} where ${describe(fe[first])} is expected`;
  const largestText = largest === first ? '' : `; the largest error is ${describe(error(largest))}, at ${at(largest)} (${describe(fa[largest])} where ${describe(fe[largest])} is expected)`;
  return `${count}; ${firstText}${largestText}.`;
}
