/** Unit 06 — reference solution. */
import type { Matrix, Vector } from '@course/types';

const relu = (z: number): number => (z > 0 ? z : 0);
/** At the kink z = 0 the course takes the left-hand slope, 0 (as PyTorch does). */
const reluPrime = (z: number): number => (z > 0 ? 1 : 0);

/** The pre-activations z_k = w_k · a_{k−1}, first layer to last. */
function preActivations(x: number, weights: number[]): number[] {
  const z: number[] = [];
  let a = x;
  for (const w of weights) {
    z.push(w * a);
    a = relu(w * a);
  }
  return z;
}

export function reluChainForward(x: number, weights: number[]): number[] {
  return preActivations(x, weights).map(relu);
}

export function reluChainBackward(x: number, weights: number[], dLdzLast = 1): number[] {
  const z = preActivations(x, weights);
  const L = weights.length;
  const dz = new Array<number>(L);
  if (L === 0) return dz;
  dz[L - 1] = dLdzLast;
  // dL/dz_k = dL/dz_{k+1} · w_{k+1} · relu'(z_k): one weight and one slope per step back.
  for (let k = L - 2; k >= 0; k--) dz[k] = dz[k + 1]! * weights[k + 1]! * reluPrime(z[k]!);
  return dz;
}

const shape = (M: Matrix): string => `${M.length}x${M[0]?.length ?? 0}`;

function assertSquare(W: Matrix, name: string): void {
  if (W.length === 0 || W.some((row) => row.length !== W.length)) {
    throw new Error(`${name} is ${shape(W)} but must be square (n x n)`);
  }
}

function multiply(A: Matrix, B: Matrix): Matrix {
  return A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, p) => s + a * B[p]![j]!, 0)));
}

export function matrixPower(W: Matrix, k: number): Matrix {
  assertSquare(W, 'W');
  if (!Number.isInteger(k) || k < 0) throw new Error(`matrixPower needs a whole number k >= 0, got ${k}`);
  let result: Matrix = W.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
  for (let i = 0; i < k; i++) result = multiply(result, W);
  return result;
}

export function deepLinearOutput(W: Matrix, L: number, x: Vector): Vector {
  assertSquare(W, 'W');
  if (x.length !== W.length) throw new Error(`W is ${shape(W)} but x has length ${x.length}`);
  if (!Number.isInteger(L) || L < 1) throw new Error(`deepLinearOutput needs a whole number of layers L >= 1, got ${L}`);
  // L layers hold L − 1 copies of the hidden matrix W (the notes' "identical hidden matrices").
  const P = matrixPower(W, L - 1);
  return P.map((row) => row.reduce((s, p, j) => s + p * x[j]!, 0));
}

export function gdDiverges(curvature: number, lr: number, steps: number): boolean {
  // f(w) = ½·c·w², f'(w) = c·w, so each step is w ← w − lr·c·w = (1 − lr·c)·w.
  // Multiplying by the factor (rather than w −= lr·c·w) keeps w = ±Infinity once it overflows,
  // instead of turning it into Infinity − Infinity = NaN.
  const factor = 1 - lr * curvature;
  let w = 1;
  for (let t = 0; t < steps; t++) w *= factor;
  return Math.abs(w) > 1;
}
