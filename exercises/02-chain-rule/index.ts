/**
 * Unit 02 — the chain rule through a deep scalar chain.
 * Lesson: lessons/02-chain-rule.md
 *
 * The chain has one unit per layer and no biases:
 *   a_0 = x,   z_k = w_k · a_{k−1},   a_k = σ(z_k)   for k = 1 … L.
 * Arrays are indexed first layer to last: weights[0] is w_1, z[0] is z_1, and so on.
 *
 * Replace each `throw` with your code. `npm test -- 02` checks this file.
 * You will need σ and σ' from unit 01: write them again here (or copy them) — each unit stands alone.
 */

/**
 * The forward pass: every pre-activation z_k and activation a_k, first layer to last.
 * Example: chainForward(1, [0.5, 0.5, 0.5]).a ≈ [0.6225, 0.5772, 0.5717].
 */
export function chainForward(x: number, weights: number[]): { z: number[]; a: number[] } {
  throw new Error('TODO: write chainForward(x, weights) — see lessons/02-chain-rule.md#the-chain');
}

/**
 * The local factor of each layer, σ'(z_k) = ∂a_k/∂z_k, first layer to last.
 * Careful: σ' is taken at the pre-activation z_k, not at the activation a_k.
 */
export function chainLocalGradients(x: number, weights: number[]): number[] {
  throw new Error('TODO: write chainLocalGradients(x, weights) — see lessons/02-chain-rule.md#local-gradients');
}

/** The product of all the factors (1 for an empty list). product([25, 0.25, 0.20]) = 1.25. */
export function product(factors: number[]): number {
  throw new Error('TODO: write product(factors) — see lessons/02-chain-rule.md#rounded-factors-versus-exact-factors');
}

/**
 * The backward pass. Given dL/da_L (the loss's gradient at the chain's output), return
 * dz[k] = dL/dz_k and dw[k] = dL/dw_k for every layer, first layer to last.
 * Going back one layer multiplies by the weight w_k as well as by σ'(z_{k−1}).
 * Saturated units (|z| in the hundreds) give 0, never NaN: chainBackward(1, [1000, -1000, 2], 1).dz
 * is [0, 0, 0.25]. An empty chain (no weights) gives empty lists, here and in the other functions.
 */
export function chainBackward(x: number, weights: number[], dLda: number): { dz: number[]; dw: number[] } {
  throw new Error('TODO: write chainBackward(x, weights, dLda) — see lessons/02-chain-rule.md#backward-through-the-chain');
}

/** One step of gradient descent on a single weight: the new value of w. sgdStep(0.25, 1.25, 0.01) = 0.2375. */
export function sgdStep(w: number, grad: number, lr: number): number {
  throw new Error('TODO: write sgdStep(w, grad, lr) — see lessons/02-chain-rule.md#one-gradient-descent-step');
}
