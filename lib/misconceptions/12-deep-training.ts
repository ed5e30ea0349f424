/**
 * The misconception catalogue of unit 12, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). The spirals' slips follow from the RIGHT points the caller gives (their
 * radius t and class c); the training slips are recognised by what a run measures (the first step's
 * gradient norm, the final loss), against the engine's ranges the caller passes. The batch-norm
 * gradients without the 1/m need a whole wrong run, so they come in `ctx.known`: the hidden suite runs
 * the engine with the slip; the public test reads `onTheFixture` (checked against that oracle by
 * test/misconceptions/catalogue.test.ts).
 */
import type { Known, Slip } from '../misconceptions';

const slug = '12-deep-training';
type Matrix = number[][];

export interface SpiralsCall {
  nPerClass: number;
  /** the right noise-free points, class 0 first */
  right: Matrix;
}

export interface FirstStepCall {
  /** the mini-batch size */
  m: number;
  /** the range the engine measures for the last layer's ‖dW‖ at the first step */
  low: number;
  high: number;
}

export interface UnclippedCall {
  /** without clipping, the engine's final loss on this run is always above this */
  above: number;
}

export interface BatchNormStepsCall extends Known {
  /** the mini-batch size */
  m: number;
}

export const makeSpirals: Slip<SpiralsCall>[] = [
  {
    id: 'interleaved',
    name: 'the classes interleaved (row 2i is class 0, row 2i+1 class 1)',
    explain: 'All nPerClass points of class 0 come first, then those of class 1, in the order of i.',
    lesson: `${slug}#the-classes-interleaved`,
    predict: ({ nPerClass: n, right }) => right.map((_, r) => right[(r % 2) * n + Math.floor(r / 2)]!),
  },
  {
    id: 'turns',
    name: 'the angle in turns instead of radians (θ = 0.75·t + c/2)',
    explain: 'θ = 1.5π·t + c·π is in radians: Math.cos and Math.sin take radians.',
    lesson: `${slug}#the-angle-in-turns-instead-of-radians`,
    // The radius t = |x| is the same either way; only the angle is wrong.
    predict: ({ nPerClass: n, right }) =>
      right.map((_, r) => {
        const c = r < n ? 0 : 1;
        const t = (r % n) / n;
        const theta = 0.75 * t + c / 2;
        return [t * Math.cos(theta), t * Math.sin(theta)];
      }),
  },
];

export const trainDeepNetFirstStep: Slip<FirstStepCall>[] = [
  {
    id: 'summed',
    name: 'the gradient summed over the mini-batch instead of averaged',
    explain: ({ m }) => `The loss is the MEAN BCE of the batch, so every gradient (dW, db, and batch norm's dγ, dβ) carries a 1/m (m = batchSize = ${m}); without it each step is ${m} times too big.`,
    lesson: `${slug}#summing-over-the-mini-batch-instead-of-averaging`,
    matches: (norm, { m, low, high }) => typeof norm === 'number' && !(norm >= low && norm <= high) && norm / m >= low && norm / m <= high,
  },
];

export const trainDeepNetUnclipped: Slip<UnclippedCall>[] = [
  {
    id: 'clips-always',
    name: 'clipping when no clipNorm is given',
    explain: 'At this learning rate unclipped SGD throws the net off, so a run that learns here is clipped: clip only when config.clipNorm is given.',
    lesson: `${slug}#clipping-when-no-clipnorm-is-given`,
    matches: (finalLoss, { above }) => typeof finalLoss === 'number' && finalLoss <= above,
  },
];

export const trainDeepNetBatchNorm: Slip<BatchNormStepsCall>[] = [
  {
    id: 'bn-grads-summed',
    name: "batch norm's dγ/dβ without the 1/m",
    explain: ({ m }) =>
      `With δ = ŷ − y and the 1/m put only into dW and db, batchNormBackward's dγ = Σᵢ dout·x̂ and dβ = Σᵢ dout are sums over the batch of a δ that is ${m} times too big, so γ and β move ${m} times too far. Put the 1/m into δ at the output (then dW = Aᵀ·δ and db = Σᵢ δ), and every gradient below it, dγ and dβ included, is the mean loss's.`,
    lesson: `${slug}#the-batch-norm-gradients-without-the-1m`,
  },
];

/**
 * lossHistory of the public test's batch-norm fixture (3 sigmoid layers of width 4, batch norm, lr 0.5,
 * 4 steps of 4 rows from a 2-point data set, an rng alternating 0.3, 0.9) with the slip, rounded to 12
 * digits: what a public test puts in `known`.
 */
export const onTheFixture: Partial<Record<string, number[]>> = {
  'bn-grads-summed': [0.602159580841, 0.565600855877, 0.536882704245, 0.512412189644],
};
