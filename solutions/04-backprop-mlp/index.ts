/**
 * Unit 04 — reference solution: a 2-layer MLP, forward and backward, in matrix form.
 * Rows are examples: X is m × n_in, W1 is n_in × h, W2 is h × 1, Z = A·W + b.
 */
import type { Activation, Matrix, Vector } from '@course/types';
import { gradientCheck } from '../03-gradient-check/index';

export type { Activation };

export interface Params {
  W1: Matrix;
  b1: Vector;
  W2: Matrix;
  b2: Vector;
}

/** What the forward pass keeps for the backward pass. */
export interface Cache {
  X: Matrix;
  Z1: Matrix;
  A1: Matrix;
  Z2: Matrix;
  yHat: Vector;
}

export interface Gradients {
  dW1: Matrix;
  db1: Vector;
  dW2: Matrix;
  db2: Vector;
}

const LEAKY_SLOPE = 0.01;

const shapeOf = (M: Matrix): string => `${M.length}x${M[0]?.length ?? 0}`;

function sigmoid(z: number): number {
  // Stable for any z: the exponential always has a non-positive argument (unit 01).
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** g(z) for each hidden activation. */
const activate: Record<Activation, (z: number) => number> = {
  sigmoid,
  tanh: Math.tanh,
  relu: (z) => (z > 0 ? z : 0),
  leakyRelu: (z) => (z > 0 ? z : LEAKY_SLOPE * z),
};

/** g'(z), evaluated at the PRE-activation z (at z = 0 the left-hand value). */
const activatePrime: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => sigmoid(z) * sigmoid(-z),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  relu: (z) => (z > 0 ? 1 : 0),
  leakyRelu: (z) => (z > 0 ? 1 : LEAKY_SLOPE),
};

function checkActivation(hidden: string): asserts hidden is Activation {
  if (!(hidden in activate)) throw new Error(`unknown activation '${hidden}': use sigmoid, tanh, relu or leakyRelu`);
}

function transpose(M: Matrix): Matrix {
  return (M[0] ?? []).map((_, j) => M.map((row) => row[j]!));
}

function matmul(A: Matrix, B: Matrix): Matrix {
  return A.map((row) => (B[0] ?? []).map((_, j) => row.reduce((s, a, k) => s + a * B[k]![j]!, 0)));
}

function columnMeans(M: Matrix): Vector {
  return (M[0] ?? []).map((_, j) => M.reduce((s, row) => s + row[j]!, 0) / M.length);
}

/** Z = A·W + b, with b added to every row. A: m × n_in, W: n_in × n_out, b: n_out → m × n_out. */
export function dense(A: Matrix, W: Matrix, b: Vector): Matrix {
  const nIn = A[0]?.length ?? 0;
  if (W.length !== nIn) throw new Error(`dense: A is ${shapeOf(A)} but W is ${shapeOf(W)} (W needs one row per column of A)`);
  const nOut = W[0]?.length ?? 0;
  if (b.length !== nOut) throw new Error(`dense: W is ${shapeOf(W)} but b has ${b.length} entries (b needs one per column of W)`);
  return A.map((row) => b.map((bj, j) => row.reduce((s, a, k) => s + a * W[k]![j]!, bj)));
}

/** Z1 = X·W1 + b1, A1 = g(Z1), Z2 = A1·W2 + b2, ŷ = σ(Z2) (one output unit). */
export function forward(params: Params, X: Matrix, hidden: Activation): { yHat: Vector; cache: Cache } {
  checkActivation(hidden);
  const { W1, b1, W2, b2 } = params;
  if ((W2[0]?.length ?? 0) !== 1) throw new Error(`forward: W2 is ${shapeOf(W2)} but the network has one output unit, so W2 must be ${W1[0]?.length ?? 0}x1`);
  const Z1 = dense(X, W1, b1);
  const A1 = Z1.map((row) => row.map(activate[hidden]));
  const Z2 = dense(A1, W2, b2);
  const yHat = Z2.map((row) => sigmoid(row[0]!));
  return { yHat, cache: { X, Z1, A1, Z2, yHat } };
}

/**
 * Mean binary cross-entropy −(1/m)·Σ [y·log ŷ + (1−y)·log(1−ŷ)]. A term whose weight is 0 is
 * skipped (0·log 0 = 0), so a confident, correct ŷ of exactly 0 or 1 gives 0, not NaN.
 */
export function bceLoss(yHat: Vector, Y: Vector): number {
  if (yHat.length !== Y.length) throw new Error(`bceLoss: yHat has ${yHat.length} entries but Y has ${Y.length}`);
  let total = 0;
  yHat.forEach((p, i) => {
    const y = Y[i]!;
    if (y !== 0) total -= y * Math.log(p);
    if (y !== 1) total -= (1 - y) * Math.log(1 - p);
  });
  return total / Y.length;
}

/**
 * δ2 = ŷ − Y (m × 1);  dW2 = A1ᵀ·δ2 / m;  db2 = column means of δ2;
 * δ1 = (δ2·W2ᵀ) ⊙ g'(Z1) (m × h);  dW1 = Xᵀ·δ1 / m;  db1 = column means of δ1.
 */
export function backward(params: Params, cache: Cache, Y: Vector, hidden: Activation): Gradients {
  checkActivation(hidden);
  const { X, Z1, A1, yHat } = cache;
  const m = yHat.length;
  if (Y.length !== m) throw new Error(`backward: yHat has ${m} entries but Y has ${Y.length}`);
  if (params.W2.length !== (A1[0]?.length ?? 0)) throw new Error(`backward: W2 is ${shapeOf(params.W2)} but A1 is ${shapeOf(A1)}`);

  const delta2 = yHat.map((p, i) => [p - Y[i]!]);
  const dW2 = matmul(transpose(A1), delta2).map((row) => row.map((x) => x / m));
  const db2 = columnMeans(delta2);

  const gPrime = activatePrime[hidden];
  const delta1 = matmul(delta2, transpose(params.W2)).map((row, i) => row.map((d, j) => d * gPrime(Z1[i]![j]!)));
  const dW1 = matmul(transpose(X), delta1).map((row) => row.map((x) => x / m));
  const db1 = columnMeans(delta1);

  return { dW1, db1, dW2, db2 };
}

// ---- checking a backward pass with unit 03's gradient check ----

/** The gradient check of one parameter: unit 03's { error, ok }. */
export interface ParamCheck {
  error: number;
  ok: boolean;
}

/** One check per parameter, named like the parameter. */
export type BackwardCheck = Record<keyof Params, ParamCheck>;

/** The signature of `backward`, so that another backward pass can be handed to the check. */
export type BackwardFn = (params: Params, cache: Cache, Y: Vector, hidden: Activation) => Gradients;

const PARAM_NAMES = ['W1', 'b1', 'W2', 'b2'] as const;

const flatten = (value: Matrix | Vector): Vector => (value as (number | Vector)[]).flat();

/** A flat vector laid out in the shape of `like` (a Matrix or a Vector). */
function reshapeLike(v: Vector, like: Matrix | Vector): Matrix | Vector {
  if (typeof like[0] === 'number' || like.length === 0) return [...v];
  const cols = (like[0] as Vector).length;
  return (like as Matrix).map((_, i) => v.slice(i * cols, (i + 1) * cols));
}

/** 'MxN' for a Matrix, 'N entries' for a Vector, for the shape messages. */
function describeShape(value: unknown): string {
  if (!Array.isArray(value)) return `not an array (${typeof value})`;
  return Array.isArray(value[0]) ? `${value.length}x${(value[0] as unknown[]).length}` : `${value.length} entries`;
}

/**
 * Unit 03's gradientCheck, once per parameter: the loss as a function of that parameter's entries
 * (flattened row by row; the other parameters fixed) is forward + bceLoss, and its analytic gradient
 * is what `backwardFn` returned at the unperturbed parameters, flattened the same way.
 */
export function checkBackward(params: Params, X: Matrix, Y: Vector, hidden: Activation, backwardFn: BackwardFn = backward): BackwardCheck {
  const { cache } = forward(params, X, hidden);
  const grads = backwardFn(params, cache, Y, hidden);
  const result = {} as BackwardCheck;
  for (const name of PARAM_NAMES) {
    const param = params[name];
    const gradient = grads[`d${name}`];
    // Same number of entries is not enough: a 1x3 dW2 for a 3x1 W2 is the transposed gradient.
    if (describeShape(gradient) !== describeShape(param)) {
      throw new Error(`checkBackward: d${name} is ${describeShape(gradient)} but ${name} is ${describeShape(param)}`);
    }
    const analytic = flatten(gradient);
    // A new params object per probe: the caller's params are never written to.
    const loss = (v: Vector) => bceLoss(forward({ ...params, [name]: reshapeLike(v, param) }, X, hidden).yHat, Y);
    result[name] = gradientCheck(loss, () => analytic, flatten(param));
  }
  return result;
}
