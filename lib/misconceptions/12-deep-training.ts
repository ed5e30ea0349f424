/**
 * The misconception catalogue of unit 12, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). The spirals' slips follow from the RIGHT points the caller gives (their
 * radius t and class c); the training slips are recognised by what a run measures (the first step's
 * gradient norm, the final loss), against the engine's ranges the caller passes.
 */
import type { Slip } from '../misconceptions';

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
    explain: ({ m }) => `The loss is the MEAN BCE of the batch, so every dW and db carries a 1/m (m = batchSize = ${m}); without it each step is ${m} times too big.`,
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
