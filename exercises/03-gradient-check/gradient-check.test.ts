// Public tests for unit 03. Run: npm test -- 03
// `@impl/03-gradient-check` is your exercises/03-gradient-check/index.ts (the test setup chooses the folder).
import { describe, test } from 'vitest';
import { gradientCheck, numericalGradient, relativeError } from '@impl/03-gradient-check';
import { attempt, expectClose, expectEqual, expectShape, expectShapeError, expectUnchanged, snapshot } from '@course/testing';
import { bind } from '@course/misconceptions';
import * as catalogue from '@course/misconceptions/03-gradient-check';

const slug = '03-gradient-check';
const sumOfSquares = (x: number[]) => x.reduce((s, v) => s + v * v, 0);
const sumOfCubes = (x: number[]) => x.reduce((s, v) => s + v * v * v, 0);
const exp0 = (x: number[]) => Math.exp(x[0]!);
const productOf3 = (x: number[]) => x[0]! * x[1]! * x[2]!;
// Known slips are named from the grader's own catalogue (lib/misconceptions/03-gradient-check.ts).
const numericSlips = (f: (x: number[]) => number, x: number[], h: number, right: number[], extra: { unrestored?: number[]; atDefaultH?: number[] } = {}) =>
  bind(catalogue.numericalGradient, { f, x, h, right, ...extra });
const relativeSlips = (a: number | number[], b: number | number[], right: number) => bind(catalogue.relativeError, { a, b, right });

describe('03 · numericalGradient', () => {
  const lesson = `${slug}#centred-differences`;

  test('the gradient of Σx² at [1, −2, 3] is [2, −4, 6]', () => {
    // Exact for a quadratic up to round-off (~1e-10 at h = 1e-5); a one-sided difference is off by h = 1e-5.
    expectClose(() => numericalGradient(sumOfSquares, [1, -2, 3]), [2, -4, 6], { call: 'numericalGradient(Σx², [1, -2, 3])', lesson, atol: 1e-8, rtol: 0, misconceptions: numericSlips(sumOfSquares, [1, -2, 3], 1e-5, [2, -4, 6]) });
  });

  test("centred, not one-sided: (eˣ)' at x = 1 is e to 1e-9", () => {
    // Centred error ≈ h²/6·e ≈ 5e-11; one-sided ≈ h/2·e ≈ 1.4e-5.
    expectClose(() => numericalGradient(exp0, [1]), [Math.E], { call: 'numericalGradient(eˣ, [1])', lesson, rtol: 1e-9, atol: 0, misconceptions: numericSlips(exp0, [1], 1e-5, [Math.E]) });
  });

  test('h is used: Σx³ at [1, 2] with h = 0.1 gives 3x² + h² = [3.01, 12.01]', () => {
    // For a cubic the centred difference is exactly 3x² + h²; one-sided would give 3x² + 3xh + h².
    expectClose(() => numericalGradient(sumOfCubes, [1, 2], 0.1), [3.01, 12.01], { call: 'numericalGradient(Σx³, [1, 2], 0.1)', lesson, atol: 1e-9, rtol: 0, misconceptions: numericSlips(sumOfCubes, [1, 2], 0.1, [3.01, 12.01], { atDefaultH: [3.0000000001, 12.0000000001] }) });
  });

  test('coordinates interact: x0·x1·x2 at [1, 2, 3] is [6, 3, 2] (each x_i put back after probing it)', () => {
    // A loop that leaves x_i shifted by −h differentiates x1 and x2 at a moved point, just below 3 and 2.
    expectClose(() => numericalGradient(productOf3, [1, 2, 3]), [6, 3, 2], {
      call: 'numericalGradient(x0·x1·x2, [1, 2, 3])',
      lesson,
      atol: 1e-8,
      rtol: 0,
      misconceptions: numericSlips(productOf3, [1, 2, 3], 1e-5, [6, 3, 2], { unrestored: [5.999999999994897, 2.999970000017171, 1.9999700000994378] }),
    });
  });

  test('returns one entry per coordinate and leaves x unchanged', () => {
    const x = [0.5, -1, 2, 0];
    const before = snapshot(x);
    const call = 'numericalGradient(Σx², [0.5, -1, 2, 0])';
    expectShape(() => numericalGradient(sumOfSquares, x), '4', { call, lesson });
    expectUnchanged(before, x, { call, lesson, argument: 'x' });
  });
});

describe('03 · relativeError', () => {
  const lesson = `${slug}#relative-error`;

  test('numbers: relativeError(3, −1) = 1 and relativeError(1, 1.1) = 0.1 / 2.1', () => {
    expectClose(() => relativeError(3, -1), 1, { call: 'relativeError(3, -1)', lesson, misconceptions: relativeSlips(3, -1, 1) });
    expectClose(() => relativeError(1, 1.1), 0.1 / 2.1, { call: 'relativeError(1, 1.1)', lesson, misconceptions: relativeSlips(1, 1.1, 0.1 / 2.1) });
  });

  test('vectors: x against 2x gives 1/3, and opposite vectors give 1', () => {
    expectClose(() => relativeError([2, -4, 6], [1, -2, 3]), 1 / 3, { call: 'relativeError([2, -4, 6], [1, -2, 3])', lesson, misconceptions: relativeSlips([2, -4, 6], [1, -2, 3], 1 / 3) });
    expectClose(() => relativeError([1, -2, 3], [2, -4, 6]), 1 / 3, { call: 'relativeError([1, -2, 3], [2, -4, 6])', lesson, misconceptions: relativeSlips([1, -2, 3], [2, -4, 6], 1 / 3) });
    expectClose(() => relativeError([1, 2], [-1, -2]), 1, { call: 'relativeError([1, 2], [-1, -2])', lesson, misconceptions: relativeSlips([1, 2], [-1, -2], 1) });
  });

  test('two zeros agree perfectly: 0, not NaN', () => {
    expectEqual(() => relativeError(0, 0), 0, { call: 'relativeError(0, 0)', lesson, misconceptions: relativeSlips(0, 0, 0) });
    expectEqual(() => relativeError([0, 0], [0, 0]), 0, { call: 'relativeError([0, 0], [0, 0])', lesson, misconceptions: relativeSlips([0, 0], [0, 0], 0) });
  });

  test('vectors of different lengths throw an Error naming both lengths', () => {
    expectShapeError(() => relativeError([1, 2, 3, 4, 5], [1, 2, 3]), ['5', '3'], { call: 'relativeError([1, 2, 3, 4, 5], [1, 2, 3])', lesson });
  });
});

describe('03 · gradientCheck', () => {
  const lesson = `${slug}#the-gradient-check`;

  test('a correct gradient passes: Σx² with 2x', () => {
    const call = 'gradientCheck(Σx², x ↦ 2x, [1, -2, 3])';
    const result = attempt(() => gradientCheck(sumOfSquares, (x) => x.map((v) => 2 * v), [1, -2, 3]), { call, lesson });
    // The true error here is about 1e-11 (round-off); anything below 1e-9 is right.
    expectClose(() => result?.error, 0, {
      call: `${call}.error`,
      lesson,
      atol: 1e-9,
      misconceptions: bind(catalogue.gradientCheckError, { right: 0, oneSidedError: 1.157275818035957e-6, absoluteError: 1e-10 }),
    });
    expectEqual(() => result.ok, true, { call: `${call}.ok`, lesson });
  });

  test('a wrong gradient is caught: Σx² with x (the 2 forgotten) gives error 0.3333', () => {
    const call = 'gradientCheck(Σx², x ↦ x, [1, -2, 3])';
    const result = attempt(() => gradientCheck(sumOfSquares, (x) => [...x], [1, -2, 3]), { call, lesson });
    expectClose(() => result?.error, 1 / 3, {
      call: `${call}.error`,
      lesson,
      atol: 1e-8,
      rtol: 0,
      misconceptions: bind(catalogue.gradientCheckError, { right: 1 / 3, oneSidedError: 0.33333365079631055, absoluteError: 3.7416573867739413 }),
    });
    expectEqual(() => result.ok, false, { call: `${call}.ok`, lesson });
  });

  test('ok means error < 1e-7: a gradient 1e-6 too large in relative terms fails', () => {
    const call = 'gradientCheck(Σx², x ↦ 2x·(1 + 1e-6), [1, -2, 3])';
    // relative error ≈ 1e-6 / 2 = 5e-7: small, but above the threshold.
    const result = attempt(() => gradientCheck(sumOfSquares, (x) => x.map((v) => 2 * v * (1 + 1e-6)), [1, -2, 3]), { call, lesson });
    expectClose(() => result?.error, 5e-7, { call: `${call}.error`, lesson, rtol: 1e-3, atol: 0 });
    expectEqual(() => result.ok, false, { call: `${call}.ok`, lesson });
  });

  test('leaves x unchanged, and an analytic gradient of the wrong length throws naming both lengths', () => {
    const x = [1, -2, 3];
    const before = snapshot(x);
    const call = 'gradientCheck(Σx², x ↦ 2x, [1, -2, 3])';
    attempt(() => gradientCheck(sumOfSquares, (v) => v.map((t) => 2 * t), x), { call, lesson });
    expectUnchanged(before, x, { call, lesson, argument: 'x' });
    expectShapeError(() => gradientCheck(sumOfSquares, (v) => v.slice(0, 2).map((t) => 2 * t), [1, 2, 3, 4]), ['2', '4'], {
      call: 'gradientCheck(Σx², a gradient with 2 entries, [1, 2, 3, 4])',
      lesson: `${slug}#relative-error`,
    });
  });
});
