/**
 * Unit 05 — measuring the decay: backprop through an L-layer MLP, and each layer's gradient size.
 * Lesson: lessons/05-vanishing-gradients.md
 *
 * Layer l (counting from 0) computes Z_l = A_{l−1}·W_l + b_l with A_{−1} = X (rows are examples).
 * Every layer but the last applies `activation`; the last layer has ONE sigmoid output unit;
 * the loss is the mean binary cross-entropy. These are unit 04's equations, in a loop.
 *
 * Replace each `throw` with your code. `npm test -- 05` checks this file.
 * Never change an input array. You may use mathjs (multiply, transpose, dotMultiply, …).
 */
import type { Activation, Matrix, Vector } from '@course/types';
// Your own unit 03: checkDeepBackward runs its gradientCheck (a unit may import an earlier unit's index).
import { gradientCheck } from '../03-gradient-check/index';

/** The hidden layers' activation. leakyRelu uses slope 0.01 for z < 0. */
export type { Activation };

/** One dense layer: W is n_in × n_out, b has n_out entries. */
export interface Layer {
  W: Matrix;
  b: Vector;
}

/** The gradient of the loss with respect to one layer's W and b (same shapes as W and b). */
export interface LayerGradient {
  dW: Matrix;
  db: Vector;
}

/**
 * Forward through every layer, then backward:
 *   δ = ŷ − Y at the output (m × 1); for each layer l from the last to the first,
 *   dW_l = A_{l−1}ᵀ·δ_l / m,  db_l = column means of δ_l,  δ_{l−1} = (δ_l·W_lᵀ) ⊙ g'(Z_{l−1}).
 * Returns the mean BCE loss and `grads[l] = { dW, db }` ordered FIRST layer to LAST (grads[0] is the
 * layer next to the input), each shaped like its W and b.
 * On a shape mismatch (a W that does not fit the previous layer, a b of the wrong length, a last layer
 * with more than one output, Y not matching X's rows) throw an Error naming both shapes, e.g.
 * "layer 2 W is 5x3 but layer 1 W is 4x4". Saturated units (|Z| in the hundreds) give zero
 * gradients, never NaN; a net whose weights and biases are all 0 is handled like any other.
 */
export function deepForwardBackward(layers: Layer[], X: Matrix, Y: Vector, activation: Activation): { loss: number; grads: LayerGradient[] } {
  throw new Error('TODO: write deepForwardBackward(layers, X, Y, activation) — see lessons/05-vanishing-gradients.md#backprop-through-l-layers');
}

/**
 * The Frobenius norm ‖dW‖ = √(Σ dW²) of each layer's weight gradient (db is left out), first
 * layer to last. Leaves grads unchanged.
 */
export function layerGradientNorms(grads: LayerGradient[]): number[] {
  throw new Error('TODO: write layerGradientNorms(grads) — see lessons/05-vanishing-gradients.md#measuring-a-layers-gradient');
}

/** The gradient check of one parameter: what your unit 03 gradientCheck returns. */
export interface ParamCheck {
  error: number;
  ok: boolean;
}

/** The checks of one layer's W and b. */
export interface LayerCheck {
  W: ParamCheck;
  b: ParamCheck;
}

/** The signature of `deepForwardBackward`, so that any such function can be handed to the check. */
export type ForwardBackwardFn = (layers: Layer[], X: Matrix, Y: Vector, activation: Activation) => { loss: number; grads: LayerGradient[] };

/**
 * Gradient-check a deep backward pass with YOUR unit 03 `gradientCheck`, layer by layer, W and b.
 * forwardBackwardFn (default: your `deepForwardBackward`) is called once at the given layers for the
 * analytic gradients. Then, for layer l's W (read row by row as one flat Vector) and for its b:
 *   - the function checked is forwardBackwardFn's own `loss` with only that parameter replaced;
 *   - result[l].W / result[l].b is gradientCheck(that loss, grads[l].dW or .db flattened the same way,
 *     the parameter's entries): { error, ok }, unit 03's centred differences, h = 1e-5, ok when < 1e-7.
 * Returns one { W, b } per layer, first layer to last. Every entry of every parameter is probed, and
 * each probe is a whole forward-backward pass: use it on small nets (the tests use 3 or 4 layers of
 * width ≤ 6); on unit 05's 30-layer experiment it would take minutes, and the first layers' gradients
 * (~1e-18) are far below what finite differences of a loss near 0.7 can resolve.
 * Throws an Error naming both when grads has another length than layers ("grads has 3 entries but
 * layers has 4") or a gradient is not shaped like its parameter ("layer 1 dW is 3x4 but W is 4x3").
 * Changes neither layers, X nor Y.
 */
export function checkDeepBackward(layers: Layer[], X: Matrix, Y: Vector, activation: Activation, forwardBackwardFn: ForwardBackwardFn = deepForwardBackward): LayerCheck[] {
  throw new Error('TODO: write checkDeepBackward(layers, X, Y, activation, forwardBackwardFn) — see lessons/05-vanishing-gradients.md#checking-the-deep-backward-pass');
}
