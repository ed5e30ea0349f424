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
import type { Activation, Matrix, Vector } from '@course/types';
// Your own unit 03: checkBackward runs its gradientCheck (a unit may import an earlier unit's index).
import { gradientCheck } from '../03-gradient-check/index';

/** The hidden layer's activation g. leakyRelu uses slope 0.01 for z < 0. */
export type { Activation };

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

/** The gradient check of one parameter: what your unit 03 gradientCheck returns. */
export interface ParamCheck {
  error: number;
  ok: boolean;
}

/** One check per parameter, named like the parameter: { W1, b1, W2, b2 }. */
export type BackwardCheck = Record<keyof Params, ParamCheck>;

/** The signature of `backward`, so that any backward pass can be handed to `checkBackward`. */
export type BackwardFn = (params: Params, cache: Cache, Y: Vector, hidden: Activation) => Gradients;

/**
 * Gradient-check a backward pass with YOUR unit 03 `gradientCheck`, one parameter at a time.
 * For each parameter P of W1, b1, W2, b2:
 *   - the analytic gradient is backwardFn's dP, called once on forward(params, X, hidden)'s cache at the
 *     given params, read as one flat Vector (a Matrix row by row);
 *   - the function checked is the loss as a function of P's entries alone (same flat order, the other
 *     parameters fixed): forward with P replaced, then bceLoss against Y;
 *   - result[P] is gradientCheck(that loss, the analytic gradient, P's entries): { error, ok }, with
 *     unit 03's centred differences (h = 1e-5), relative error and threshold (ok when error < 1e-7).
 * So a right backward reports ok with errors around 1e-10, and a wrong one (a missing /m, a missing
 * transpose, g'(A1) for g'(Z1)) is not ok for the parameters it gets wrong — and only for those.
 * backwardFn defaults to your `backward`; the grader also hands in its own right and wrong ones.
 * A gradient whose shape is not its parameter's (a 1x3 dW2 for a 3x1 W2) throws an Error naming both
 * shapes, e.g. "dW2 is 1x3 but W2 is 3x1". Changes neither params, X nor Y (probe copies).
 * If unit 03 is wrong, these numbers are too: the grader then says unit 03 needs fixing.
 */
export function checkBackward(params: Params, X: Matrix, Y: Vector, hidden: Activation, backwardFn: BackwardFn = backward): BackwardCheck {
  throw new Error('TODO: write checkBackward(params, X, Y, hidden, backwardFn) — see lessons/04-backprop-mlp.md#checking-your-backward-pass');
}
