/**
 * The oracle for units 04 and 05's gradient checks of a backward pass: for every layer's W and b,
 * the engine's centred differences of the engine's own loss (the other parameters fixed), and the
 * course's relative error between them and a given gradient.
 */
import { numericalGradient, relativeError } from './check.js';
import { type Activation, type DenseLayer } from './mlp.js';

const LEAKY_SLOPE = 0.01;
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const activations: Record<Activation, (z: number) => number> = {
  sigmoid,
  tanh: Math.tanh,
  relu: (z) => (z > 0 ? z : 0),
  leakyRelu: (z) => (z > 0 ? z : LEAKY_SLOPE * z),
};

/**
 * mlpGradients' loss alone (same layers, mean BCE from the logits as bceWithLogits computes it:
 * max(z, 0) − z·y + log(1 + e^−|z|)), in plain loops without tensors or an autodiff graph: the
 * finite differences below call it twice per parameter entry, and test/engine checks it against
 * mlpGradients.
 */
export function mlpLoss(layers: DenseLayer[], X: number[][], Y: number[], hidden: Activation): number {
  const g = activations[hidden];
  let A = X;
  layers.forEach(({ W, b }, l) => {
    const last = l === layers.length - 1;
    A = A.map((row) => b.map((bj, j) => {
      let z = bj;
      for (let k = 0; k < row.length; k++) z += row[k]! * W[k]![j]!;
      return last ? z : g(z);
    }));
  });
  return A.reduce((s, [z], i) => s + Math.max(z!, 0) - z! * Y[i]! + Math.log1p(Math.exp(-Math.abs(z!))), 0) / Y.length;
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
