/**
 * The activations on one number, for code that works on plain arrays (the oracle side of the hidden
 * checks, mlpLoss's finite differences, the misconception tests' planted modules). Same conventions as
 * the tensor ops (ops-activation.ts): leakyRelu's slope is 0.01, and at a kink every derivative takes
 * its left-hand value (relu'(0) = 0, leakyRelu'(0) = 0.01).
 *
 * Import this file directly, not through the engine's index: the grader memoises the index's
 * functions (grader/build.ts), and a call per number is not worth a table entry.
 */
import type { Activation } from '../../lib/types.js';

export const LEAKY_SLOPE = 0.01;

/** σ(z) without overflow on either side: exp is only ever taken of a non-positive number. */
export const stableSigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** g(z) of each hidden activation. */
export const activationAt: Record<Activation, (z: number) => number> = {
  sigmoid: stableSigmoid,
  tanh: Math.tanh,
  relu: (z) => (z > 0 ? z : 0),
  leakyRelu: (z) => (z > 0 ? z : LEAKY_SLOPE * z),
};

/** g'(z) of each hidden activation; σ' as σ(z)·σ(−z), which stays accurate far into saturation. */
export const slopeAt: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => stableSigmoid(z) * stableSigmoid(-z),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  relu: (z) => (z > 0 ? 1 : 0),
  leakyRelu: (z) => (z > 0 ? 1 : LEAKY_SLOPE),
};
