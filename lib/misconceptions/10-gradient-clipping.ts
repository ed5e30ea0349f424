/**
 * The misconception catalogue of unit 10, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). Wrong values follow from the inputs and the RIGHT answers the caller gives
 * (the global norm, the clipped matrices); slips that need each matrix's own norm come in
 * `ctx.known`, computed by the caller.
 */
import { scale, type Known, type Slip } from '../misconceptions';

const slug = '10-gradient-clipping';
type Matrix = number[][];

export interface ValueCall extends Known {
  g: Matrix;
  limit: number;
}

export interface MutationCall {
  /** whether the call changed its input */
  changed: boolean;
}

export interface ClippedCall extends Known {
  /** the matrix being judged, as it was passed in */
  g: Matrix;
  maxNorm: number;
  /** the right global norm of all the matrices */
  totalNorm: number;
}

export interface NormCall extends Known {
  maxNorm: number;
  right: number;
}

export const clipByValue: Slip<ValueCall>[] = [
  {
    id: 'upper-only',
    name: 'only the upper side clamped',
    explain: 'Large negative entries explode just as badly as large positive ones: clamp to [−limit, limit], both sides.',
    lesson: `${slug}#clamping-one-side-or-by-the-norm`,
    predict: ({ g, limit }) => g.map((row) => row.map((x) => Math.min(limit, x))),
  },
  {
    id: 'by-norm',
    name: 'the matrix clipped by its norm instead of entry by entry',
    explain: 'Clipping by value clamps each entry on its own to [−limit, limit]; scaling the whole matrix down to a norm of limit is clipping by norm, the other method.',
    lesson: `${slug}#clamping-one-side-or-by-the-norm`,
  },
];

export const clipByValueInput: Slip<MutationCall>[] = [
  {
    id: 'mutates-input',
    name: 'clipByValue mutating its input',
    explain: 'Write the clamped values into a new matrix (g.map(row => row.map(...))) and leave g as it was: the caller may still need the raw gradient, e.g. to log its size.',
    lesson: `${slug}#mutating-the-input`,
    matches: (_actual, { changed }) => changed,
  },
];

export const clipped: Slip<ClippedCall>[] = [
  {
    id: 'per-matrix',
    name: 'each matrix clipped by its own norm instead of the global norm',
    explain: 'Clipping by global norm computes ONE norm over all the matrices together and scales them all by the same factor, so the update keeps its direction; clipping each matrix separately changes the proportions between layers.',
    lesson: `${slug}#each-matrix-clipped-by-its-own-norm`,
  },
  {
    id: 'no-eps',
    name: 'the +1e-6 forgotten: scale = maxNorm/totalNorm',
    explain: "PyTorch's rule is scale = maxNorm/(totalNorm + 1e-6). The 1e-6 keeps the division finite for zero gradients, and it changes the result visibly when the norm itself is small.",
    lesson: `${slug}#forgetting-the-1e-6`,
    predict: ({ g, maxNorm, totalNorm }) => scale(g, Math.min(1, maxNorm / totalNorm)),
  },
  {
    id: 'scales-up',
    name: 'scaling up when below the limit',
    explain: 'Clipping only ever shrinks: when scale = maxNorm/(totalNorm + 1e-6) is 1 or more the gradients are returned unchanged. Scaling small gradients up to maxNorm would make every step the same size.',
    lesson: `${slug}#scaling-up-when-below-the-limit`,
    predict: ({ g, maxNorm, totalNorm }) => scale(g, maxNorm / (totalNorm + 1e-6)),
  },
];

export const totalNorm: Slip<NormCall>[] = [
  {
    id: 'post-clip',
    name: 'returning the post-clip norm instead of the norm before clipping',
    explain: 'totalNorm reports how large the gradient WAS (that is what you log to spot explosions); after clipping it would always read about maxNorm.',
    lesson: `${slug}#returning-the-post-clip-norm`,
    predict: ({ maxNorm, right }) => right * Math.min(1, maxNorm / (right + 1e-6)),
  },
  {
    id: 'sum-of-norms',
    name: "the sum of the matrices' norms instead of the norm of all their entries together",
    explain: 'The global norm is √(Σ over every entry of every matrix of x²) = √(Σ‖G_i‖²), not Σ‖G_i‖.',
    lesson: `${slug}#returning-the-post-clip-norm`,
  },
  {
    id: 'no-root',
    name: 'the sum of squares without the square root',
    explain: 'The norm is the square root of the sum of squares.',
    lesson: `${slug}#returning-the-post-clip-norm`,
    predict: ({ right }) => right * right,
  },
];

/** A training run being judged: the clipNorm it was asked for and the right per-step values. */
export interface RunCall extends Known {
  clipNorm: number;
  /** the right values of the field being judged (the losses, or the pre-clip norms), step by step */
  right: number[];
}

/**
 * Slips in trainWithClipping's loop, recognised from the loss history. A wrong run cannot be told
 * from the right answer alone, so both come in `ctx.known`: the hidden suite runs the engine's loop
 * with the slip, the public test reads `onTheFixture` below.
 */
export const training: Slip<RunCall>[] = [
  {
    id: 'clip-after-update',
    name: 'clipping after the update instead of before it',
    explain: 'The update is what clipping protects: clip the gradient first, then step with the clipped one. Clipped after the weights have moved, it changes nothing, and the run blows up as if unclipped.',
    lesson: `${slug}#clipping-after-the-update`,
  },
  {
    id: 'per-matrix-in-loop',
    name: "each layer's gradient clipped by its own norm inside the loop",
    explain: 'Pass the whole list of gradients to clipByGlobalNorm at once: one norm over all of them and one factor for all, so the step keeps its direction. Clipping each matrix on its own lets every layer take a step of up to clipNorm.',
    lesson: `${slug}#each-matrix-clipped-by-its-own-norm`,
  },
];

export const gradNormHistory: Slip<RunCall>[] = [
  {
    id: 'post-clip-in-loop',
    name: 'logging the norm after clipping instead of before',
    explain: "Log the totalNorm clipByGlobalNorm returns, the norm before clipping: after clipping every step would read about clipNorm, and the explosion you want to see would not show.",
    lesson: `${slug}#returning-the-post-clip-norm`,
    predict: ({ clipNorm, right }) => right.map((n) => n * Math.min(1, clipNorm / (n + 1e-6))),
  },
];

/**
 * The first three losses of the slips' runs on the public fixture (explodingChain() from
 * @course/exploding-chain, lr 0.15, clipNorm 1), from the engine's loop with each slip
 * (test/misconceptions/10-gradient-clipping.test.ts checks them against it).
 */
export const onTheFixture = {
  'clip-after-update': [10.231062908886546, 382834.53939422383, 1.0622073161817834e95],
  'per-matrix-in-loop': [10.231062908886546, 0.09171034545920771, 0.08687710734844374],
};
