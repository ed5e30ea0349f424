/**
 * Unit 10's training problem, shipped with the course so the learner's loop, the public tests, the
 * lesson's numbers and its figures all train the same thing: the lesson's chain of scalar weights,
 * ŷ = w₁·w₂·…·w_L·x with x = 1 and target 1, loss ½(ŷ − 1)². Weights a little above 1 multiply up
 * (unit 06), so the gradient is large and gradient descent at a modest learning rate blows up.
 */
import { gaussian, seededRng } from './random';
import type { Matrix } from './types';

/** Anything `trainWithClipping` can train: starting parameters, and the loss with its gradient anywhere. */
export interface TrainingProblem {
  /** the starting parameters, one matrix per layer; a training loop copies them and never changes them */
  init: Matrix[];
  /** the loss at `params` and its gradient: one matrix per parameter matrix, of the same shape */
  lossAndGradients(params: Matrix[]): { loss: number; grads: Matrix[] };
}

/** The chain with the given weights; each weight is its own 1×1 matrix, as a layer's would be. */
export function chainProblem(weights: number[]): TrainingProblem {
  return {
    init: weights.map((w) => [[w]]),
    lossAndGradients(params) {
      const w = params.map((p) => p[0]![0]!);
      // ∂ŷ/∂w_k is the product of every other weight: prefix and suffix products, no division by w_k.
      const before = [1];
      for (const wk of w) before.push(before.at(-1)! * wk);
      const after = [1];
      for (let k = w.length - 1; k >= 0; k--) after.unshift(after[0]! * w[k]!);
      const y = before.at(-1)!;
      return { loss: 0.5 * (y - 1) ** 2, grads: w.map((_, k) => [[(y - 1) * before[k]! * after[k + 1]!]]) };
    },
  };
}

/** The lesson's weights: `depth` of them, 1.2·(1 + 0.05·N(0, 1)) from seededRng(seed). */
export function chainWeights(depth = 10, seed = 1010): number[] {
  const rng = seededRng(seed);
  return Array.from({ length: depth }, () => 1.2 * (1 + 0.05 * gaussian(rng)));
}

/** The lesson's exploding chain: 10 weights near 1.2 (seed 1010), ŷ = 5.52 at the start. */
export function explodingChain(depth = 10, seed = 1010): TrainingProblem {
  return chainProblem(chainWeights(depth, seed));
}
