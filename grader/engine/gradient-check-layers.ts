/**
 * The oracle for units 04 and 05's gradient checks of a backward pass: for every layer's W and b,
 * the engine's centred differences of the engine's own loss (the other parameters fixed), and the
 * course's relative error between them and a given gradient.
 */
import { numericalGradient, relativeError } from './check.js';
import { type Activation, type DenseLayer } from './mlp.js';
import { activationAt } from './scalar.js';

/**
 * mlpGradients' loss alone (same layers, mean BCE from the logits as bceWithLogits computes it:
 * max(z, 0) − z·y + log(1 + e^−|z|)), in plain loops without tensors or an autodiff graph: the
 * finite differences below call it twice per parameter entry, and test/engine checks it against
 * mlpGradients.
 */
export function mlpLoss(layers: DenseLayer[], X: number[][], Y: number[], hidden: Activation): number {
  const g = activationAt[hidden];
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

/** The loss as a function of one parameter's entries (flattened row by row), the others fixed. */
export type ParameterLoss = (entries: ArrayLike<number>) => number;

/**
 * For every layer, the loss of `layers` on (X, Y) as a function of its W's and of its b's entries.
 * Functions, so imported from this file rather than the memoised index: the hidden suites' gradient
 * check oracle hands them to the catalogue's slips, which probe the loss themselves.
 */
export function parameterLosses(layers: DenseLayer[], X: number[][], Y: number[], activation: Activation): { W: ParameterLoss; b: ParameterLoss }[] {
  const lossWith = (l: number, layer: DenseLayer) => mlpLoss(layers.map((old, k) => (k === l ? layer : old)), X, Y, activation);
  return layers.map(({ W, b }, l) => {
    const cols = W[0]?.length ?? 0;
    const asW = (v: ArrayLike<number>) => W.map((_, i) => Array.from({ length: cols }, (_, j) => v[i * cols + j]!));
    return { W: (v) => lossWith(l, { W: asW(v), b }), b: (v) => lossWith(l, { W, b: Array.from(v) }) };
  });
}

/**
 * The checks of `grads` (one { dW, db } per layer, first to last) against the engine's loss of
 * `layers` on (X, Y): every entry probed, so for small nets only. Plain data in and out, so the
 * grader can keep it in its oracle table.
 */
export function layerGradientChecks(
  layers: DenseLayer[],
  X: number[][],
  Y: number[],
  activation: Activation,
  grads: { dW: number[][]; db: number[] }[],
): { W: ParameterCheck; b: ParameterCheck }[] {
  const check = (f: ParameterLoss, x: number[], analytic: number[]): ParameterCheck => {
    const numeric = Array.from(numericalGradient(f, Float64Array.from(x)));
    return { numeric, error: relativeError(analytic, numeric) };
  };
  return parameterLosses(layers, X, Y, activation).map((loss, l) => ({
    W: check(loss.W, layers[l]!.W.flat(), grads[l]!.dW.flat()),
    b: check(loss.b, layers[l]!.b, grads[l]!.db),
  }));
}
