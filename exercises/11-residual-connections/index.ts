/**
 * Unit 11 — the skip that keeps the gradient alive: residual connections.
 * Lesson: lessons/11-residual-connections.md
 *
 * First unit 02's scalar chain with a skip around every layer:
 *   a_0 = x,   z_k = w_k · a_{k−1},   a_k = a_{k−1} + σ(z_k)   for k = 1 … L  (no bias).
 * Then the same idea in an MLP whose stream keeps its width n (rows are examples):
 *   A_0 = X (m × n),   A_l = A_{l−1} + g(A_{l−1}·W_l + b_l)   (W_l is n × n),
 *   ŷ = σ(A_L·W_h + b_h)   (the head: W_h is n × 1, b_h = [b]),   loss = mean binary cross-entropy.
 *
 * Replace each `throw` with your code. `npm test -- 11` checks this file.
 * Write σ and the activations here again (each unit stands alone). Never change an input array.
 */
import type { Activation, Matrix, Vector } from '@course/types';

/** The blocks' activation g. leakyRelu uses slope 0.01 for z < 0; at z = 0 every g' takes its left-hand value. */
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

/** The gradient of the loss with respect to one W and b (same shapes as W and b). */
export interface LayerGradient {
  dW: Matrix;
  db: Vector;
}

/**
 * The forward pass: every z_k and a_k, first layer to last (z[0] is z_1).
 * Example: residualChainForward(1, [0.5]) gives z = [0.5], a = [1 + σ(0.5)] ≈ [1.6225].
 */
export function residualChainForward(x: number, weights: number[]): { z: number[]; a: number[] } {
  throw new Error('TODO: write residualChainForward(x, weights) — see lessons/11-residual-connections.md#the-residual-chain');
}

/**
 * Each layer's local factor da_k/da_{k−1} = 1 + w_k·σ'(z_k), first layer to last: the skip's 1 plus
 * the branch's w_k·σ'(z_k). For x = 1, w = [0.5, 0.5, 0.5] their product is 1.349004.
 */
export function residualChainLocalGradients(x: number, weights: number[]): number[] {
  throw new Error('TODO: write residualChainLocalGradients(x, weights) — see lessons/11-residual-connections.md#the-local-factor');
}

/**
 * Forward through every block and the head, then backward. The stream's gradient G_l = ∂L/∂A_l starts
 * at G_L = δ_h·W_hᵀ with δ_h = ŷ − Y (m × 1); through block l (last to first):
 *   δ_l = G_l ⊙ g'(Z_l),   dW_l = A_{l−1}ᵀ·δ_l / m,   db_l = column means of δ_l,
 *   G_{l−1} = G_l + δ_l·W_lᵀ   (the skip passes G_l back unchanged; the branch adds its part).
 * Returns the mean BCE loss and `grads`: one { dW, db } per block, FIRST block to LAST, then the head's
 * { dW: A_Lᵀ·δ_h / m, db: [mean of δ_h] } as the LAST entry (so grads has blocks.length + 1 entries).
 * On a shape mismatch (a block's W not n × n, a b of the wrong length, a head that is not n × 1, Y not
 * matching X's rows) throw an Error naming both shapes, e.g. "block 1 W is 3x4 but X is 4x3".
 */
export function residualNetForwardBackward(blocks: Block[], head: Head, X: Matrix, Y: Vector, activation: Activation): { loss: number; grads: LayerGradient[] } {
  throw new Error('TODO: write residualNetForwardBackward(blocks, head, X, Y, activation) — see lessons/11-residual-connections.md#the-residual-mlp');
}
