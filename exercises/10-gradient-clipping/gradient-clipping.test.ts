// Public tests for unit 10. Run: npm test -- 10
// `@impl/10-gradient-clipping` is your exercises/10-gradient-clipping/index.ts (the test setup chooses the folder).
import { describe, test } from 'vitest';
import { clipByGlobalNorm, clipByValue } from '@impl/10-gradient-clipping';
import { attempt, expectClose, expectUnchanged, Feedback, nameSlip, snapshot } from '@course/testing';
import { bind } from '@course/misconceptions';
import * as catalogue from '@course/misconceptions/10-gradient-clipping';
// Known slips are named from the grader's own catalogue (lib/misconceptions/10-gradient-clipping.ts).
const clippedSlips = (g: number[][], maxNorm: number, totalNorm: number, perMatrix?: number[][]) =>
  bind(catalogue.clipped, { g, maxNorm, totalNorm, known: perMatrix ? { 'per-matrix': perMatrix } : {} });
const normSlips = (maxNorm: number, right: number, sumOfNorms: number) => bind(catalogue.totalNorm, { maxNorm, right, known: { 'sum-of-norms': sumOfNorms } });

describe('10 · clipping by value', () => {
  const lesson = '10-gradient-clipping#clipping-by-value';

  test('every entry is clamped to [−limit, limit]', () => {
    expectClose(() => clipByValue([[0.5, -3, 7], [-0.1, 2, -2.5]], 2), [[0.5, -2, 2], [-0.1, 2, -2]], {
      call: 'clipByValue([[0.5, -3, 7], [-0.1, 2, -2.5]], 2)',
      lesson,
      // clipped by its norm instead, the matrix (norm √68.51 ≈ 8.28) would be scaled by 2/8.28
      misconceptions: bind(catalogue.clipByValue, { g: [[0.5, -3, 7], [-0.1, 2, -2.5]], limit: 2, known: { 'by-norm': [[0.5, -3, 7], [-0.1, 2, -2.5]].map((r) => r.map((x) => (x * 2) / (Math.sqrt(68.51) + 1e-6))) } }),
    });
  });

  test('clipByValue returns a new matrix and leaves its input alone', () => {
    const g = [[5, -5], [0.2, 9]];
    const before = snapshot(g);
    const call = 'clipByValue([[5, -5], [0.2, 9]], 1)';
    const result = attempt(() => clipByValue(g, 1), { call, lesson });
    nameSlip(result, bind(catalogue.clipByValueInput, { changed: JSON.stringify(before) !== JSON.stringify(g) }), `After ${call}, g became ${JSON.stringify(g)}.`);
    expectUnchanged(before, g, { call, lesson, argument: 'g' });
    if (result === g || result.some((row, i) => row === g[i])) throw new Feedback(`${call} returned (rows of) the matrix it was given; build a new one.`, lesson);
  });
});

describe('10 · clipping by global norm', () => {
  const lesson = '10-gradient-clipping#clipping-by-global-norm';

  test("the notes' example: [[3, 4]] with maxNorm 1 → [[0.59999988, 0.79999984]], totalNorm 5", () => {
    const call = 'clipByGlobalNorm([[[3, 4]]], 1)';
    // 8 decimals: the +1e-6 in the denominator shows in the 7th.
    expectClose(() => clipByGlobalNorm([[[3, 4]]], 1).clipped[0]!, [[0.59999988, 0.79999984]], { call: `${call}.clipped[0]`, lesson: '10-gradient-clipping#the-worked-example', atol: 5e-9, rtol: 0, misconceptions: clippedSlips([[3, 4]], 1, 5) });
    expectClose(() => clipByGlobalNorm([[[3, 4]]], 1).totalNorm, 5, { call: `${call}.totalNorm`, lesson: '10-gradient-clipping#the-worked-example', misconceptions: normSlips(1, 5, 5) });
  });

  test('below the limit nothing changes, and the norm is still reported', () => {
    const call = 'clipByGlobalNorm([[[0.3, -0.4]], [[0.1], [0.2]]], 1)';
    const run = () => clipByGlobalNorm([[[0.3, -0.4]], [[0.1], [0.2]]], 1);
    expectClose(() => run().clipped[0]!, [[0.3, -0.4]], { call: `${call}.clipped[0]`, lesson: '10-gradient-clipping#only-ever-scale-down', misconceptions: clippedSlips([[0.3, -0.4]], 1, Math.sqrt(0.3)) });
    expectClose(() => run().clipped[1]!, [[0.1], [0.2]], { call: `${call}.clipped[1]`, lesson: '10-gradient-clipping#only-ever-scale-down', misconceptions: clippedSlips([[0.1], [0.2]], 1, Math.sqrt(0.3)) });
    expectClose(() => run().totalNorm, Math.sqrt(0.3), { call: `${call}.totalNorm`, lesson, misconceptions: normSlips(1, Math.sqrt(0.3), 0.5 + Math.sqrt(0.05)) });
  });

  test('one norm over all the matrices: [[3, 4]] and [[12]] have global norm 13 and keep their 5 : 12 proportion', () => {
    const call = 'clipByGlobalNorm([[[3, 4]], [[12]]], 1)';
    const run = () => clipByGlobalNorm([[[3, 4]], [[12]]], 1);
    expectClose(() => run().totalNorm, 13, { call: `${call}.totalNorm`, lesson, misconceptions: normSlips(1, 13, 17) });
    expectClose(() => run().clipped[0]!, [[0.230769, 0.307692]], { call: `${call}.clipped[0]`, lesson, atol: 5e-7, rtol: 0, misconceptions: clippedSlips([[3, 4]], 1, 13, [[3 / 5.000001, 4 / 5.000001]]) });
    expectClose(() => run().clipped[1]!, [[0.923077]], { call: `${call}.clipped[1]`, lesson, atol: 5e-7, rtol: 0, misconceptions: clippedSlips([[12]], 1, 13, [[12 / 12.000001]]) });
  });

  test('all-zero gradients: totalNorm 0 and zeros back, no NaN', () => {
    const call = 'clipByGlobalNorm([[[0, 0]], [[0]]], 1)';
    expectClose(() => clipByGlobalNorm([[[0, 0]], [[0]]], 1).totalNorm, 0, { call: `${call}.totalNorm`, lesson });
    expectClose(() => clipByGlobalNorm([[[0, 0]], [[0]]], 1).clipped[0]!, [[0, 0]], { call: `${call}.clipped[0]`, lesson });
  });

  test('small gradients show the +1e-6: [[1.2e-5, 1.6e-5]] (norm 2e-5) with maxNorm 1e-5', () => {
    const call = 'clipByGlobalNorm([[[1.2e-5, 1.6e-5]]], 1e-5)';
    // scale = 1e-5 / (2e-5 + 1e-6) = 0.476190…, visibly not 0.5
    const s = 1e-5 / (2e-5 + 1e-6);
    expectClose(() => clipByGlobalNorm([[[1.2e-5, 1.6e-5]]], 1e-5).clipped[0]!, [[1.2e-5 * s, 1.6e-5 * s]], { call: `${call}.clipped[0]`, lesson: '10-gradient-clipping#why-the-1e-6', rtol: 1e-9, atol: 1e-20, misconceptions: clippedSlips([[1.2e-5, 1.6e-5]], 1e-5, 2e-5) });
  });

  test('maxNorm 0 gives zeros, and gradients exactly at the limit are scaled by limit/(limit + 1e-6)', () => {
    const call = 'clipByGlobalNorm([[[3, 4]]], 0)';
    expectClose(() => clipByGlobalNorm([[[3, 4]]], 0).clipped[0]!, [[0, 0]], { call: `${call}.clipped[0]`, lesson: '10-gradient-clipping#only-ever-scale-down' });
    const s = 5 / (5 + 1e-6);
    expectClose(() => clipByGlobalNorm([[[3, 4]]], 5).clipped[0]!, [[3 * s, 4 * s]], { call: 'clipByGlobalNorm([[[3, 4]]], 5).clipped[0]', lesson: '10-gradient-clipping#why-the-1e-6', rtol: 1e-12, atol: 0, misconceptions: clippedSlips([[3, 4]], 5, 5) });
  });

  test('clipByGlobalNorm leaves its inputs alone', () => {
    const grads = [[[30, 40]], [[-120]]];
    const before = snapshot(grads);
    const call = 'clipByGlobalNorm([[[30, 40]], [[-120]]], 1)';
    attempt(() => clipByGlobalNorm(grads, 1), { call, lesson });
    expectUnchanged(before, grads, { call, lesson, argument: 'grads' });
  });
});
