/**
 * Unit 03 — gradient checking: trust your backprop, but verify it.
 * Lesson: lessons/03-gradient-check.md
 *
 * Replace each `throw` with your code. `npm test -- 03` checks this file.
 */
import type { Vector } from '@course/types';

/**
 * The gradient of f at x by centred differences: for every coordinate i,
 *   (f(x + h·e_i) − f(x − h·e_i)) / (2h).
 * Uses the h it is given. Returns a new Vector of x's length; every probe passed to f has x's
 * length. Must leave x unchanged (probe a copy, and put each x_i back after probing it).
 */
export function numericalGradient(f: (x: Vector) => number, x: Vector, h = 1e-5): Vector {
  throw new Error('TODO: write numericalGradient(f, x, h) — see lessons/03-gradient-check.md#centred-differences');
}

/**
 * ‖a − b‖ / (‖a‖ + ‖b‖) with Euclidean norms, for two numbers or two Vectors of the same length;
 * 0 when both are zero. Vectors of different lengths throw an Error naming both lengths.
 */
export function relativeError(a: number | Vector, b: number | Vector): number {
  throw new Error('TODO: write relativeError(a, b) — see lessons/03-gradient-check.md#relative-error');
}

/**
 * Compares analyticGrad(x) with numericalGradient(f, x) (centred, h = 1e-5): error is their
 * relative error, ok is true when error < 1e-7. Leaves x unchanged. When analyticGrad(x) and x
 * differ in length, throws an Error naming both lengths.
 */
export function gradientCheck(
  f: (x: Vector) => number,
  analyticGrad: (x: Vector) => Vector,
  x: Vector,
): { error: number; ok: boolean } {
  throw new Error('TODO: write gradientCheck(f, analyticGrad, x) — see lessons/03-gradient-check.md#the-gradient-check');
}
