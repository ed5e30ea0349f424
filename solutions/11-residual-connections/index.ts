/**
 * Unit 11 — reference solution: the residual (skip) connection, in a scalar chain and in an MLP.
 * Rows are examples; a block is A_l = A_{l−1} + g(A_{l−1}·W_l + b_l).
 */
import type { Activation, Matrix, Vector } from '@course/types';

export type { Activation };

/** One residual block: W is n × n (the stream keeps its width), b has n entries. */
export interface Block {
  W: Matrix;
  b: Vector;
}

/** The output head: W is n × 1, b has one entry. */
export interface Head {
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

const sigmoidPrime = (z: number): number => sigmoid(z) * sigmoid(-z);

const activate: Record<Activation, (z: number) => number> = {
  sigmoid,
  tanh: Math.tanh,
  relu: (z) => (z > 0 ? z : 0),
  leakyRelu: (z) => (z > 0 ? z : LEAKY_SLOPE * z),
};

const activatePrime: Record<Activation, (z: number) => number> = {
  sigmoid: sigmoidPrime,
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  relu: (z) => (z > 0 ? 1 : 0),
  leakyRelu: (z) => (z > 0 ? 1 : LEAKY_SLOPE),
};

/** z_k = w_k·a_{k−1}, a_k = a_{k−1} + σ(z_k), with a_0 = x; first layer to last. */
export function residualChainForward(x: number, weights: number[]): { z: number[]; a: number[] } {
  const z: number[] = [];
  const a: number[] = [];
  let previous = x;
  for (const w of weights) {
    const zk = w * previous;
    previous = previous + sigmoid(zk);
    z.push(zk);
    a.push(previous);
  }
  return { z, a };
}

/** da_k/da_{k−1} = 1 + w_k·σ'(z_k): the skip's 1 plus the branch's factor. */
export function residualChainLocalGradients(x: number, weights: number[]): number[] {
  const { z } = residualChainForward(x, weights);
  return z.map((zk, k) => 1 + weights[k]! * sigmoidPrime(zk));
}

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

function checkShapes(blocks: Block[], head: Head, X: Matrix, Y: Vector): void {
  const n = X[0]?.length ?? 0;
  if (Y.length !== X.length) throw new Error(`residualNetForwardBackward: X is ${shapeOf(X)} but Y has ${Y.length} entries`);
  blocks.forEach(({ W, b }, l) => {
    if (W.length !== n || W.some((row) => row.length !== n)) throw new Error(`residualNetForwardBackward: block ${l} W is ${shapeOf(W)} but X is ${shapeOf(X)} (a block's W must be ${n}x${n})`);
    if (b.length !== n) throw new Error(`residualNetForwardBackward: block ${l} W is ${shapeOf(W)} but b has ${b.length} entries`);
  });
  if (head.W.length !== n || head.W.some((row) => row.length !== 1)) throw new Error(`residualNetForwardBackward: the head's W is ${shapeOf(head.W)} but X is ${shapeOf(X)} (the head must be ${n}x1)`);
  if (head.b.length !== 1) throw new Error(`residualNetForwardBackward: the head's W is ${shapeOf(head.W)} but its b has ${head.b.length} entries`);
}

/**
 * A_0 = X, A_l = A_{l−1} + g(A_{l−1}·W_l + b_l), ŷ = σ(A_L·W_h + b_h), mean BCE.
 * Backward: the stream's gradient G_L = δ_h·W_hᵀ; through block l, δ_l = G_l ⊙ g'(Z_l) and
 * G_{l−1} = G_l + δ_l·W_lᵀ (the skip passes G_l on unchanged). grads: blocks first to last, then the head.
 */
export function residualNetForwardBackward(blocks: Block[], head: Head, X: Matrix, Y: Vector, activation: Activation): { loss: number; grads: LayerGradient[] } {
  if (!(activation in activate)) throw new Error(`residualNetForwardBackward: unknown activation '${activation}'`);
  checkShapes(blocks, head, X, Y);
  const g = activate[activation];
  const gPrime = activatePrime[activation];
  const m = X.length;

  const As: Matrix[] = [X];
  const Zs: Matrix[] = [];
  blocks.forEach(({ W, b }, l) => {
    const Z = matmul(As[l]!, W).map((row) => row.map((x, j) => x + b[j]!));
    Zs.push(Z);
    As.push(As[l]!.map((row, i) => row.map((x, j) => x + g(Z[i]![j]!))));
  });
  const A_L = As[blocks.length]!;
  const logits = matmul(A_L, head.W).map((row) => row[0]! + head.b[0]!);
  const loss = logits.reduce((s, z, i) => s + Math.max(z, 0) - z * Y[i]! + Math.log1p(Math.exp(-Math.abs(z))), 0) / m;

  const deltaHead: Matrix = logits.map((z, i) => [sigmoid(z) - Y[i]!]);
  const headGrad = { dW: matmul(transpose(A_L), deltaHead).map((row) => row.map((x) => x / m)), db: columnMeans(deltaHead) };
  const grads: LayerGradient[] = new Array(blocks.length);
  let G = matmul(deltaHead, transpose(head.W));
  for (let l = blocks.length - 1; l >= 0; l--) {
    const Z = Zs[l]!;
    const delta = G.map((row, i) => row.map((d, j) => d * gPrime(Z[i]![j]!)));
    grads[l] = { dW: matmul(transpose(As[l]!), delta).map((row) => row.map((x) => x / m)), db: columnMeans(delta) };
    const branch = matmul(delta, transpose(blocks[l]!.W));
    G = G.map((row, i) => row.map((d, j) => d + branch[i]![j]!));
  }
  return { loss, grads: [...grads, headGrad] };
}
