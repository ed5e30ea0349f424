/**
 * Unit 10 — gradient clipping.
 * Lesson: lessons/10-gradient-clipping.md
 *
 * Replace each `throw` with your code. `npm test -- 10` checks this file.
 * Every function returns NEW matrices and never modifies the ones it is given.
 */
import type { Matrix } from '@course/types';
import type { TrainingProblem } from '@course/exploding-chain';

/**
 * Clamp every entry of g to [−limit, limit]. Returns a new matrix of g's shape.
 * Throws when limit is negative.
 */
export function clipByValue(g: Matrix, limit: number): Matrix {
  throw new Error('TODO: write clipByValue(g, limit) — see lessons/10-gradient-clipping.md#clipping-by-value');
}

/**
 * Clip a list of gradient matrices by their GLOBAL norm, as torch.nn.utils.clip_grad_norm_ does:
 *   totalNorm = √(sum of the squares of every entry of every matrix)
 *   scale     = maxNorm / (totalNorm + 1e-6)
 * and, only when scale < 1, multiply every matrix by scale (otherwise return unchanged copies).
 * totalNorm is the norm BEFORE clipping. Throws when maxNorm is negative.
 */
export function clipByGlobalNorm(grads: Matrix[], maxNorm: number): { clipped: Matrix[]; totalNorm: number } {
  throw new Error('TODO: write clipByGlobalNorm(grads, maxNorm) — see lessons/10-gradient-clipping.md#clipping-by-global-norm');
}

export interface TrainOptions {
  /** learning rate, a finite number > 0 */
  lr: number;
  /** how many gradient-descent steps, a whole number ≥ 0 */
  steps: number;
  /** clip every step's gradients with YOUR clipByGlobalNorm(grads, clipNorm) */
  clipNorm?: number;
  /** or clip every matrix with YOUR clipByValue(g, clipValue) (not both) */
  clipValue?: number;
}

export interface TrainRun {
  /** the parameters after the last update (new matrices) */
  params: Matrix[];
  /** lossHistory[t]: the loss at the parameters step t started from */
  lossHistory: number[];
  /** gradNormHistory[t]: the global norm of step t's gradient BEFORE clipping */
  gradNormHistory: number[];
  /** true when the run stopped at a loss or gradient norm that is not finite */
  diverged: boolean;
}

/**
 * Gradient descent on `problem` that clips inside the loop. Start from copies of problem.init
 * (never change it), then for each of `steps` steps:
 *   1. { loss, grads } = problem.lossAndGradients(params)
 *   2. record loss in lossHistory and the global norm of grads (before clipping: the totalNorm
 *      clipByGlobalNorm returns) in gradNormHistory
 *   3. if that loss or that norm is not finite (Infinity or NaN): stop, with diverged true
 *   4. clip grads BEFORE the update: with clipNorm, by global norm over all the matrices together
 *      (clipByGlobalNorm); with clipValue, each matrix by value (clipByValue); with neither, not at all
 *   5. params ← params − lr · (clipped) grads, matrix by matrix, entry by entry
 * So both histories have `steps` entries, or fewer when the run diverged (the last one not finite).
 * Throws when lr is not a finite number > 0, when steps is not a whole number ≥ 0, or when both
 * clipNorm and clipValue are given. Try it on explodingChain() from '@course/exploding-chain' at
 * lr 0.15: without clipping it diverges at step 4; with clipNorm 1 its loss falls below 1e-6.
 */
export function trainWithClipping(problem: TrainingProblem, options: TrainOptions): TrainRun {
  throw new Error('TODO: write trainWithClipping(problem, options) — see lessons/10-gradient-clipping.md#clipping-inside-the-training-loop');
}
