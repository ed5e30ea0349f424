/**
 * Unit 10 — gradient clipping.
 * Lesson: lessons/10-gradient-clipping.md
 *
 * Replace each `throw` with your code. `npm test -- 10` checks this file.
 * Both functions return NEW matrices and never modify the ones they are given.
 */
import type { Matrix } from '@course/types';

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
