/**
 * Unit 08 — batch normalization.
 * Lesson: lessons/08-batch-norm.md
 *
 * Replace each `throw` with your code. `npm test -- 08` checks this file.
 * Rows are examples: X is m × n, and every statistic is taken per column (feature) over the m rows.
 */
import type { Matrix, Vector } from '@course/types';

/** What batch norm remembers between batches, for use at inference time (eval mode). */
export interface BatchNormState {
  runningMean: Vector;
  runningVar: Vector;
}

export interface BatchNormOptions {
  /** true: normalize with this batch's statistics and update the running ones; false: use the running ones */
  training: boolean;
  /** weight of the new batch in the running averages (PyTorch's convention), default 0.1 */
  momentum?: number;
  /** added to the variance inside the square root, default 1e-5 */
  eps?: number;
}

/**
 * Whatever your backward pass needs from the forward pass. These fields are a suggestion:
 * you may add, rename or drop fields — only your own batchNormBackward reads the cache.
 */
export interface BatchNormCache {
  /** the normalized input x̂ (m × n) */
  xHat: Matrix;
  gamma: Vector;
  /** 1/√(σ² + ε) per column */
  invStd: Vector;
  /** whether the forward pass normalized with batch statistics */
  training: boolean;
}

/**
 * out = γ·x̂ + β with x̂ = (x − μ)/√(σ² + ε), per column.
 * - training: μ and σ² are this batch's mean and BIASED variance (divide by m); the returned state's
 *   running averages move towards μ and the UNBIASED variance (divide by m − 1):
 *   running ← (1 − momentum)·running + momentum·batch.
 * - eval (training: false): μ and σ² are state.runningMean and state.runningVar; the state is not changed.
 * Returns a NEW state object; never mutates X, gamma, beta or state.
 * Throws when gamma, beta or the state do not have one entry per column of X (name both shapes).
 */
export function batchNormForward(
  X: Matrix,
  gamma: Vector,
  beta: Vector,
  state: BatchNormState,
  options: BatchNormOptions,
): { out: Matrix; cache: BatchNormCache; state: BatchNormState } {
  throw new Error('TODO: write batchNormForward(X, gamma, beta, state, options) — see lessons/08-batch-norm.md#the-forward-pass');
}

/**
 * Gradients of the loss with respect to X, γ and β, given dout = d loss / d out (m × n) and the cache
 * of a training-mode forward pass. dγ and dβ are summed over the batch (rows).
 * Throws when dout's shape differs from the forward pass's X (name both shapes).
 */
export function batchNormBackward(dout: Matrix, cache: BatchNormCache): { dX: Matrix; dGamma: Vector; dBeta: Vector } {
  throw new Error('TODO: write batchNormBackward(dout, cache) — see lessons/08-batch-norm.md#the-backward-pass');
}
