/**
 * Unit 08 — reference solution: batch normalization, forward (train/eval), the backward pass stage by
 * stage and in closed form, and both checked with unit 03's gradientCheck.
 */
import type { Matrix, Vector } from '@course/types';
import { gradientCheck } from '../03-gradient-check/index';

// Re-exported so the tests can tell a broken unit 03 from a broken checkBatchNormGradients.
export { gradientCheck };

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
  /** the centred input x − μ (m × n), which the staged backward pass needs */
  centred: Matrix;
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
  const centred = X.map((row) => row.map((x, j) => x - mean[j]!));
  const xHat = centred.map((row) => row.map((c, j) => c * invStd[j]!));
  const out = xHat.map((row) => row.map((h, j) => gamma[j]! * h + beta[j]!));
  return { out, cache: { xHat, centred, gamma: [...gamma], invStd, training }, state: newState };
}

export interface BatchNormGradients {
  dX: Matrix;
  dGamma: Vector;
  dBeta: Vector;
}

/** The gradient of the loss at every stage of the forward graph (per column, over the batch). */
export interface BatchNormStages {
  /** ∂L/∂x̂ (m × n), from the scale stage */
  dXHat: Matrix;
  /** ∂L/∂ι with ι = 1/s (n), from x̂ = c·ι */
  dInvStd: Vector;
  /** ∂L/∂s with s = √(v + ε) (n), from the inverse stage */
  dStd: Vector;
  /** ∂L/∂v, v the biased variance (n), from the square root */
  dVar: Vector;
  /** ∂L/∂c, c = x − μ (m × n): both of c's paths, through x̂ and through v */
  dCentred: Matrix;
  /** ∂L/∂μ (n), from c = x − μ */
  dMean: Vector;
}

const columnSum = (M: Matrix, j: number): number => M.reduce((s, row) => s + row[j]!, 0);

function checkDout(dout: Matrix, cache: BatchNormCache): void {
  const m = cache.xHat.length;
  const n = cache.gamma.length;
  if (dout.length !== m || dout.some((row) => row.length !== n)) {
    throw new Error(`dout is ${shape(dout)} but the forward pass saw X ${m}x${n}`);
  }
}

/** dβ = Σ dout (the shift stage) and dγ = Σ dout·x̂ (the scale stage), summed over the rows. */
function parameterGradients(dout: Matrix, xHat: Matrix): { dGamma: Vector; dBeta: Vector } {
  const n = xHat[0]!.length;
  return {
    dBeta: Array.from({ length: n }, (_, j) => columnSum(dout, j)),
    dGamma: Array.from({ length: n }, (_, j) => dout.reduce((s, row, i) => s + row[j]! * xHat[i]![j]!, 0)),
  };
}

/**
 * The backward pass walked back through the forward graph one stage at a time, each with its own
 * local rule: shift, scale, x̂ = c·ι, ι = 1/s, s = √(v + ε), v = mean(c²), c = x − μ, μ = mean(x).
 */
export function batchNormBackwardStaged(dout: Matrix, cache: BatchNormCache): BatchNormGradients & { stages: BatchNormStages } {
  checkDout(dout, cache);
  const { xHat, centred, gamma, invStd } = cache;
  const m = xHat.length;
  const n = gamma.length;
  const cols = Array.from({ length: n }, (_, j) => j);
  const { dGamma, dBeta } = parameterGradients(dout, xHat);
  // scale: out = γ·x̂ + β
  const dXHat = dout.map((row) => row.map((g, j) => gamma[j]! * g));
  // x̂ = c·ι: ι is shared by the column, so its gradient sums over the rows
  const dInvStd = cols.map((j) => dXHat.reduce((s, row, i) => s + row[j]! * centred[i]![j]!, 0));
  // ι = 1/s: d(1/s)/ds = −1/s² = −ι²
  const dStd = cols.map((j) => -dInvStd[j]! * invStd[j]! ** 2);
  // s = √(v + ε): ds/dv = 1/(2s) = ι/2
  const dVar = cols.map((j) => (dStd[j]! * invStd[j]!) / 2);
  // v = (1/m)·Σ c²: c reaches the loss through x̂ AND through v, so both paths add up
  const dCentred = centred.map((row, i) => row.map((c, j) => dXHat[i]![j]! * invStd[j]! + ((2 * c) / m) * dVar[j]!));
  // c = x − μ: μ is subtracted from every row
  const dMean = cols.map((j) => -columnSum(dCentred, j));
  // μ = (1/m)·Σ x: x reaches the loss through c AND through μ
  const dX = dCentred.map((row) => row.map((d, j) => d + dMean[j]! / m));
  return { dX, dGamma, dBeta, stages: { dXHat, dInvStd, dStd, dVar, dCentred, dMean } };
}

/** The same gradients in closed form: the stages above collapsed into one line per entry. */
export function batchNormBackward(dout: Matrix, cache: BatchNormCache): BatchNormGradients {
  checkDout(dout, cache);
  const { xHat, gamma, invStd, training } = cache;
  const m = xHat.length;
  const { dGamma, dBeta } = parameterGradients(dout, xHat);
  const dX = dout.map((row, i) =>
    row.map((g, j) => {
      const k = gamma[j]! * invStd[j]!;
      // In training mode μ and σ depend on every x in the column: two extra terms.
      return training ? (k / m) * (m * g - dBeta[j]! - xHat[i]![j]! * dGamma[j]!) : k * g;
    }),
  );
  return { dX, dGamma, dBeta };
}


const zeros = (n: number): Vector => Array<number>(n).fill(0);
const ones = (n: number): Vector => Array<number>(n).fill(1);
const rowsOf = (flat: Vector, n: number): Matrix => Array.from({ length: flat.length / n }, (_, i) => flat.slice(i * n, (i + 1) * n));

export interface GradientCheckResult {
  error: number;
  ok: boolean;
}

/**
 * Unit 03's gradientCheck applied to a batch-norm backward pass, once per input: the loss is
 * Σ out ⊙ dout with out from batchNormForward in training mode, whose gradient is exactly what a
 * backward pass handed this dout must return.
 */
export function checkBatchNormGradients(
  X: Matrix,
  gamma: Vector,
  beta: Vector,
  dout: Matrix,
  backward: (dout: Matrix, cache: BatchNormCache) => BatchNormGradients = batchNormBackward,
): { dX: GradientCheckResult; dGamma: GradientCheckResult; dBeta: GradientCheckResult } {
  const n = gamma.length;
  const state = { runningMean: zeros(n), runningVar: ones(n) };
  const forward = (x: Matrix, g: Vector, b: Vector) => batchNormForward(x, g, b, state, { training: true });
  const loss = (x: Matrix, g: Vector, b: Vector) =>
    forward(x, g, b).out.reduce((s, row, i) => s + row.reduce((t, o, j) => t + o * dout[i]![j]!, 0), 0);
  const { cache } = forward(X, gamma, beta);
  checkDout(dout, cache);
  // The backward pass runs once, at (X, γ, β) itself; gradientCheck probes the loss around it.
  const grads = backward(dout, cache);
  const width = X[0]!.length;
  return {
    dX: gradientCheck((x) => loss(rowsOf(x, width), gamma, beta), () => grads.dX.flat(), X.flat()),
    dGamma: gradientCheck((g) => loss(X, g, beta), () => [...grads.dGamma], [...gamma]),
    dBeta: gradientCheck((b) => loss(X, gamma, b), () => [...grads.dBeta], [...beta]),
  };
}
