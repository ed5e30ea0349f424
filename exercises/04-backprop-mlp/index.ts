/**
 * Unit 04 — the backprop equations in matrix form.
 * Lesson: lessons/04-backprop-mlp.md
 *
 * A 2-layer network: Z1 = X·W1 + b1, A1 = g(Z1), Z2 = A1·W2 + b2, ŷ = σ(Z2), loss = mean BCE.
 * Rows are examples: X is m × n_in, W1 is n_in × h, b1 has h entries, W2 is h × 1, b2 has 1 entry.
 *
 * Replace each `throw` with your code. `npm test -- 04` checks this file.
 * Never change an input array: build new ones. You may use mathjs (multiply, transpose, dotMultiply, …).
 */
import type { Matrix, Vector } from '@course/types';

/** The hidden layer's activation g. leakyRelu uses slope 0.01 for z < 0. */
export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu';

export interface Params {
  W1: Matrix;
  b1: Vector;
  W2: Matrix;
  b2: Vector;
}

/** What `forward` keeps for `backward`. You may add fields, but keep these. */
export interface Cache {
  X: Matrix;
  Z1: Matrix;
  A1: Matrix;
  Z2: Matrix;
  yHat: Vector;
}

/** One gradient per parameter, each with its parameter's shape (dW1 like W1, …). */
export interface Gradients {
  dW1: Matrix;
  db1: Vector;
  dW2: Matrix;
  db2: Vector;
}

/**
 * A dense layer: Z = A·W + b, with b added to every row.
 * A is m × n_in, W is n_in × n_out, b has n_out entries; returns an m × n_out Matrix.
 * On a shape mismatch throw an Error naming both shapes: A's columns against W's rows
 * ("A is 5x4 but W is 3x2"), and W's columns against b's length ("W is 4x2 but b has 3 entries").
 */
export function dense(A: Matrix, W: Matrix, b: Vector): Matrix {
  throw new Error('TODO: write dense(A, W, b) — see lessons/04-backprop-mlp.md#the-forward-pass');
}

/**
 * The forward pass: Z1 = X·W1 + b1, A1 = g(Z1) with g = `hidden`, Z2 = A1·W2 + b2, ŷ = σ(Z2).
 * Returns ŷ as a Vector of length m (one probability per example) and the cache for `backward`.
 * The output unit is always a sigmoid, whatever `hidden` is. X whose columns do not match W1's rows
 * throws (through `dense`) an Error naming both shapes.
 */
export function forward(params: Params, X: Matrix, hidden: Activation): { yHat: Vector; cache: Cache } {
  throw new Error('TODO: write forward(params, X, hidden) — see lessons/04-backprop-mlp.md#the-forward-pass');
}

/**
 * Mean binary cross-entropy: −(1/m)·Σᵢ [yᵢ·log ŷᵢ + (1−yᵢ)·log(1−ŷᵢ)].
 * A term whose weight is 0 contributes 0 (so ŷ = y = 1 gives 0, not NaN).
 * Throws (naming both lengths) when yHat and Y differ in length.
 */
export function bceLoss(yHat: Vector, Y: Vector): number {
  throw new Error('TODO: write bceLoss(yHat, Y) — see lessons/04-backprop-mlp.md#the-loss');
}

/**
 * The backward pass, from the cache of `forward`:
 *   δ2 = ŷ − Y (m × 1),            dW2 = A1ᵀ·δ2 / m,  db2 = column means of δ2,
 *   δ1 = (δ2·W2ᵀ) ⊙ g'(Z1) (m × h), dW1 = Xᵀ·δ1 / m,  db1 = column means of δ1.
 * Every gradient has its parameter's shape. Throws an Error naming both lengths when Y's length is
 * not the batch size of the cache. A saturated hidden layer (|Z1| in the tens or hundreds) gives
 * finite gradients, never NaN. Changes neither params, cache nor Y.
 */
export function backward(params: Params, cache: Cache, Y: Vector, hidden: Activation): Gradients {
  throw new Error('TODO: write backward(params, cache, Y, hidden) — see lessons/04-backprop-mlp.md#the-backward-equations');
}
