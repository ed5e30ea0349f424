/** Unit 08 — reference solution: batch normalization, forward (train/eval) and backward. */
import type { Matrix, Vector } from '@course/types';

export interface BatchNormState {
  runningMean: Vector;
  runningVar: Vector;
}

export interface BatchNormOptions {
  training: boolean;
  momentum?: number;
  eps?: number;
}

export interface BatchNormCache {
  /** the normalized input x̂ (m × n) */
  xHat: Matrix;
  gamma: Vector;
  /** 1/√(σ² + ε) per column, with the σ² the forward pass used */
  invStd: Vector;
  /** training mode normalizes with batch statistics, which the backward pass must differentiate */
  training: boolean;
}

const shape = (X: Matrix): string => `${X.length}x${X[0]?.length ?? 0}`;

function checkInputs(X: Matrix, gamma: Vector, beta: Vector, state: BatchNormState): number {
  if (X.length === 0) throw new Error('X is 0x0: batch norm needs at least one example');
  const n = X[0]!.length;
  X.forEach((row, i) => {
    if (row.length !== n) throw new Error(`X is ragged: row 0 has ${n} columns but row ${i} has ${row.length}`);
  });
  const vectors: [string, Vector][] = [
    ['gamma', gamma],
    ['beta', beta],
    ['state.runningMean', state.runningMean],
    ['state.runningVar', state.runningVar],
  ];
  for (const [name, v] of vectors) {
    if (v.length !== n) throw new Error(`X is ${shape(X)} but ${name} has ${v.length} entries (expected ${n})`);
  }
  return n;
}

export function batchNormForward(
  X: Matrix,
  gamma: Vector,
  beta: Vector,
  state: BatchNormState,
  { training, momentum = 0.1, eps = 1e-5 }: BatchNormOptions,
): { out: Matrix; cache: BatchNormCache; state: BatchNormState } {
  const n = checkInputs(X, gamma, beta, state);
  const m = X.length;
  let mean: Vector;
  let variance: Vector;
  let newState: BatchNormState;
  if (training) {
    if (m < 2) throw new Error(`X is ${shape(X)}: training mode needs at least 2 examples to estimate a variance`);
    mean = Array.from({ length: n }, (_, j) => X.reduce((s, row) => s + row[j]!, 0) / m);
    // Sum of squared deviations (two passes: no cancellation as in E[x²] − E[x]²).
    const squares = Array.from({ length: n }, (_, j) => X.reduce((s, row) => s + (row[j]! - mean[j]!) ** 2, 0));
    variance = squares.map((s) => s / m); // biased: the batch's own spread, used to normalize
    const unbiased = squares.map((s) => s / (m - 1)); // estimates the population variance, for inference
    newState = {
      runningMean: state.runningMean.map((r, j) => (1 - momentum) * r + momentum * mean[j]!),
      runningVar: state.runningVar.map((r, j) => (1 - momentum) * r + momentum * unbiased[j]!),
    };
  } else {
    mean = [...state.runningMean];
    variance = [...state.runningVar];
    newState = { runningMean: [...state.runningMean], runningVar: [...state.runningVar] };
  }
  const invStd = variance.map((v) => 1 / Math.sqrt(v + eps));
  const xHat = X.map((row) => row.map((x, j) => (x - mean[j]!) * invStd[j]!));
  const out = xHat.map((row) => row.map((h, j) => gamma[j]! * h + beta[j]!));
  return { out, cache: { xHat, gamma: [...gamma], invStd, training }, state: newState };
}

export function batchNormBackward(dout: Matrix, cache: BatchNormCache): { dX: Matrix; dGamma: Vector; dBeta: Vector } {
  const { xHat, gamma, invStd, training } = cache;
  const m = xHat.length;
  const n = gamma.length;
  if (dout.length !== m || dout.some((row) => row.length !== n)) {
    throw new Error(`dout is ${shape(dout)} but the forward pass saw X ${m}x${n}`);
  }
  const dBeta = Array.from({ length: n }, (_, j) => dout.reduce((s, row) => s + row[j]!, 0));
  const dGamma = Array.from({ length: n }, (_, j) => dout.reduce((s, row, i) => s + row[j]! * xHat[i]![j]!, 0));
  const dX = dout.map((row, i) =>
    row.map((g, j) => {
      const k = gamma[j]! * invStd[j]!;
      // In training mode μ and σ depend on every x in the column: two extra terms.
      return training ? (k / m) * (m * g - dBeta[j]! - xHat[i]![j]! * dGamma[j]!) : k * g;
    }),
  );
  return { dX, dGamma, dBeta };
}
