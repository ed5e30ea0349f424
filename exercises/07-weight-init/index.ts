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
 * Replace each `throw` with your code. `npm test -- 07` checks this file.
 */
import { gaussian } from '@course/random';
import type { Matrix, Rng } from '@course/types';

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
