// Public tests for unit 10. Run: npm test -- 10
// `@impl/10-gradient-clipping` is your exercises/10-gradient-clipping/index.ts (the test setup chooses the folder).
import { describe, test } from 'vitest';
import { clipByGlobalNorm, clipByValue, trainWithClipping } from '@impl/10-gradient-clipping';
import { explodingChain } from '@course/exploding-chain';
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

  test("the course's example: [[3, 4]] with maxNorm 1 → [[0.59999988, 0.79999984]], totalNorm 5", () => {
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

describe('10 · clipping inside the training loop', () => {
  const lesson = '10-gradient-clipping#clipping-inside-the-training-loop';
  // The lesson's chain of 10 weights near 1.2 (seed 1010), at lr 0.15. Numbers from the course's reference engine.
  const chain = explodingChain();
  const call = (options: string) => `trainWithClipping(explodingChain(), ${options})`;
  const run = (options: Parameters<typeof trainWithClipping>[1]) => attempt(() => trainWithClipping(chain, options), { call: call(JSON.stringify(options)), lesson });
  const loopSlips = (right: number[]) => bind(catalogue.training, { clipNorm: 1, right, known: catalogue.onTheFixture });

  test('without clipping, lr 0.15 diverges: the loss is Infinity at step 4, where the run stops', () => {
    const c = call('{ lr: 0.15, steps: 60 }');
    const result = run({ lr: 0.15, steps: 60 });
    expectClose(() => result.lossHistory.slice(0, 3), [10.231062908886546, 382834.53939422383, 1.0622073161817834e95], { call: `${c}.lossHistory.slice(0, 3)`, lesson });
    expectClose(() => result.gradNormHistory[0]!, 66.66432468499137, { call: `${c}.gradNormHistory[0]`, lesson });
    if (result.diverged !== true) throw new Feedback(`${c}.diverged should be true (the loss reached Infinity), but it is ${JSON.stringify(result.diverged)}.`, lesson);
    if (result.lossHistory.length !== 4 || Number.isFinite(result.lossHistory[3])) {
      throw new Feedback(`${c}.lossHistory should stop at step 4, whose loss is not finite, but it has ${result.lossHistory.length} entries, the last ${result.lossHistory.at(-1)}.`, lesson);
    }
  });

  test('with clipNorm 1 the same run falls: 10.2311, 3.5678, 0.97700, … and below 1e-6 by step 10', () => {
    const c = call('{ lr: 0.15, steps: 60, clipNorm: 1 }');
    const result = run({ lr: 0.15, steps: 60, clipNorm: 1 });
    const right = [10.231062908886546, 3.567806444282647, 0.9769956735601272];
    expectClose(() => result.lossHistory.slice(0, 3), right, { call: `${c}.lossHistory.slice(0, 3)`, lesson, misconceptions: loopSlips(right) });
    const norms = [66.66432468499137, 27.261386372099167, 9.725054211206638, 2.5016453662728444];
    expectClose(() => result.gradNormHistory.slice(0, 4), norms, {
      call: `${c}.gradNormHistory.slice(0, 4)`,
      lesson: '10-gradient-clipping#returning-the-post-clip-norm',
      misconceptions: bind(catalogue.gradNormHistory, { clipNorm: 1, right: norms }),
    });
    if (result.diverged !== false || result.lossHistory.length !== 60 || result.gradNormHistory.length !== 60) {
      throw new Feedback(`${c} should run all 60 steps (diverged false, 60 losses and 60 norms), but diverged is ${result.diverged} with ${result.lossHistory.length} losses and ${result.gradNormHistory.length} norms.`, lesson);
    }
    if (!(result.lossHistory[9]! < 1e-6)) throw new Feedback(`${c}.lossHistory[9] should be below 1e-6, but it is ${result.lossHistory[9]}.`, lesson);
  });

  test('one clipped step moves the weights by lr · clipNorm: ‖params − init‖ = 0.15 · 66.664/(66.664 + 1e-6)', () => {
    const c = call('{ lr: 0.15, steps: 1, clipNorm: 1 }');
    const result = run({ lr: 0.15, steps: 1, clipNorm: 1 });
    const moved = attempt(() => Math.hypot(...result.params.map((p, i) => p[0]![0]! - chain.init[i]![0]![0]!)), { call: `${c}.params`, lesson });
    expectClose(() => moved, (0.15 * 66.66432468499137) / (66.66432468499137 + 1e-6), { call: `the length of the step ${c} took`, lesson: '10-gradient-clipping#clipping-after-the-update', rtol: 1e-9 });
  });

  test('with clipValue 0.5 every weight moves by exactly lr · 0.5 = 0.075 on the first step (the direction bends)', () => {
    const c = call('{ lr: 0.15, steps: 1, clipValue: 0.5 }');
    const result = run({ lr: 0.15, steps: 1, clipValue: 0.5 });
    expectClose(() => result.params.map((p, i) => chain.init[i]![0]![0]! - p[0]![0]!), chain.init.map(() => 0.075), { call: `the first step of ${c}, weight by weight`, lesson: '10-gradient-clipping#value-or-norm-in-the-loop', rtol: 1e-9 });
  });

  test('problem.init is left alone, steps 0 returns copies of it, and bad options throw', () => {
    const before = snapshot(chain.init);
    const result = run({ lr: 0.15, steps: 0 });
    expectUnchanged(before, chain.init, { call: call('{ lr: 0.15, steps: 0 }'), lesson, argument: 'problem.init' });
    expectClose(() => result.params.map((p) => p[0]![0]!), before.map((p) => p[0]![0]!), { call: `${call('{ lr: 0.15, steps: 0 }')}.params`, lesson });
    if (result.params === chain.init || result.params.some((p, i) => p === chain.init[i])) throw new Feedback(`${call('{ lr: 0.15, steps: 0 }')}.params should be new matrices, not problem.init's.`, lesson);
    for (const [options, text] of [[{ lr: -0.1, steps: 5 }, '{ lr: -0.1, steps: 5 }'], [{ lr: 0.1, steps: 2.5 }, '{ lr: 0.1, steps: 2.5 }'], [{ lr: 0.1, steps: 5, clipNorm: 1, clipValue: 1 }, '{ lr: 0.1, steps: 5, clipNorm: 1, clipValue: 1 }']] as const) {
      let threw = false;
      try {
        trainWithClipping(chain, options);
      } catch (error) {
        threw = !(error instanceof Error && error.message.startsWith('TODO'));
        if (!threw) throw error;
      }
      if (!threw) throw new Feedback(`${call(text)} should throw an Error saying what is wrong with the options.`, lesson);
    }
  });
});
