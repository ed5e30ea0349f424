/**
 * Unit 09 — ReLU, dying ReLU and its fixes.
 * Lesson: lessons/09-relu-family.md
 *
 * Replace each `throw` with your code. `npm test -- 09` checks this file.
 * At the kink z = 0 every derivative takes its LEFT-hand value: reluPrime(0) = 0,
 * leakyReluPrime(0) = alpha, eluPrime(0) = alpha.
 */
import { gaussian } from '@course/random';
import type { Matrix, Vector } from '@course/types';
import { backward, bceLoss, forward, type Params } from '../04-backprop-mlp/index';

/** ReLU: max(0, z). */
export function relu(z: number): number {
  throw new Error('TODO: write relu(z) — see lessons/09-relu-family.md#relu');
}

/** d/dz relu(z): 1 for z > 0, 0 for z ≤ 0 (0 at z = 0). */
export function reluPrime(z: number): number {
  throw new Error('TODO: write reluPrime(z) — see lessons/09-relu-family.md#relu');
}

/** Leaky ReLU: z for z > 0, alpha·z otherwise. */
export function leakyRelu(z: number, alpha = 0.01): number {
  throw new Error('TODO: write leakyRelu(z, alpha) — see lessons/09-relu-family.md#leaky-relu');
}

/** d/dz leakyRelu(z, alpha): 1 for z > 0, alpha for z ≤ 0. */
export function leakyReluPrime(z: number, alpha = 0.01): number {
  throw new Error('TODO: write leakyReluPrime(z, alpha) — see lessons/09-relu-family.md#leaky-relu');
}

/** ELU: z for z > 0, alpha·(e^z − 1) otherwise. elu(−1) = −0.6321206. */
export function elu(z: number, alpha = 1): number {
  throw new Error('TODO: write elu(z, alpha) — see lessons/09-relu-family.md#elu');
}

/** d/dz elu(z, alpha): 1 for z > 0, alpha·e^z (= elu(z) + alpha) for z ≤ 0. */
export function eluPrime(z: number, alpha = 1): number {
  throw new Error('TODO: write eluPrime(z, alpha) — see lessons/09-relu-family.md#elu');
}

/** PReLU: leaky ReLU whose slope alpha is a learned parameter (no default). */
export function prelu(z: number, alpha: number): number {
  throw new Error('TODO: write prelu(z, alpha) — see lessons/09-relu-family.md#prelu-a-learned-slope');
}

/**
 * Backward pass of PReLU over a vector of pre-activations z sharing one alpha, given
 * dout = d loss / d prelu(z). Returns dz (one entry per element) and dAlpha, a single number:
 * the sum over the elements with z ≤ 0 of dout·z.
 * Throws when z and dout have different lengths (name both).
 */
export function preluBackward(z: Vector, alpha: number, dout: Vector): { dz: Vector; dAlpha: number } {
  throw new Error('TODO: write preluBackward(z, alpha, dout) — see lessons/09-relu-family.md#prelu-a-learned-slope');
}

/**
 * The fraction of units (columns of Z, an m × n matrix of pre-activations, rows are examples)
 * that are ≤ 0 for EVERY example: ReLU units that pass no gradient on this batch.
 */
export function deadFraction(Z: Matrix): number {
  throw new Error('TODO: write deadFraction(Z) — see lessons/09-relu-family.md#dead-units');
}

/** What trainAndWatchDeadUnits trains (see its doc comment). */
export interface DeadUnitsConfig {
  /** the hidden activation, as unit 04's forward and backward take it (leakyRelu has slope 0.01) */
  activation: 'relu' | 'leakyRelu';
  /** the number of hidden units */
  width: number;
  /** every hidden bias starts at this value (0: a healthy layer; −10: the course's very negative biases) */
  biasShift: number;
  lr: number;
  steps: number;
}

/** One entry per step, each measured BEFORE that step's update. */
export interface DeadUnitsHistory {
  /** your deadFraction of the hidden pre-activations Z1 on all of the data */
  deadFraction: number[];
  /** the mean binary cross-entropy on all of the data (unit 04's bceLoss) */
  loss: number[];
  /** √(‖dW1‖² + ‖db1‖²): the size of the whole hidden layer's gradient */
  hiddenGradNorm: number[];
}

/**
 * Watch units die, and see leaky ReLU keep learning: train unit 04's two-layer net on `data` (rows
 * are examples, Y holds 0s and 1s) with plain full-batch gradient descent, and record, at every step,
 * deadFraction(Z1), the loss and the hidden layer's gradient norm.
 *
 * Use your own unit 04 (`forward`, `bceLoss`, `backward`, imported above) and your own deadFraction.
 * Start from:
 *   W1 (n_in × width): each entry gaussian(rng, 0, √(2/n_in)) (He, unit 07);
 *   b1: every entry biasShift;
 *   W2 (width × 1): each entry gaussian(rng, 0, √(1/width));
 *   b2 = [0].
 * Then, `steps` times: forward on all of X; push deadFraction(cache.Z1), bceLoss(yHat, Y); backward;
 * push √(‖dW1‖² + ‖db1‖²); move every parameter by −lr × its gradient. Inputs are not mutated.
 * Throws (one clear line) for an activation other than relu or leakyRelu, a width that is not a
 * positive whole number, steps that are not a whole number ≥ 0, or X and Y of different lengths
 * (name both).
 *
 * What the tests check (the course's toy problem: 32 points in [−1, 1]² and their mirror images,
 * y = 1 when x₁ + 0.5·x₂ > 0; width 16, lr 4, 300 steps; see lessons/09-relu-family.md#watching-units-die):
 *  - every history has one entry per step;
 *  - ReLU, biasShift 0: deadFraction starts at 0, never decreases (a dead unit stays dead), and the
 *    loss ends below 0.2;
 *  - ReLU, biasShift −10: deadFraction is 1 and hiddenGradNorm exactly 0 at every step, and the loss
 *    stays at ln 2 = 0.693147 (nothing can learn);
 *  - leaky ReLU, biasShift −10: hiddenGradNorm > 0 at every step and the loss ends below 0.62.
 * The thresholds come from the course's reference runs over many seeds, with a margin, so any random
 * stream passes.
 */
export function trainAndWatchDeadUnits(config: DeadUnitsConfig, data: { X: Matrix; Y: Vector }, rng: () => number): DeadUnitsHistory {
  throw new Error('TODO: write trainAndWatchDeadUnits(config, data, rng) — see lessons/09-relu-family.md#watching-units-die');
}
