/**
 * The misconception catalogue of unit 02, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). Wrong values come from the inputs and the RIGHT answers the caller gives:
 * the right forward values, local gradients and backward result; σ'(a_k), the value a slip
 * evaluates, is given by the caller too (the engine's, or the fixture's number).
 */
import { isNaNSomewhere, reversed, type Slip } from '../misconceptions';

const slug = '02-chain-rule';

export interface ForwardCall {
  x: number;
  weights: number[];
  right: number[];
}

export interface LocalCall {
  /** the right activations a_k */
  a: number[];
  right: number[];
  /** σ'(a_k): the slope at the activation, which a slip uses */
  slopeAtA: number[];
}

export interface ProductCall {
  factors: number[];
  right: number;
}

export interface BackwardCall {
  x: number;
  weights: number[];
  /** the right activations a_k */
  a: number[];
  /** the right local gradients σ'(z_k) */
  local: number[];
  slopeAtA: number[];
  /** the right answer for the field judged */
  right: number[];
  field: 'dz' | 'dw';
}

export interface StepCall {
  w: number;
  grad: number;
  lr: number;
  right: number;
}

/** Π_{j>k} w_j: what layer k's gradient owes to the weights above it. */
const weightsAbove = (weights: number[], k: number) => weights.slice(k + 1).reduce((p, w) => p * w, 1);
/** Π_{j≥k} f_j: the local factors from layer k to the output. */
const ratioFrom = (num: number[], den: number[], k: number) => num.slice(k).reduce((p, x, j) => (p * x) / den[k + j]!, 1);

const order = (lesson: string): Slip<{ right: number[] }> => ({
  id: 'reversed',
  name: 'the list is returned last layer first',
  explain: 'Backprop computes the last layer first, but every list is indexed like weights: entry 0 belongs to the first layer.',
  lesson,
  predict: ({ right }) => reversed(right),
});

export const chainForwardZ: Slip<ForwardCall>[] = [
  {
    id: 'z-passed-on',
    name: 'z_{k−1} passed to the next layer instead of a_{k−1}',
    explain: "Each layer multiplies its weight by the previous layer's activation a_{k−1} = σ(z_{k−1}), not by its pre-activation.",
    lesson: `${slug}#passing-z-on-instead-of-a`,
    predict: ({ x, weights }) => weights.reduce<number[]>((zs, w, k) => [...zs, w * (k === 0 ? x : zs[k - 1]!)], []),
  },
];

export const chainLocalGradients: Slip<LocalCall>[] = [
  {
    id: 'slope-at-a',
    name: "σ'(a_k) used instead of σ'(z_k)",
    explain: "The local gradient is σ' at the layer's pre-activation z_k. sigmoidPrime(a_k) takes it at the activation, a different point; a_k(1 − a_k) is the right number.",
    lesson: `${slug}#using-the-derivative-at-a-instead-of-at-z`,
    predict: ({ slopeAtA }) => slopeAtA,
  },
  {
    id: 'activations',
    name: "the activations a_k returned instead of σ'(z_k)",
    explain: "∂a_k/∂z_k is the sigmoid's slope σ'(z_k) = a_k(1 − a_k), at most 0.25; a_k itself is the layer's output.",
    lesson: `${slug}#local-gradients`,
    predict: ({ a }) => a,
  },
  order(`${slug}#lists-last-layer-first`),
];

export const product: Slip<ProductCall>[] = [
  {
    id: 'empty-is-zero',
    name: 'the product of no factors taken as 0',
    explain: 'A product starts from 1 (the number that changes nothing when multiplied), so product([]) is 1, as a sum of nothing is 0.',
    lesson: `${slug}#the-product-of-no-factors`,
    matches: (actual, { factors }) => factors.length === 0 && actual === 0,
  },
  {
    id: 'sum',
    name: 'the factors added instead of multiplied',
    explain: 'The chain rule multiplies the local factors; adding them would make depth harmless, which is exactly what it is not.',
    lesson: `${slug}#the-product-of-no-factors`,
    predict: ({ factors }) => factors.reduce((s, f) => s + f, 0),
  },
];

export const chainBackward: Slip<BackwardCall>[] = [
  {
    id: 'missing-weight',
    name: 'the weight factor w_k is missing from the chain',
    explain: "Going back from z_k to a_{k−1} multiplies by ∂z_k/∂a_{k−1} = w_k. The upstream gradient for layer k−1 is dz[k]·w_k, then times σ'(z_{k−1}).",
    lesson: `${slug}#forgetting-the-weight-factor`,
    predict: ({ weights, right }) => right.map((g, k) => g / weightsAbove(weights, k)),
  },
  {
    id: 'slope-at-a',
    name: "σ'(a_k) used instead of σ'(z_k)",
    explain: "The local gradient is the sigmoid's derivative at the layer's input z_k. sigmoidPrime(a_k) evaluates it at the output, a different point (a_k(1 − a_k) is fine: that equals σ'(z_k)).",
    lesson: `${slug}#using-the-derivative-at-a-instead-of-at-z`,
    predict: ({ right, slopeAtA, local }) => right.map((g, k) => g * ratioFrom(slopeAtA, local, k)),
  },
  {
    id: 'own-activation',
    name: 'dw[k] = dz[k]·a_k, with the layer\'s own output instead of its input a_{k−1}',
    explain: 'z_k = w_k·a_{k−1}, so ∂z_k/∂w_k is the input a_{k−1} (x for the first layer), not the output a_k.',
    lesson: `${slug}#the-wrong-activation-in-dw`,
    predict: ({ field, right, a, x }) => (field === 'dw' ? right.map((g, k) => (g * a[k]!) / (k === 0 ? x : a[k - 1]!)) : undefined),
  },
  order(`${slug}#lists-last-layer-first`),
  {
    id: 'overflow-nan',
    name: "e^(−z) overflowing to Infinity inside σ or σ', giving NaN",
    explain: 'Large |z| saturate their units. Use the stable sigmoid of unit 01 (choose the form whose exponential has a negative argument).',
    lesson: '01-sigmoid#computing-it-without-overflow',
    matches: isNaNSomewhere,
  },
];

export const sgdStep: Slip<StepCall>[] = [
  {
    id: 'plus-sign',
    name: 'sgdStep adding the gradient instead of subtracting it',
    explain: 'The gradient points uphill; gradient descent steps against it: w − lr·grad.',
    lesson: `${slug}#stepping-the-wrong-way-or-the-wrong-distance`,
    predict: ({ w, grad, lr }) => w + lr * grad,
  },
  {
    id: 'no-lr',
    name: 'the learning rate is left out of the step',
    explain: 'The step is lr·grad, not grad: the learning rate sets how far to move.',
    lesson: `${slug}#stepping-the-wrong-way-or-the-wrong-distance`,
    predict: ({ w, grad }) => w - grad,
  },
  {
    id: 'divides-by-lr',
    name: 'the gradient divided by the learning rate instead of multiplied',
    explain: 'A small learning rate must mean a small step: w − lr·grad. grad/lr makes it enormous.',
    lesson: `${slug}#stepping-the-wrong-way-or-the-wrong-distance`,
    predict: ({ w, grad, lr }) => w - grad / lr,
  },
  {
    id: 'only-the-change',
    name: 'the change −lr·grad returned instead of the new weight',
    explain: 'sgdStep returns the updated weight, w − lr·grad, not the amount it moves by.',
    lesson: `${slug}#stepping-the-wrong-way-or-the-wrong-distance`,
    predict: ({ grad, lr }) => -lr * grad,
  },
];
