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
