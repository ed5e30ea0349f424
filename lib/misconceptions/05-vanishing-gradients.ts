/**
 * The misconception catalogue of unit 05, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). Wrong values follow from the inputs and the RIGHT answers the caller
 * gives; g'(A) instead of g'(Z) needs a whole wrong backward pass, so it comes in `ctx.known`
 * (the engine's on every net; on unit 04's fixture, unit 04's catalogue lists it).
 */
import { isClose } from '../compare';
import { scale, transposeOf, type Known, type Slip } from '../misconceptions';
import { checkBackward as gradientCheckSlips, type CheckCall } from './04-backprop-mlp';

const slug = '05-vanishing-gradients';
type Matrix = number[][];
type Vector = number[];

export interface LossCall {
  m: number;
  right: number;
}

export interface LayerCall extends Known {
  field: 'dW' | 'db';
  m: number;
  right: Matrix | Vector;
}

export interface OrderCall {
  /** the right dW of every layer, first to last */
  right: Matrix[];
}

export interface NormsCall {
  grads: { dW: Matrix; db: Vector }[];
  right: number[];
}

const carried = `${slug}#mistakes-carried-over-from-unit-04`;

export const loss: Slip<LossCall>[] = [
  {
    id: 'sum',
    name: 'the sum over examples instead of the mean',
    explain: ({ m }) => `The loss is the mean BCE: divide the sum by m = ${m}.`,
    lesson: carried,
    predict: ({ m, right }) => m * right,
  },
];

export const layerGradient: Slip<LayerCall>[] = [
  {
    id: 'no-divide',
    name: 'forgetting to divide by m',
    explain: ({ m }) => `The loss is a mean over the m = ${m} examples, so dW = Aᵀ·δ / m and db = column means of δ (not sums).`,
    lesson: carried,
    predict: ({ m, right }) => scale(right, m),
  },
  {
    id: 'transposed',
    name: 'a transposed dW (the shape of Wᵀ)',
    explain: 'dW_l = A_{l−1}ᵀ·δ_l has the shape of W_l (n_in × n_out).',
    lesson: carried,
    predict: ({ field, right }) => (field === 'dW' ? transposeOf(right as Matrix) : undefined),
  },
  {
    id: 'delta-sign',
    name: 'δ = Y − ŷ at the output instead of ŷ − Y (every gradient has the wrong sign)',
    explain: 'dL/dZ at a sigmoid output with BCE is ŷ − Y; Y − ŷ is the negative gradient, the direction to step in.',
    lesson: carried,
    predict: ({ right }) => scale(right, -1),
  },
  {
    id: 'at-a',
    name: "g'(A) instead of g'(Z) (the derivative evaluated at the activation)",
    explain: "δ_{l−1} = (δ_l·W_lᵀ) ⊙ g'(Z_{l−1}): the derivative is taken at the pre-activation Z, not at A = g(Z).",
    lesson: carried,
  },
];

export const gradsOrder: Slip<OrderCall>[] = [
  {
    id: 'reversed',
    name: 'the gradients are listed last layer first',
    explain: 'grads[0] must belong to the first layer (next to the input), as layers[0] does; backprop computes them from the output side, so fill grads[l] by index (or reverse at the end).',
    lesson: `${slug}#reading-the-list-from-the-wrong-end`,
    matches: (actual, { right }) => {
      const grads = actual as { dW?: unknown }[];
      const L = right.length;
      if (L < 2 || !Array.isArray(grads) || grads.length !== L) return false;
      const close = (a: unknown, b: Matrix) => isClose(a, b, { rtol: 1e-6, atol: 1e-12 });
      return !grads.every((g, l) => close(g?.dW, right[l]!)) && grads.every((g, l) => close(g?.dW, right[L - 1 - l]!));
    },
  },
];

export const layerGradientNorms: Slip<NormsCall>[] = [
  {
    id: 'squared',
    name: 'the squared norm (Σ dW², without the square root)',
    explain: 'The Frobenius norm is √(Σ dW²); without the root the decay looks twice as steep on a log scale.',
    lesson: `${slug}#squared-norms-and-other-sizes`,
    predict: ({ right }) => right.map((n) => n * n),
  },
  {
    id: 'reversed',
    name: 'the norms listed last layer first',
    explain: 'layerGradientNorms keeps the order of grads: entry 0 is the first layer, next to the input.',
    lesson: `${slug}#reading-the-list-from-the-wrong-end`,
    predict: ({ right }) => [...right].reverse(),
  },
  {
    id: 'with-db',
    name: 'db included in the norm',
    explain: 'The unit measures the weight gradient dW only; leave db out.',
    lesson: `${slug}#squared-norms-and-other-sizes`,
    predict: ({ grads, right }) => grads.map(({ db }, l) => Math.hypot(right[l]!, ...db)),
  },
  {
    id: 'l1',
    name: 'the sum of absolute values (an L1 norm)',
    explain: 'The Frobenius norm squares the entries, sums them, and takes the square root.',
    lesson: `${slug}#squared-norms-and-other-sizes`,
    predict: ({ grads }) => grads.map(({ dW }) => dW.flat().reduce((s, x) => s + Math.abs(x), 0)),
  },
  {
    id: 'max',
    name: 'the largest entry instead of the norm',
    explain: 'The Frobenius norm combines every entry: √(Σ dW²).',
    lesson: `${slug}#squared-norms-and-other-sizes`,
    predict: ({ grads }) => grads.map(({ dW }) => Math.max(...dW.flat().map(Math.abs))),
  },
  {
    id: 'rms',
    name: 'the mean square root (RMS) instead of the norm',
    explain: 'Do not divide by the number of entries: ‖dW‖ = √(Σ dW²).',
    lesson: `${slug}#squared-norms-and-other-sizes`,
    predict: ({ grads, right }) => grads.map(({ dW }, l) => right[l]! / Math.sqrt(dW.flat().length)),
  },
];

/**
 * checkDeepBackward's slips are unit 04's checkBackward ones (most of them unit 03's, which the
 * message says needs fixing): the same check, run on every layer.
 */
export { type CheckCall } from './04-backprop-mlp';
export const checkDeepBackward: Slip<CheckCall>[] = gradientCheckSlips;
