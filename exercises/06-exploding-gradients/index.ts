/**
 * Unit 06 — exploding gradients: the other direction.
 * Lesson: lessons/06-exploding-gradients.md
 *
 * The ReLU chain has one unit per layer and no biases:
 *   a_0 = x,   z_k = w_k · a_{k−1},   a_k = relu(z_k) = max(0, z_k)   for k = 1 … L.
 * Arrays are indexed first layer to last: weights[0] is w_1, and so on.
 *
 * Replace each `throw` with your code. `npm test -- 06` checks this file.
 */
import type { Matrix, Vector } from '@course/types';

/**
 * The forward pass: the activations a_1 … a_L, first layer to last (x itself is not included).
 * Example: reluChainForward(1, [3, 3, 3]) = [3, 9, 27].
 */
export function reluChainForward(x: number, weights: number[]): number[] {
  throw new Error('TODO: write reluChainForward(x, weights) — see lessons/06-exploding-gradients.md#a-relu-chain-with-weight-3');
}

/**
 * The backward pass: dL/dz_k for every layer, FIRST layer to last, given dL/dz_L = dLdzLast.
 * Going back one layer multiplies by the next weight and by relu'(z_k) (1 if z_k > 0, else 0;
 * at z_k = 0 exactly take 0, the left-hand slope).
 * Example: reluChainBackward(1, [3, 3, 3]) = [9, 3, 1].
 */
export function reluChainBackward(x: number, weights: number[], dLdzLast = 1): number[] {
  throw new Error('TODO: write reluChainBackward(x, weights, dLdzLast) — see lessons/06-exploding-gradients.md#backward-through-the-chain');
}

/**
 * W^k for a square matrix W and a whole number k ≥ 0 (W^0 is the identity).
 * Returns a new matrix (W^1 is a copy of W, not W itself). A matrix that is not square throws an
 * Error naming its shape, e.g. `W is 2x3 but must be square`.
 */
export function matrixPower(W: Matrix, k: number): Matrix {
  throw new Error('TODO: write matrixPower(W, k) — see lessons/06-exploding-gradients.md#matrix-powers');
}

/**
 * The notes' deep linear network with L layers and identical hidden matrices: W^(L−1) · x,
 * with x a column vector (a plain array of length n for an n×n W).
 * Example: deepLinearOutput([[1.5, 0], [0, 1.5]], 30, [1, 1]) ≈ [127834, 127834].
 * Returns a new array (for L = 1, a copy of x). A length mismatch throws an Error naming both
 * shapes, e.g. `W is 2x2 but x has length 3`; a W that is not square throws naming its shape.
 */
export function deepLinearOutput(W: Matrix, L: number, x: Vector): Vector {
  throw new Error('TODO: write deepLinearOutput(W, L, x) — see lessons/06-exploding-gradients.md#a-deep-linear-network');
}

/**
 * Gradient descent on f(w) = ½·curvature·w², starting from w = 1, for `steps` steps with
 * learning rate lr. Return true when |w| > 1 at the end (the iterate grew), false otherwise
 * (so 0 steps give false, and lr = 2/c exactly, where w only flips sign, gives false).
 */
export function gdDiverges(curvature: number, lr: number, steps: number): boolean {
  throw new Error('TODO: write gdDiverges(curvature, lr, steps) — see lessons/06-exploding-gradients.md#gradient-descent-on-a-parabola');
}
