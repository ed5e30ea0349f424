/**
 * The oracle for units 04 and 05's gradient checks of a backward pass: for every layer's W and b,
 * the engine's centred differences of the engine's own loss (the other parameters fixed), and the
 * course's relative error between them and a given gradient.
 */
import { numericalGradient, relativeError } from './check.js';
import { bceWithLogits } from './loss.js';
import { type Activation, type DenseLayer } from './mlp.js';
import { leakyRelu, relu, sigmoid, tanh } from './ops-activation.js';
import { add } from './ops-binary.js';
import { matmul } from './ops-linalg.js';
import { Tensor } from './tensor.js';

const activations: Record<Activation, (z: Tensor) => Tensor> = { sigmoid, tanh, relu, leakyRelu: (z) => leakyRelu(z, 0.01) };

/**
 * mlpGradients' loss alone (same layers, same ops, mean BCE from the logits), without building the
 * autodiff graph: the finite differences below call it twice per parameter entry.
 */
export function mlpLoss(layers: DenseLayer[], X: number[][], Y: number[], hidden: Activation): number {
  let a = Tensor.from(X);
  let z = a;
  layers.forEach(({ W, b }, l) => {
    z = add(matmul(a, Tensor.from(W)), Tensor.from(b));
    a = l === layers.length - 1 ? z : activations[hidden](z);
  });
  return bceWithLogits(z, Tensor.from(Y)).item();
}

export interface ParameterCheck {
  /** the centred differences (h = 1e-5) of the loss in this parameter's entries, flattened row by row */
  numeric: number[];
  /** relativeError(the given gradient, numeric) */
  error: number;
}

/**
 * The checks of `grads` (one { dW, db } per layer, first to last) against the engine's loss of
 * `layers` on (X, Y): every entry probed, so for small nets only.
 */
export function layerGradientChecks(
  layers: DenseLayer[],
  X: number[][],
  Y: number[],
  activation: Activation,
  grads: { dW: number[][]; db: number[] }[],
): { W: ParameterCheck; b: ParameterCheck }[] {
  const lossWith = (l: number, layer: DenseLayer) => mlpLoss(layers.map((old, k) => (k === l ? layer : old)), X, Y, activation);
  const check = (f: (v: Float64Array) => number, x: number[], analytic: number[]): ParameterCheck => {
    const numeric = Array.from(numericalGradient(f, Float64Array.from(x)));
    return { numeric, error: relativeError(analytic, numeric) };
  };
  return layers.map(({ W, b }, l) => {
    const cols = W[0]?.length ?? 0;
    const asW = (v: Float64Array) => W.map((_, i) => Array.from(v.subarray(i * cols, (i + 1) * cols)));
    return {
      W: check((v) => lossWith(l, { W: asW(v), b }), W.flat(), grads[l]!.dW.flat()),
      b: check((v) => lossWith(l, { W, b: Array.from(v) }), b, grads[l]!.db),
    };
  });
}
