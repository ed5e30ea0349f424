/**
 * The misconception catalogue of unit 06, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). Wrong values follow from the inputs and the RIGHT answer the caller gives;
 * x·W^(L−1) (the row-vector convention) needs W^(L−1) itself, so it comes in `ctx.known`.
 */
import { reversed, type Known, type Slip } from '../misconceptions';

const slug = '06-exploding-gradients';
type Matrix = number[][];

export interface ForwardCall {
  x: number;
  weights: number[];
  right: number[];
}

export interface BackwardCall {
  weights: number[];
  dLdzLast: number;
  right: number[];
}

export interface PowerCall {
  W: Matrix;
  k: number;
  right: Matrix;
}

export interface LinearCall extends Known {
  W: Matrix;
  right: number[];
}

export interface DivergesCall {
  curvature: number;
  lr: number;
  steps: number;
}

const times = (A: Matrix, B: Matrix): Matrix => A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, k) => s + a * B[k]![j]!, 0)));

export const reluChainForward: Slip<ForwardCall>[] = [
  {
    id: 'without-relu',
    name: 'the chain without the ReLU (a_k = z_k)',
    explain: 'Each layer applies relu after multiplying: a negative z_k becomes 0 and switches off everything after it.',
    lesson: `${slug}#forgetting-the-relu`,
    predict: ({ x, weights }) => {
      let a = x;
      return weights.map((w) => (a = w * a));
    },
  },
  {
    id: 'includes-x',
    name: 'x included as the first activation',
    explain: 'The list holds a_1 … a_L, one entry per layer; x = a_0 is the input, not a layer\'s output.',
    lesson: `${slug}#one-entry-per-layer`,
    predict: ({ x, right }) => [x, ...right],
  },
];

export const reluChainBackward: Slip<BackwardCall>[] = [
  {
    id: 'reversed',
    name: 'the backward values listed from the output side (last layer first)',
    explain: 'Backpropagation computes dL/dz_L first, but the answer is indexed like the weights: entry 0 is layer 1. Fill the array from the back, or reverse it once at the end.',
    lesson: `${slug}#which-end-the-list-starts-from`,
    predict: ({ right }) => reversed(right),
  },
  {
    id: 'without-weights',
    name: 'stepping back without multiplying by the weight',
    explain: "z_{k+1} = w_{k+1}·a_k, so ∂z_{k+1}/∂z_k = w_{k+1}·relu'(z_k): each step back multiplies by the next weight as well as by the slope.",
    lesson: `${slug}#forgetting-the-weight-when-stepping-back`,
    predict: ({ weights, right }) => right.map((g, k) => g / weights.slice(k + 1).reduce((p, w) => p * w, 1)),
  },
  {
    id: 'seed-ignored',
    name: 'dLdzLast ignored (the backward pass always started from 1)',
    explain: 'dLdzLast is the gradient arriving at the last layer, dL/dz_L; every entry of the answer is proportional to it. 1 is only its default.',
    lesson: `${slug}#the-gradient-arriving-at-the-last-layer`,
    predict: ({ dLdzLast, right }) => (dLdzLast === 1 ? undefined : right.map((g) => g / dLdzLast)),
  },
];

export const matrixPower: Slip<PowerCall>[] = [
  {
    id: 'elementwise',
    name: 'each entry raised to the power k instead of the matrix product W·W·…·W',
    explain: 'W^k is W multiplied by itself k times as matrices (W^0 is the identity); Math.pow on every entry gives something else as soon as W is not diagonal.',
    lesson: `${slug}#raising-each-entry-to-the-power`,
    predict: ({ W, k }) => W.map((row) => row.map((w) => w ** k)),
  },
  {
    id: 'one-too-many',
    name: 'W^(k+1): one factor too many',
    explain: 'W^k has k factors of W (W^0 = I, W^1 = W). A loop that starts from W and then multiplies k times gives W^(k+1).',
    lesson: `${slug}#off-by-one-in-the-power`,
    predict: ({ W, right }) => times(right, W),
  },
];

export const deepLinearOutput: Slip<LinearCall>[] = [
  {
    id: 'power-off-by-one',
    name: 'W^L instead of W^(L−1) (one matrix too many)',
    explain: 'A network of L layers has L − 1 identical hidden matrices between input and output, so the output is W^(L−1)·x: for diag(1.5) and L = 30 that is 1.5^29 ≈ 127834, not 1.5^30.',
    lesson: `${slug}#off-by-one-in-the-power`,
    predict: ({ W, right }) => times(W, right.map((v) => [v])).map((row) => row[0]!),
  },
  {
    id: 'row-vector',
    name: 'x·W^(L−1) (x as a row vector) instead of W^(L−1)·x',
    explain: 'The notes multiply the matrix by a column vector x, as written in the stub: W^(L−1)·x. The rows-are-examples convention of the other units would put x on the left, which here transposes W.',
    lesson: `${slug}#a-row-vector-instead-of-a-column`,
  },
];

export const gdDiverges: Slip<DivergesCall>[] = [
  {
    id: 'edge-divergent',
    name: 'treating lr = 2/c as divergent',
    explain: 'At lr = 2/c the update factor 1 − lr·c is exactly −1: w flips between 1 and −1 and |w| stays 1, which is not > 1. Gradient descent diverges only when lr > 2/c, strictly.',
    lesson: `${slug}#at-the-edge-lr--2c`,
    matches: (actual, { curvature, lr }) => actual === true && Math.abs(lr * curvature - 2) < 1e-12,
  },
  {
    id: 'ignores-steps',
    name: 'the verdict lr > 2/c given without running the steps',
    explain: 'gdDiverges asks whether |w| > 1 after `steps` steps: after 0 steps w is still 1, so the answer is false whatever lr is.',
    lesson: `${slug}#ignoring-the-number-of-steps`,
    matches: (actual, { steps }) => actual === true && steps === 0,
  },
];
