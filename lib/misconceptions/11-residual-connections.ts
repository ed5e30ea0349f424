/**
 * The misconception catalogue of unit 11, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). Wrong values come from the call's inputs and the RIGHT answers the caller
 * gives; σ'(a_k), which one slip evaluates, is given by the caller too. The wrong values that need a
 * whole wrong pass (the skip inside g, the skip left out of the backward pass) come in `ctx.known`:
 * the hidden suite computes them on every net; on the lesson's 2-block fixture they are listed below
 * (`onTheFixture`), and test/misconceptions/catalogue.test.ts checks that list against the oracle.
 */
import type { Numeric } from '../compare';
import { reversed, scale, transposeOf, type Known, type Slip } from '../misconceptions';

const slug = '11-residual-connections';
type Matrix = number[][];
type Vector = number[];
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const isMatrix = (v: Numeric) => Array.isArray(v) && Array.isArray(v[0]);

export interface ChainForwardCall {
  x: number;
  weights: number[];
  /** the right activations a_k */
  right: number[];
}

export interface LocalCall {
  weights: number[];
  /** the right factors 1 + w_k·σ'(z_k) */
  right: number[];
  /** σ'(a_k) at the right activations: the slope a slip evaluates */
  slopeAtA: number[];
}

export interface LossCall extends Known {
  m: number;
  right: number;
}

export interface OrderCall {
  /** the right dW of every block, first to last, then the head's */
  right: Matrix[];
}

export interface GradientCall extends Known {
  m: number;
  right: Matrix | Vector;
}

const skipInside = {
  id: 'skip-inside',
  name: 'the skip added before the activation, g(A·W + b + A), instead of after it, A + g(A·W + b)',
  explain: 'The skip carries its input around the activation unchanged: a_k = a_{k−1} + σ(z_k), A_l = A_{l−1} + g(Z_l). Inside g it is squashed like everything else, and the gradient loses its direct path.',
  lesson: `${slug}#adding-the-skip-before-the-activation`,
};

export const residualChainForward: Slip<ChainForwardCall>[] = [
  {
    id: 'no-skip',
    name: "unit 02's chain without the skip (a_k = σ(z_k))",
    explain: 'A residual layer adds its input back: a_k = a_{k−1} + σ(w_k·a_{k−1}).',
    lesson: `${slug}#the-skip-left-out-of-the-forward-pass`,
    predict: ({ x, weights }) => weights.reduce<number[]>((as, w) => [...as, sigmoid(w * (as.length ? as[as.length - 1]! : x))], []),
  },
  {
    ...skipInside,
    predict: ({ x, weights }) => weights.reduce<number[]>((as, w) => { const prev = as.length ? as[as.length - 1]! : x; return [...as, sigmoid(w * prev + prev)]; }, []),
  },
];

export const residualChainLocalGradients: Slip<LocalCall>[] = [
  {
    id: 'skip-one-forgotten',
    name: "the skip's 1 forgotten (w_k·σ'(z_k) alone)",
    explain: "a_k = a_{k−1} + σ(w_k·a_{k−1}) has two terms, and the skip's term contributes da_{k−1}/da_{k−1} = 1: the factor is 1 + w_k·σ'(z_k).",
    lesson: `${slug}#forgetting-the-skips-1`,
    predict: ({ right }) => right.map((f) => f - 1),
  },
  {
    id: 'weight-left-out',
    name: "the weight left out (1 + σ'(z_k))",
    explain: "z_k = w_k·a_{k−1}, so the branch's factor is σ'(z_k)·w_k, as in unit 02's backward pass.",
    lesson: `${slug}#the-weight-left-out`,
    // 1 + σ'(z_k) = 1 + (right_k − 1)/w_k; a zero weight cannot tell.
    predict: ({ weights, right }) => (weights.every((w) => w !== 0) ? right.map((f, k) => 1 + (f - 1) / weights[k]!) : undefined),
  },
  {
    id: 'slope-at-a',
    name: "σ'(a_k) used instead of σ'(z_k)",
    explain: "σ' is taken at the pre-activation z_k = w_k·a_{k−1}, not at the block's output a_k.",
    lesson: `${slug}#the-slope-taken-at-a-instead-of-at-z`,
    predict: ({ weights, slopeAtA }) => slopeAtA.map((s, k) => 1 + weights[k]! * s),
  },
  {
    id: 'reversed',
    name: 'the factors listed last layer first',
    explain: 'Keep the order of weights: entry 0 belongs to the first layer.',
    lesson: `${slug}#the-factors-in-reverse-order`,
    predict: ({ right }) => reversed(right),
  },
];

export const netLoss: Slip<LossCall>[] = [
  skipInside,
  {
    id: 'sum',
    name: 'the sum over examples instead of the mean',
    explain: ({ m }) => `The loss is the mean BCE: divide the sum by m = ${m}.`,
    lesson: `${slug}#forgetting-to-divide-by-m`,
    predict: ({ m, right }) => m * right,
  },
];

/** Is every entry of `grads` (by its dW) the right one at index `at(l)`? */
const orderedAs = (grads: unknown, right: Matrix[], at: (l: number) => number) => {
  if (!Array.isArray(grads) || grads.length !== right.length) return false;
  return grads.every((g, l) => {
    const want = right[at(l)]!;
    const dW = (g as { dW?: unknown } | null)?.dW;
    return Array.isArray(dW) && dW.length === want.length && want.every((row, i) => Array.isArray(dW[i]) && row.length === (dW[i] as unknown[]).length && row.every((x, j) => Math.abs(((dW[i] as number[])[j] ?? NaN) - x) <= 1e-9 + 1e-6 * Math.abs(x)));
  });
};

export const netGradOrder: Slip<OrderCall>[] = [
  {
    id: 'head-wrong-place',
    name: "the head's gradient in the wrong place",
    explain: "grads holds the blocks first to last (grads[0] belongs to blocks[0]) and then the head's { dW, db } as the LAST entry. Backprop meets the head first: fill grads[l] by index and put the head at the end.",
    lesson: `${slug}#the-heads-gradient-in-the-wrong-place`,
    matches: (grads, { right }) => {
      const L = right.length;
      if (L < 2 || orderedAs(grads, right, (l) => l)) return false;
      return orderedAs(grads, right, (l) => (l === 0 ? L - 1 : l - 1)) || orderedAs(grads, right, (l) => L - 1 - l) || orderedAs(grads, right, (l) => (l === 0 ? L - 1 : L - 1 - l));
    },
  },
];

export const netGradients: Slip<GradientCall>[] = [
  {
    id: 'no-divide',
    name: 'forgetting to divide by m',
    explain: ({ m }) => `The loss is a mean over the m = ${m} examples, so dW = Aᵀ·δ / m and db = column means of δ.`,
    lesson: `${slug}#forgetting-to-divide-by-m`,
    predict: ({ m, right }) => scale(right, m),
  },
  {
    id: 'no-skip-backward',
    name: 'the skip left out of the backward pass (G_{l−1} = δ_l·W_lᵀ only)',
    explain: "The stream's gradient reaches A_{l−1} along two paths: straight through the skip (G_l itself) and through the branch (δ_l·W_lᵀ). Add them: G_{l−1} = G_l + δ_l·W_lᵀ.",
    lesson: `${slug}#leaving-the-skip-out-of-the-backward-pass`,
  },
  {
    id: 'transposed',
    name: 'a transposed dW (the shape of Wᵀ)',
    explain: 'dW_l = A_{l−1}ᵀ·δ_l has the shape of W_l (n_in × n_out), not of its transpose.',
    lesson: `${slug}#a-transposed-dw`,
    predict: ({ right }) => (isMatrix(right) ? transposeOf(right as Matrix) : undefined),
  },
];

type LayerKnown = { dW: Partial<Record<string, Numeric>>; db: Partial<Record<string, Numeric>> };

/**
 * The wrong values on the lesson's 2-block tanh fixture (the public test's net), computed by the
 * hidden suite's oracle (`slipValues(fixture, 'tanh')` in grader/checks/11-residual-connections.checks.ts),
 * rounded to 12 digits: what a public test puts in `known`. (Leaving the skip out of the backward pass
 * changes only the blocks below the last one.)
 */
export const onTheFixture: { loss: Partial<Record<string, number>>; grads: LayerKnown[] } = {
  loss: { 'skip-inside': 0.663976665871 },
  grads: [
    { dW: { 'no-skip-backward': [[-0.0107659330649, 0.00458970105609], [-0.0331965634433, 0.00869035510484]] }, db: { 'no-skip-backward': [0.0920028379414, 0.0101266491277] } },
    { dW: { 'no-skip-backward': [[0.132164994055, -0.0153728083293], [0.22371634457, -0.0566412626517]] }, db: { 'no-skip-backward': [-0.0893088243252, 0.101403283758] } },
    { dW: { 'no-skip-backward': [[0.210193547588], [0.528620871464]] }, db: { 'no-skip-backward': [-0.143306186398] } },
  ],
};
