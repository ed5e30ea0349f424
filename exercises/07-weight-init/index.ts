/**
 * Unit 07 — variance-preserving weight initialization.
 * Lesson: lessons/07-weight-init.md
 *
 * Every init function returns a NEW fanIn × fanOut matrix (rows = inputs, columns = outputs,
 * as in Z = X·W) of independent random weights, drawn with the `rng` you are given (uniform in
 * [0, 1)). Do not use Math.random: the tests pass a seeded rng and check that you use it
 * (the same seed gives the same weights, another seed other weights). Normal inits are normal
 * (gaussian(rng, 0, std)); uniform ones reach their limit. The grader also runs 30-layer nets with
 * your weights: ReLU + heNormal keeps the activations of order 1, tanh + xavierNormal unsaturated.
 *
 * Then you run the unit's two experiments yourself (lessons/07-weight-init.md#the-exercise):
 * activationStatsThroughDepth (the 30-layer activation experiment) and trainTwoLayerNet with
 * hiddenUnitSpread (the zero-init symmetry check, trained with your unit 04).
 *
 * Replace each `throw` with your code. `npm test -- 07` checks this file.
 */
import { gaussian } from '@course/random';
import type { Matrix, Rng, Vector } from '@course/types';
// Your unit 04 (finish it first): trainTwoLayerNet trains with its forward, bceLoss and backward.
import { backward, bceLoss, forward, type Activation, type Params } from '../04-backprop-mlp/index';

// Provided: gaussian(rng, mean, std) returns one sample from N(mean, std²) built from rng.

/**
 * The notes' initialization: every weight uniform in [−limit, limit] (default [−0.5, 0.5]),
 * so about half the weights are negative.
 */
export function smallUniform(fanIn: number, fanOut: number, rng: Rng, limit = 0.5): Matrix {
  throw new Error('TODO: write smallUniform(fanIn, fanOut, rng, limit) — see lessons/07-weight-init.md#the-notes-small-uniform-init');
}

/** LeCun normal: N(0, 1/fanIn), i.e. standard deviation √(1/fanIn). */
export function lecunNormal(fanIn: number, fanOut: number, rng: Rng): Matrix {
  throw new Error('TODO: write lecunNormal(fanIn, fanOut, rng) — see lessons/07-weight-init.md#lecun-initialization');
}

/** Xavier (Glorot) normal: N(0, 2/(fanIn + fanOut)). */
export function xavierNormal(fanIn: number, fanOut: number, rng: Rng): Matrix {
  throw new Error('TODO: write xavierNormal(fanIn, fanOut, rng) — see lessons/07-weight-init.md#xavier-initialization');
}

/** Xavier (Glorot) uniform: U(−a, a) with the same variance as xavierNormal. */
export function xavierUniform(fanIn: number, fanOut: number, rng: Rng): Matrix {
  throw new Error('TODO: write xavierUniform(fanIn, fanOut, rng) — see lessons/07-weight-init.md#uniform-limits');
}

/** He (Kaiming) normal, for ReLU: N(0, 2/fanIn). */
export function heNormal(fanIn: number, fanOut: number, rng: Rng): Matrix {
  throw new Error('TODO: write heNormal(fanIn, fanOut, rng) — see lessons/07-weight-init.md#he-initialization');
}

/** He (Kaiming) uniform: U(−a, a) with the same variance as heNormal. */
export function heUniform(fanIn: number, fanOut: number, rng: Rng): Matrix {
  throw new Error('TODO: write heUniform(fanIn, fanOut, rng) — see lessons/07-weight-init.md#uniform-limits');
}

/**
 * PyTorch's torch.nn.init.calculate_gain: 'linear' (and the conv names) and 'sigmoid' → 1,
 * 'tanh' → 5/3, 'relu' → √2, 'leaky_relu' → √(2/(1 + a²)) with a = param (0.01 when omitted),
 * 'selu' → 3/4. Any other name throws an Error that names it.
 */
export function calculateGain(nonlinearity: string, param?: number): number {
  throw new Error('TODO: write calculateGain(nonlinearity, param) — see lessons/07-weight-init.md#gains');
}

// ---- the two experiments ----

/** Any of the inits above, or one of your own: (fanIn, fanOut, rng) → fanIn × fanOut weights. */
export type Init = (fanIn: number, fanOut: number, rng: Rng) => Matrix;
export type DepthActivation = 'relu' | 'tanh' | 'sigmoid';

export interface DepthShape {
  depth: number;
  width: number;
  batch: number;
}

export interface DepthStats {
  /** RMS √(mean of a²) of each layer's activations, first layer to last: `depth` numbers */
  rms: Vector;
  /** fraction of each layer's activations on a flat end of the activation: `depth` numbers */
  saturated: Vector;
}

/**
 * The 30-layer experiment (lessons/07-weight-init.md#thirty-layers-deep). Draw a batch X of
 * `batch` × `width` standard-normal inputs, gaussian(rng), then for each of `depth` layers draw
 * W = init(width, width, rng) (a new matrix per layer, so init is called `depth` times) and compute
 * A ← g(A·W) with no biases, g = activation. After each layer record:
 *  - rms: √(mean of a²) over all batch × width activations (the RMS, not the standard deviation:
 *    sigmoid's activations are not centred, and zero weights give a = 0.5 everywhere, RMS 0.5);
 *  - saturated: the fraction with |a| > 0.99 for tanh, a < 0.01 or a > 0.99 for sigmoid; always 0
 *    for relu (it has no flat end for z > 0; its zeros are unit 09's dead units).
 * Both arrays have `depth` entries, first layer to last; the input X itself is not included.
 * What the tests check (statistically, over the rng you are given): ReLU keeps its RMS of order 1
 * after 30 layers only with He's Var(w) = 2/n; LeCun's 1/n makes it collapse, the notes'
 * U[−0.5, 0.5] makes it explode; tanh with Xavier stays unsaturated, U[−0.5, 0.5] saturates
 * tanh, and the notes' weights in [2, 5] saturate every sigmoid unit. An unknown activation, or a
 * depth, width or batch that is not a whole number ≥ 1, throws an Error naming it.
 */
export function activationStatsThroughDepth(init: Init, activation: DepthActivation, shape: DepthShape, rng: Rng): DepthStats {
  throw new Error('TODO: write activationStatsThroughDepth(init, activation, shape, rng) — see lessons/07-weight-init.md#the-exercise');
}

export interface TwoLayerConfig {
  hidden: number;
  /** unit 04's hidden activations */
  activation: Activation;
  steps: number;
  lr: number;
}

/**
 * The symmetry experiment's training (lessons/07-weight-init.md#zero-and-constant-init). Build
 * unit 04's 2-layer net for data.X (m × nIn): W1 = init(nIn, hidden, rng) first, then
 * W2 = init(hidden, 1, rng), b1 = `hidden` zeros, b2 = [0]. Then take `steps` steps of full-batch
 * gradient descent with your unit 04's forward, bceLoss and backward: every parameter
 * θ ← θ − lr·dθ. Return the trained params and lossHistory, the loss before each step and after
 * the last (steps + 1 numbers). Checked against the course's reference engine with fixed weights.
 */
export function trainTwoLayerNet(init: Init, data: { X: Matrix; Y: Vector }, config: TwoLayerConfig, rng: Rng): { params: Params; lossHistory: Vector } {
  throw new Error('TODO: write trainTwoLayerNet(init, data, config, rng) — see lessons/07-weight-init.md#the-exercise');
}

/**
 * How different the hidden units are: the largest |W1[i][j] − W1[i][0]| over every input i and
 * every hidden unit j. A hidden unit's incoming weights are a COLUMN of W1 (n_in × hidden), so this
 * compares each column with the first; it is 0 exactly when all hidden units are copies. After
 * training from a constant init it stays 0; from a random init it does not.
 */
export function hiddenUnitSpread(params: { W1: Matrix }): number {
  throw new Error('TODO: write hiddenUnitSpread(params) — see lessons/07-weight-init.md#the-exercise');
}
