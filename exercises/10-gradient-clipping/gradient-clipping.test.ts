// Public tests for unit 10. Run: npm test -- 10
// `@impl/10-gradient-clipping` is your exercises/10-gradient-clipping/index.ts (the test setup chooses the folder).
import { describe, test } from 'vitest';
import { clipByGlobalNorm, clipByValue } from '@impl/10-gradient-clipping';
import { attempt, expectClose, expectUnchanged, Feedback, snapshot } from '@course/testing';

describe('10 · clipping by value', () => {
  const lesson = '10-gradient-clipping#clipping-by-value';

  test('every entry is clamped to [−limit, limit]', () => {
    expectClose(() => clipByValue([[0.5, -3, 7], [-0.1, 2, -2.5]], 2), [[0.5, -2, 2], [-0.1, 2, -2]], {
      call: 'clipByValue([[0.5, -3, 7], [-0.1, 2, -2.5]], 2)',
      lesson,
    });
  });

  test('clipByValue returns a new matrix and leaves its input alone', () => {
    const g = [[5, -5], [0.2, 9]];
    const before = snapshot(g);
    const call = 'clipByValue([[5, -5], [0.2, 9]], 1)';
    const result = attempt(() => clipByValue(g, 1), { call, lesson });
    expectUnchanged(before, g, { call, lesson, argument: 'g' });
    if (result === g || result.some((row, i) => row === g[i])) throw new Feedback(`${call} returned (rows of) the matrix it was given; build a new one.`, lesson);
  });
});

describe('10 · clipping by global norm', () => {
  const lesson = '10-gradient-clipping#clipping-by-global-norm';

  test("the notes' example: [[3, 4]] with maxNorm 1 → [[0.59999988, 0.79999984]], totalNorm 5", () => {
    const call = 'clipByGlobalNorm([[[3, 4]]], 1)';
    // 8 decimals: the +1e-6 in the denominator shows in the 7th.
    expectClose(() => clipByGlobalNorm([[[3, 4]]], 1).clipped[0]!, [[0.59999988, 0.79999984]], { call: `${call}.clipped[0]`, lesson: '10-gradient-clipping#the-worked-example', atol: 5e-9, rtol: 0 });
    expectClose(() => clipByGlobalNorm([[[3, 4]]], 1).totalNorm, 5, { call: `${call}.totalNorm`, lesson: '10-gradient-clipping#the-worked-example' });
  });

  test('below the limit nothing changes, and the norm is still reported', () => {
    const call = 'clipByGlobalNorm([[[0.3, -0.4]], [[0.1], [0.2]]], 1)';
    const run = () => clipByGlobalNorm([[[0.3, -0.4]], [[0.1], [0.2]]], 1);
    expectClose(() => run().clipped[0]!, [[0.3, -0.4]], { call: `${call}.clipped[0]`, lesson: '10-gradient-clipping#only-ever-scale-down' });
    expectClose(() => run().clipped[1]!, [[0.1], [0.2]], { call: `${call}.clipped[1]`, lesson: '10-gradient-clipping#only-ever-scale-down' });
    expectClose(() => run().totalNorm, Math.sqrt(0.3), { call: `${call}.totalNorm`, lesson });
  });

  test('one norm over all the matrices: [[3, 4]] and [[12]] have global norm 13 and keep their 5 : 12 proportion', () => {
    const call = 'clipByGlobalNorm([[[3, 4]], [[12]]], 1)';
    const run = () => clipByGlobalNorm([[[3, 4]], [[12]]], 1);
    expectClose(() => run().totalNorm, 13, { call: `${call}.totalNorm`, lesson });
    expectClose(() => run().clipped[0]!, [[0.230769, 0.307692]], { call: `${call}.clipped[0]`, lesson, atol: 5e-7, rtol: 0 });
    expectClose(() => run().clipped[1]!, [[0.923077]], { call: `${call}.clipped[1]`, lesson, atol: 5e-7, rtol: 0 });
  });

  test('all-zero gradients: totalNorm 0 and zeros back, no NaN', () => {
    const call = 'clipByGlobalNorm([[[0, 0]], [[0]]], 1)';
    expectClose(() => clipByGlobalNorm([[[0, 0]], [[0]]], 1).totalNorm, 0, { call: `${call}.totalNorm`, lesson });
    expectClose(() => clipByGlobalNorm([[[0, 0]], [[0]]], 1).clipped[0]!, [[0, 0]], { call: `${call}.clipped[0]`, lesson });
  });

  test('clipByGlobalNorm leaves its inputs alone', () => {
    const grads = [[[30, 40]], [[-120]]];
    const before = snapshot(grads);
    const call = 'clipByGlobalNorm([[[30, 40]], [[-120]]], 1)';
    attempt(() => clipByGlobalNorm(grads, 1), { call, lesson });
    expectUnchanged(before, grads, { call, lesson, argument: 'grads' });
  });
});
