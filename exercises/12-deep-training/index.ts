/**
 * Unit 12 — the capstone: watch a deep network stop learning, then make it learn.
 * Lesson: lessons/12-deep-training.md
 *
 * You write a real training loop — mini-batch SGD on two spirals — and build it from YOUR OWN
 * earlier units: this is the one unit that may import them (as `../NN-slug/index`, exactly).
 * The imports below are the ones the lesson uses; the grader bundles those files from your
 * submission, so a unit you have not finished yet says so when unit 12 runs.
 *
 * Replace each `throw` with your code. `npm test -- 12` checks this file.
 * Never change an input array.
 */
import type { Activation, Matrix, Vector } from '@course/types';
import { gaussian } from '@course/random';
import { bceLoss, dense } from '../04-backprop-mlp/index';
import { layerGradientNorms } from '../05-vanishing-gradients/index';
import { heNormal, smallUniform, xavierNormal } from '../07-weight-init/index';
import { batchNormBackward, batchNormForward, type BatchNormCache, type BatchNormState } from '../08-batch-norm/index';
import { clipByGlobalNorm } from '../10-gradient-clipping/index';

/** The hidden layers' activation; leakyRelu has slope 0.01 for z < 0. */
export type { Activation };
/** Which of unit 07's initializations every layer's W starts from (biases start at 0). */
export type Init = 'smallUniform' | 'xavierNormal' | 'heNormal';

export interface TrainConfig {
  /** the number of weight layers: 2 → width, then depth − 2 of width → width, then width → 1 */
  depth: number;
  width: number;
  activation: Activation;
  init: Init;
  /** batch norm on every hidden layer's Z, before the activation: H = g(BN(Z)) (γ = 1, β = 0 to start) */
  batchNorm?: boolean;
  /** residual blocks: hidden layers 1 … depth − 2 (counting from 0) output A + H instead of H */
  residual?: boolean;
  /** clip every step's gradients by their global norm (unit 10) to at most clipNorm */
  clipNorm?: number;
  lr: number;
  steps: number;
  batchSize: number;
}

export interface TrainResult {
  /** the mean BCE of each step's mini-batch, before that step's update */
  lossHistory: number[];
  /** each step's ‖dW_l‖ for every layer, first layer to last (depth numbers), before clipping */
  gradNormHistory: number[][];
  /** the fraction of ALL of data classified right (ŷ > 0.5 means class 1), after training, batch norm in evaluation mode */
  accuracy: number;
}

export interface Dataset {
  X: Matrix;
  Y: Vector;
}

/**
 * Two interleaved spirals: for class c ∈ {0, 1} and i = 0 … nPerClass − 1, with t = i / nPerClass and
 * θ = 1.5π·t + c·π, the point (t·cos θ, t·sin θ) plus noise·N(0, 1) on each coordinate (use
 * `gaussian(rng)`). X is 2·nPerClass × 2 with all of class 0's rows first, in the order of i; Y holds
 * the classes (0 … 0, 1 … 1). A positive whole nPerClass only; anything else throws.
 */
export function makeSpirals(nPerClass: number, rng: () => number, noise = 0.1): Dataset {
  throw new Error('TODO: write makeSpirals(nPerClass, rng, noise) — see lessons/12-deep-training.md#the-data-two-spirals');
}

/**
 * Mini-batch SGD for `config.steps` steps. Start: every layer's W from `config.init` (fanIn × fanOut, in
 * layer order), b = 0. Each step:
 *   1. draw batchSize rows of data uniformly at random (with replacement) using rng;
 *   2. forward: Z = A·W + b; hidden layers H = g(Z) (or g(BN(Z)) in training mode), A = H (or A + H for a
 *      residual layer); the last layer is one sigmoid unit; record the batch's mean BCE;
 *   3. backward through the same layers (unit 05's equations, unit 08's batch-norm backward, and for a
 *      skip the gradient G of a residual layer's output passes to its input unchanged, plus δ·Wᵀ);
 *      every gradient is that of the batch's MEAN loss, so each carries a 1/m (m = batchSize): dγ and
 *      dβ just like dW and db (batchNormBackward sums over the batch, so its dout must already hold
 *      the 1/m); record ‖dW_l‖ of every layer;
 *   4. with clipNorm, clip all gradients (every dW, db, dγ, dβ as one list) by their global norm;
 *   5. update every parameter: p ← p − lr·dp.
 * Then the accuracy on all of data, with batch norm using its running statistics (evaluation mode).
 * Throws an Error naming the problem for an unknown activation or init, a depth below 2, a non-positive
 * lr or clipNorm, or data whose X and Y do not match.
 */
export function trainDeepNet(config: TrainConfig, data: Dataset, rng: () => number): TrainResult {
  throw new Error('TODO: write trainDeepNet(config, data, rng) — see lessons/12-deep-training.md#the-training-loop');
}
