// A correct unit 04 written here with mathjs (not taken from solutions/), and each catalogued slip planted in it.
import { multiply, transpose } from 'mathjs';
import { stableSigmoid as sigmoid } from '../../../grader/engine/scalar';
import type { Activation } from '../../../lib/types';
import { checkerSlips, makeGradientCheck, type Slip } from './gradient-check-kit';

export type Matrix = number[][];
export type Vector = number[];
export type { Activation };
export interface Params { W1: Matrix; b1: Vector; W2: Matrix; b2: Vector }
export interface Cache { X: Matrix; Z1: Matrix; A1: Matrix; Z2: Matrix; yHat: Vector }

// ---- an independent correct module, written with mathjs (not imported from solutions/) ----
export { sigmoid };
export const g: Record<Activation, (z: number) => number> = { sigmoid, tanh: Math.tanh, relu: (z) => Math.max(0, z), leakyRelu: (z) => (z > 0 ? z : 0.01 * z) };
export const gPrime: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => sigmoid(z) * sigmoid(-z),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  relu: (z) => (z > 0 ? 1 : 0),
  leakyRelu: (z) => (z > 0 ? 1 : 0.01),
};
export const size = (M: Matrix) => `${M.length}x${M[0]!.length}`;
export const mm = (A: Matrix, B: Matrix) => multiply(A, B) as Matrix;
export const T = (M: Matrix) => transpose(M) as Matrix;
export const mean = (M: Matrix) => M[0]!.map((_, j) => M.reduce((s, r) => s + r[j]!, 0) / M.length);

export function dense(A: Matrix, W: Matrix, b: Vector): Matrix {
  if (A[0]!.length !== W.length) throw new Error(`A is ${size(A)} but W is ${size(W)}`);
  if (W[0]!.length !== b.length) throw new Error(`W is ${size(W)} but b has ${b.length} entries`);
  return mm(A, W).map((row) => row.map((x, j) => x + b[j]!));
}
export function forward(p: Params, X: Matrix, hidden: Activation) {
  const Z1 = dense(X, p.W1, p.b1);
  const A1 = Z1.map((r) => r.map(g[hidden]));
  const Z2 = dense(A1, p.W2, p.b2);
  const yHat = Z2.map((r) => sigmoid(r[0]!));
  return { yHat, cache: { X, Z1, A1, Z2, yHat } as Cache };
}
export function bceLoss(yHat: Vector, Y: Vector): number {
  if (yHat.length !== Y.length) throw new Error(`yHat has ${yHat.length} entries but Y has ${Y.length}`);
  return -yHat.reduce((s, p, i) => s + (Y[i] ? Y[i]! * Math.log(p) : 0) + (Y[i] !== 1 ? (1 - Y[i]!) * Math.log(1 - p) : 0), 0) / Y.length;
}

/** The backward pass with switches for each planted mistake. */
export interface Plant {
  noDivide?: boolean;
  divideTwice?: boolean;
  deltaSign?: boolean;
  extraOutputSlope?: boolean;
  noTranspose?: 'dW2' | 'both'; // dW = A·δ / m
  transposedResult?: boolean; // dW = δᵀ·A / m
  primeAt?: 'A' | 'shortcutOnZ';
}
export function makeBackward(plant: Plant = {}) {
  return (p: Params, cache: Cache, Y: Vector, hidden: Activation) => {
    const { X, Z1, A1, yHat } = cache;
    if (Y.length !== yHat.length) throw new Error(`yHat has ${yHat.length} entries but Y has ${Y.length}`);
    const m = plant.noDivide ? 1 : plant.divideTwice ? Y.length * Y.length : Y.length;
    const avg = (M: Matrix) => mean(M).map((x) => (x * Y.length) / m);
    const weightGrad = (A: Matrix, delta: Matrix, which: 'dW1' | 'dW2') =>
      (plant.noTranspose === 'both' || plant.noTranspose === which ? mm(A, delta) : plant.transposedResult ? mm(T(delta), A) : mm(T(A), delta)).map((r) => r.map((x) => x / m));
    const delta2 = yHat.map((q, i) => [(plant.deltaSign ? -1 : 1) * (q - Y[i]!) * (plant.extraOutputSlope ? q * (1 - q) : 1)]);
    const slope = plant.primeAt === 'A' ? A1.map((r) => r.map(gPrime[hidden]))
      : plant.primeAt === 'shortcutOnZ' ? Z1.map((r) => r.map((z) => (hidden === 'tanh' ? 1 - z * z : z * (1 - z))))
      : Z1.map((r) => r.map(gPrime[hidden]));
    const delta1 = mm(delta2, T(p.W2)).map((r, i) => r.map((d, j) => d * slope[i]![j]!));
    return { dW1: weightGrad(X, delta1, 'dW1'), db1: avg(delta1), dW2: weightGrad(A1, delta2, 'dW2'), db2: avg(delta2) };
  };
}

type Gradients = ReturnType<ReturnType<typeof makeBackward>>;
type BackwardFn = (p: Params, cache: Cache, Y: Vector, hidden: Activation) => Gradients;

/** checkBackward on a unit-03 gradient check with `slip` planted (or none). */
export function makeCheckBackward(slip?: Slip, ownBackward: BackwardFn = makeBackward()) {
  const gradientCheck = makeGradientCheck(slip);
  return (p: Params, X: Matrix, Y: Vector, hidden: Activation, backwardFn: BackwardFn = ownBackward) => {
    const grads = backwardFn(p, forward(p, X, hidden).cache, Y, hidden);
    const out: Record<string, { error: number; ok: boolean }> = {};
    for (const name of ['W1', 'b1', 'W2', 'b2'] as const) {
      const param = p[name];
      const grad = grads[`d${name}`];
      const shape = (v: Matrix | Vector) => (Array.isArray(v[0]) ? size(v as Matrix) : `${v.length} entries`);
      if (shape(grad) !== shape(param)) throw new Error(`d${name} is ${shape(grad)} but ${name} is ${shape(param)}`);
      const rows = Array.isArray(param[0]);
      const cols = rows ? (param as Matrix)[0]!.length : 0;
      const rebuild = (v: Vector) => (rows ? (param as Matrix).map((_, i) => v.slice(i * cols, (i + 1) * cols)) : [...v]);
      const flat = (v: Matrix | Vector) => (v as (number | Vector)[]).flat();
      out[name] = gradientCheck((v) => bceLoss(forward({ ...p, [name]: rebuild(v) }, X, hidden).yHat, Y), () => flat(grad), flat(param));
    }
    return out;
  };
}

export const correct = { dense, forward, bceLoss, backward: makeBackward(), checkBackward: makeCheckBackward() };
export const planted = (plant: Plant) => ({ ...correct, backward: makeBackward(plant), checkBackward: makeCheckBackward(undefined, makeBackward(plant)) });

/** A product read one column too far: undefined × number = NaN, the bug behind many NaN gradients. */
const leakyProduct = (A: Matrix, B: Matrix): Matrix => A[0]!.map((_, i) => B[0]!.map((__, j) => A.reduce((s, row, k) => s + row[i]! * B[k]![j + (j === B[0]!.length - 1 ? 1 : 0)]!, 0)));
const withNaN = (p: Params, cache: Cache, Y: Vector, hidden: Activation) => {
  const grads = correct.backward(p, cache, Y, hidden);
  const delta2 = cache.yHat.map((q, i) => [q - Y[i]!]);
  return { ...grads, dW2: leakyProduct(cache.A1, delta2).map((r) => r.map((x) => x / Y.length)) };
};

export const plants: Record<string, typeof correct> = {
  'dense/bias-left-out': { ...correct, dense: (A: Matrix, W: Matrix, b: Vector) => dense(A, W, b.map(() => 0)) },
  'forwardYHat/hidden-activation-on-output': { ...correct, forward: (p: Params, X: Matrix, hidden: Activation) => {
    const { cache } = forward(p, X, hidden);
    const yHat = cache.Z2.map((r) => g[hidden](r[0]!));
    return { yHat, cache: { ...cache, yHat } };
  } },
  'forwardYHat/no-output-sigmoid': { ...correct, forward: (p: Params, X: Matrix, hidden: Activation) => {
    const { cache } = forward(p, X, hidden);
    const yHat = cache.Z2.map((r) => r[0]!);
    return { yHat, cache: { ...cache, yHat } };
  } },
  'bceLoss/sum': { ...correct, bceLoss: (p: Vector, y: Vector) => bceLoss(p, y) * y.length },
  'bceLoss/missing-minus': { ...correct, bceLoss: (p: Vector, y: Vector) => -bceLoss(p, y) },
  'bceLoss/zero-log-zero': { ...correct, bceLoss: (p: Vector, y: Vector) => -p.reduce((s, q, i) => s + y[i]! * Math.log(q) + (1 - y[i]!) * Math.log(1 - q), 0) / y.length },
  'backward/no-divide': planted({ noDivide: true }),
  'backward/divides-twice': planted({ divideTwice: true }),
  'backward/transposed': planted({ transposedResult: true }),
  'backward/no-transpose': planted({ noTranspose: 'dW2' }),
  'backward/delta-sign': planted({ deltaSign: true }),
  'backward/at-a': planted({ primeAt: 'A' }),
  'backward/shortcut-on-z': planted({ primeAt: 'shortcutOnZ' }),
  'backward/extra-output-slope': planted({ extraOutputSlope: true }),
  'backward/nan': { ...correct, backward: withNaN },
  ...Object.fromEntries(checkerSlips.map((slip) => [`checkBackward/${slip}`, { ...correct, checkBackward: makeCheckBackward(slip) }])),
};
