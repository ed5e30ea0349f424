/**
 * Unit 08 — batch normalization.
 * Lesson: lessons/08-batch-norm.md
 *
 * Replace each `throw` with your code. `npm test -- 08` checks this file.
 * Rows are examples: X is m × n, and every statistic is taken per column (feature) over the m rows.
 */
import type { Matrix, Vector } from '@course/types';
import { gradientCheck } from '../03-gradient-check/index';

// Your unit 03's gradientCheck, used by checkBatchNormGradients below. Keep this line: it lets the
// tests tell a broken unit 03 apart from a broken checkBatchNormGradients, and say which it is.
export { gradientCheck };

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
  /** the centred input x − μ (m × n), which the staged backward pass needs */
  centred: Matrix;
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

export interface BatchNormGradients {
  dX: Matrix;
  dGamma: Vector;
  dBeta: Vector;
}

/**
 * The gradient of the loss at every stage of the forward graph (lessons/08-batch-norm.md#the-backward-pass-stage-by-stage),
 * for a training-mode forward pass: μ = mean(x), c = x − μ, v = mean(c²), s = √(v + ε), ι = 1/s,
 * x̂ = c·ι, then γ·x̂ (scale) and + β (shift), all per column.
 */
export interface BatchNormStages {
  /** ∂L/∂x̂ (m × n), from the scale stage */
  dXHat: Matrix;
  /** ∂L/∂ι (one per column), from x̂ = c·ι */
  dInvStd: Vector;
  /** ∂L/∂s (one per column), from ι = 1/s */
  dStd: Vector;
  /** ∂L/∂v (one per column), from s = √(v + ε) */
  dVar: Vector;
  /** ∂L/∂c (m × n), both of c's paths: through x̂ and through v */
  dCentred: Matrix;
  /** ∂L/∂μ (one per column), from c = x − μ */
  dMean: Vector;
}

/**
 * The backward pass built stage by stage, as CS231n does: start from dout and walk back through
 * the forward graph (shift, scale, x̂ = c·ι, ι = 1/s, s = √(v + ε), v = mean(c²), c = x − μ,
 * μ = mean(x)), each stage turning the gradient of its output into the gradients of its inputs
 * with its own small local rule. Where a value feeds two stages (c feeds x̂ and v; x feeds c and μ),
 * its gradient is the sum of both contributions.
 * Returns { dX, dGamma, dBeta } (as batchNormBackward, for the cache of a training-mode forward
 * pass) and `stages`, every stage's gradient (see BatchNormStages): the tests check each stage, so a
 * wrong one is pointed at by name.
 * Throws when dout's shape differs from the forward pass's X (name both shapes).
 */
export function batchNormBackwardStaged(dout: Matrix, cache: BatchNormCache): BatchNormGradients & { stages: BatchNormStages } {
  throw new Error('TODO: write batchNormBackwardStaged(dout, cache) — see lessons/08-batch-norm.md#the-backward-pass-stage-by-stage');
}

/**
 * The same gradients in closed form (lessons/08-batch-norm.md#how-the-stages-collapse): the stages
 * of batchNormBackwardStaged collapsed into one expression per entry of dX.
 * Gradients of the loss with respect to X, γ and β, given dout = d loss / d out (m × n) and the cache
 * of a training-mode forward pass. dγ and dβ are summed over the batch (rows). It must agree with
 * your batchNormBackwardStaged on the same cache (the tests compare them, to within 1e-9 relative).
 * Throws when dout's shape differs from the forward pass's X (name both shapes).
 */
export function batchNormBackward(dout: Matrix, cache: BatchNormCache): BatchNormGradients {
  throw new Error('TODO: write batchNormBackward(dout, cache) — see lessons/08-batch-norm.md#how-the-stages-collapse');
}

/** What your unit 03's gradientCheck returns. */
export interface GradientCheckResult {
  error: number;
  ok: boolean;
}

/**
 * Checks a backward pass with YOUR unit 03's gradientCheck (imported above), once for each input
 * (lessons/08-batch-norm.md#checking-the-backward-pass):
 * - the loss is L(X, γ, β) = Σᵢⱼ outᵢⱼ·doutᵢⱼ, with out from your batchNormForward in training mode
 *   (default momentum and ε, any state); its gradient is what a backward pass handed this dout returns;
 * - `backward(dout, cache)` is called with the cache of batchNormForward(X, gamma, beta, …, { training: true })
 *   at X, γ, β themselves, never at a perturbed point; by default it is your batchNormBackward
 *   (pass batchNormBackwardStaged, or any function of that shape, to check another);
 * - dX: gradientCheck of L as a function of X's entries flattened row by row, against backward's dX
 *   flattened the same way; dGamma: L as a function of γ, against its dGamma; dBeta: of β, against dBeta.
 * Returns { dX, dGamma, dBeta }, each exactly what gradientCheck returned ({ error, ok }).
 * Never mutates its inputs. Throws (naming both shapes) when gamma, beta or dout do not fit X.
 */
export function checkBatchNormGradients(
  X: Matrix,
  gamma: Vector,
  beta: Vector,
  dout: Matrix,
  backward: (dout: Matrix, cache: BatchNormCache) => BatchNormGradients = batchNormBackward,
): { dX: GradientCheckResult; dGamma: GradientCheckResult; dBeta: GradientCheckResult } {
  throw new Error('TODO: write checkBatchNormGradients(X, gamma, beta, dout, backward) — see lessons/08-batch-norm.md#checking-the-backward-pass');
}
