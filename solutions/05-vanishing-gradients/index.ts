/**
 * Unit 05 — reference solution: forward and backward through an L-layer MLP, and the size of
 * each layer's weight gradient. Rows are examples; layer l is Z_l = A_{l−1}·W_l + b_l.
 */
import type { Activation, Matrix, Vector } from '@course/types';
import { gradientCheck } from '../03-gradient-check/index';

export type { Activation };

export interface Layer {
  W: Matrix;
  b: Vector;
}

export interface LayerGradient {
  dW: Matrix;
  db: Vector;
}

const LEAKY_SLOPE = 0.01;

const shapeOf = (M: Matrix): string => `${M.length}x${M[0]?.length ?? 0}`;

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

const activate: Record<Activation, (z: number) => number> = {
  sigmoid,
  tanh: Math.tanh,
  relu: (z) => (z > 0 ? z : 0),
  leakyRelu: (z) => (z > 0 ? z : LEAKY_SLOPE * z),
};

/** g'(z) at the pre-activation z (left-hand value at the kink). */
const activatePrime: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => sigmoid(z) * sigmoid(-z),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  relu: (z) => (z > 0 ? 1 : 0),
  leakyRelu: (z) => (z > 0 ? 1 : LEAKY_SLOPE),
};

function matmul(A: Matrix, B: Matrix): Matrix {
  const n = B[0]?.length ?? 0;
  return A.map((row) => {
    const out = new Array<number>(n).fill(0);
    row.forEach((a, k) => {
      const Bk = B[k]!;
      for (let j = 0; j < n; j++) out[j] += a * Bk[j]!;
    });
    return out;
  });
}

function transpose(M: Matrix): Matrix {
  return (M[0] ?? []).map((_, j) => M.map((row) => row[j]!));
}

function columnMeans(M: Matrix): Vector {
  return (M[0] ?? []).map((_, j) => M.reduce((s, row) => s + row[j]!, 0) / M.length);
}

function checkShapes(layers: Layer[], X: Matrix, Y: Vector): void {
  if (layers.length === 0) throw new Error('deepForwardBackward: the network needs at least one layer');
  if (Y.length !== X.length) throw new Error(`deepForwardBackward: X is ${shapeOf(X)} but Y has ${Y.length} entries`);
  let width = X[0]?.length ?? 0;
  let previous = `X is ${shapeOf(X)}`;
  layers.forEach(({ W, b }, l) => {
    if (W.length !== width) throw new Error(`deepForwardBackward: layer ${l} W is ${shapeOf(W)} but ${previous} (W needs ${width} rows)`);
    width = W[0]?.length ?? 0;
    if (b.length !== width) throw new Error(`deepForwardBackward: layer ${l} W is ${shapeOf(W)} but b has ${b.length} entries`);
    previous = `layer ${l} W is ${shapeOf(W)}`;
  });
  if (width !== 1) throw new Error(`deepForwardBackward: the last layer's W is ${shapeOf(layers[layers.length - 1]!.W)} but the network has one output unit (it must be nx1)`);
}

/**
 * Every layer but the last applies `activation`; the last is one sigmoid unit; loss = mean BCE.
 * Backward: δ_L = ŷ − Y, dW_l = A_{l−1}ᵀ·δ_l / m, db_l = column means of δ_l,
 * δ_{l−1} = (δ_l·W_lᵀ) ⊙ g'(Z_{l−1}). Gradients are returned first layer to last.
 */
export function deepForwardBackward(layers: Layer[], X: Matrix, Y: Vector, activation: Activation): { loss: number; grads: LayerGradient[] } {
  if (!(activation in activate)) throw new Error(`deepForwardBackward: unknown activation '${activation}'`);
  checkShapes(layers, X, Y);
  const g = activate[activation];
  const L = layers.length;
  const m = X.length;

  // Forward: keep every A (A[0] = X) and Z.
  const As: Matrix[] = [X];
  const Zs: Matrix[] = [];
  layers.forEach(({ W, b }, l) => {
    const Z = matmul(As[l]!, W).map((row) => row.map((x, j) => x + b[j]!));
    Zs.push(Z);
    As.push(l === L - 1 ? Z.map((row) => row.map(sigmoid)) : Z.map((row) => row.map(g)));
  });

  // Loss from the logits z: max(z, 0) − z·y + log(1 + e^−|z|) equals BCE(σ(z), y) and never takes log 0.
  const logits = Zs[L - 1]!.map((row) => row[0]!);
  const loss = logits.reduce((s, z, i) => s + Math.max(z, 0) - z * Y[i]! + Math.log1p(Math.exp(-Math.abs(z))), 0) / m;

  // Backward, from the output layer down.
  const gPrime = activatePrime[activation];
  const grads: LayerGradient[] = new Array(L);
  let delta: Matrix = As[L]!.map((row, i) => [row[0]! - Y[i]!]);
  for (let l = L - 1; l >= 0; l--) {
    grads[l] = {
      dW: matmul(transpose(As[l]!), delta).map((row) => row.map((x) => x / m)),
      db: columnMeans(delta),
    };
    if (l > 0) {
      const Zprev = Zs[l - 1]!;
      delta = matmul(delta, transpose(layers[l]!.W)).map((row, i) => row.map((d, j) => d * gPrime(Zprev[i]![j]!)));
    }
  }
  return { loss, grads };
}

/** ‖dW_l‖_F = √(Σ dW_l²) for each layer, first layer to last. */
export function layerGradientNorms(grads: LayerGradient[]): number[] {
  return grads.map(({ dW }) => Math.sqrt(dW.reduce((s, row) => s + row.reduce((t, x) => t + x * x, 0), 0)));
}

// ---- checking a deep backward pass with unit 03's gradient check ----

/** The gradient check of one parameter: unit 03's { error, ok }. */
export interface ParamCheck {
  error: number;
  ok: boolean;
}

/** The checks of one layer's W and b. */
export interface LayerCheck {
  W: ParamCheck;
  b: ParamCheck;
}

/** The signature of `deepForwardBackward`, so that another one can be handed to the check. */
export type ForwardBackwardFn = (layers: Layer[], X: Matrix, Y: Vector, activation: Activation) => { loss: number; grads: LayerGradient[] };

const sizeOf = (value: unknown): string => {
  if (!Array.isArray(value)) return `not an array (${typeof value})`;
  return Array.isArray(value[0]) ? `${value.length}x${(value[0] as unknown[]).length}` : `${value.length} entries`;
};

/**
 * Unit 03's gradientCheck on every layer's W and b: the loss is forwardBackwardFn's own loss with
 * that one parameter replaced, the analytic gradient its grads at the given layers. Every entry is
 * probed (two full passes each), so this is for small nets.
 */
export function checkDeepBackward(layers: Layer[], X: Matrix, Y: Vector, activation: Activation, forwardBackwardFn: ForwardBackwardFn = deepForwardBackward): LayerCheck[] {
  const { grads } = forwardBackwardFn(layers, X, Y, activation);
  if (!Array.isArray(grads) || grads.length !== layers.length) {
    throw new Error(`checkDeepBackward: grads has ${Array.isArray(grads) ? grads.length : 'no'} entries but layers has ${layers.length}`);
  }
  const lossWith = (l: number, layer: Layer) => forwardBackwardFn(layers.map((old, k) => (k === l ? layer : old)), X, Y, activation).loss;
  return layers.map(({ W, b }, l) => {
    const { dW, db } = grads[l]!;
    if (sizeOf(dW) !== sizeOf(W)) throw new Error(`checkDeepBackward: layer ${l} dW is ${sizeOf(dW)} but W is ${sizeOf(W)}`);
    if (sizeOf(db) !== sizeOf(b)) throw new Error(`checkDeepBackward: layer ${l} db has ${sizeOf(db)} but b has ${sizeOf(b)}`);
    const cols = W[0]?.length ?? 0;
    const asW = (v: Vector): Matrix => W.map((_, i) => v.slice(i * cols, (i + 1) * cols));
    return {
      W: gradientCheck((v) => lossWith(l, { W: asW(v), b }), () => dW.flat(), W.flat()),
      b: gradientCheck((v) => lossWith(l, { W, b: [...v] }), () => [...db], [...b]),
    };
  });
}
