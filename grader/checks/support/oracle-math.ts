/**
 * Plain-array maths the hidden suites of units 04 and 05 use on the oracle side, to build the
 * values a misconception would give from the engine's Z and A. Written here once, never taken
 * from solutions/.
 */
import type { Activation } from '../../engine/index';

type Matrix = number[][];
type Vector = number[];

export const transpose = (M: Matrix): Matrix => M[0]!.map((_, j) => M.map((row) => row[j]!));
export const scaleM = (M: Matrix, k: number): Matrix => M.map((row) => row.map((x) => x * k));
export const colMeans = (M: Matrix): Vector => M[0]!.map((_, j) => M.reduce((s, row) => s + row[j]!, 0) / M.length);

/** σ without overflow on either side. */
export const sigma = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** g'(z) of each hidden activation, as the lessons define them (relu'(0) = 0, leaky slope 0.01). */
export const gPrime: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => sigma(z) * sigma(-z),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  relu: (z) => (z > 0 ? 1 : 0),
  leakyRelu: (z) => (z > 0 ? 1 : 0.01),
};
