// Each misconception COURSE.md lists for unit 10, planted in an otherwise correct module,
// must be named by the hidden suite with a link to the lesson section that explains it.
import { describe, expect, test } from 'vitest';
import { checks } from '../../grader/checks/10-gradient-clipping.checks';
import { checkNamed, feedbackOf } from '../../grader/checks/helpers';

import { correct, makeModule, plants } from './plants/10-gradient-clipping';
import { namedOnBothSides } from '../support/both-sides';
import * as catalogue from '../../lib/misconceptions/10-gradient-clipping';
import { chainClipProblem, chainWeights, clipGlobalNormReference, trainClipped } from '../../grader/engine/index';
import { isClose } from '../../lib/compare';
import { explodingChain } from '../../lib/exploding-chain';

namedOnBothSides({ slug: '10-gradient-clipping', catalogue, checks, plantsModule: new URL('./plants/10-gradient-clipping.ts', import.meta.url).pathname, correct, plants });

const named = (name: string) => checkNamed(checks, name);
const lesson = (anchor: string) => `lessons/10-gradient-clipping.md#${anchor}`;

describe('10-gradient-clipping misconceptions are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test('each matrix clipped by its own norm instead of the global norm', () => {
    const planted = makeModule({ perMatrix: true });
    for (const name of ["above the limit every matrix is scaled by PyTorch's maxNorm/(totalNorm + 1e-6)", 'the clipped gradients keep their direction and have norm maxNorm·total/(total + 1e-6)']) {
      const message = feedbackOf(named(name), planted);
      expect(message, name).toContain('It looks like each matrix clipped by its own norm instead of the global norm');
      expect(message, name).toContain(lesson('each-matrix-clipped-by-its-own-norm'));
    }
  });

  test('forgetting the +1e-6', () => {
    const planted = makeModule({ noEps: true });
    for (const name of ['small gradients show the +1e-6: total 2e-5 with maxNorm 1e-5', "the course's example: [[3, 4]] with maxNorm 1 → [[0.59999988, 0.79999984]], totalNorm 5"]) {
      const message = feedbackOf(named(name), planted);
      expect(message, name).toContain('It looks like the +1e-6 forgotten');
      expect(message, name).toContain(lesson('forgetting-the-1e-6'));
    }
  });

  test('returning the post-clip norm', () => {
    const message = feedbackOf(named('totalNorm is the global norm before clipping (engine norms, random lists of 4 matrices)'), makeModule({ postClipNorm: true }));
    expect(message).toContain('It looks like returning the post-clip norm instead of the norm before clipping');
    expect(message).toContain(lesson('returning-the-post-clip-norm'));
    expect(feedbackOf(named("the course's example: [[3, 4]] with maxNorm 1 → [[0.59999988, 0.79999984]], totalNorm 5"), makeModule({ postClipNorm: true }))).toContain('post-clip norm');
  });

  test('scaling up when below the limit', () => {
    const message = feedbackOf(named('below the limit nothing changes (no scaling up), and the norm is still reported'), makeModule({ scaleUp: true }));
    expect(message).toContain('It looks like scaling up when below the limit');
    expect(message).toContain(lesson('scaling-up-when-below-the-limit'));
  });

  test('clipByValue that mutates its input', () => {
    const message = feedbackOf(named('clipByValue returns a new matrix and does not mutate its input'), makeModule({ mutateValue: true }));
    expect(message).toContain('It looks like clipByValue mutating its input');
    expect(message).toContain(lesson('mutating-the-input'));
  });

  test("the slips' losses listed for the public fixture are the engine's runs with each slip", () => {
    const chain = () => chainClipProblem(chainWeights(10, 1010));
    const unclipped = trainClipped(chain(), { lr: 0.15, steps: 3 }).lossHistory;
    const perMatrix = trainClipped(chain(), { lr: 0.15, steps: 3 }, (grads) => grads.map((g) => clipGlobalNormReference([g], 1)[0]!)).lossHistory;
    expect(isClose(catalogue.onTheFixture['clip-after-update'], unclipped, { rtol: 1e-12 })).toBe(true);
    expect(isClose(catalogue.onTheFixture['per-matrix-in-loop'], perMatrix, { rtol: 1e-12 })).toBe(true);
  });

  test("the shipped chain's closed-form gradient is the engine's autodiff", () => {
    const shipped = explodingChain(12, 7);
    const engine = chainClipProblem(chainWeights(12, 7));
    for (const params of [shipped.init, shipped.init.map((p, k) => [[p[0]![0]! * (k % 2 ? -0.7 : 1.3)]])]) {
      const a = shipped.lossAndGradients(params);
      const b = engine.lossAndGradients(params);
      expect(a.loss).toBeCloseTo(b.loss, 10);
      expect(isClose(a.grads.map((g) => g[0]![0]!), b.grads.map((g) => g[0]![0]!), { rtol: 1e-12 })).toBe(true);
    }
  });

  test('clipping after the update, per-layer clipping in the loop, and logging the post-clip norm are named', () => {
    const clipped = checkNamed(checks, 'trainWithClipping with clipNorm 1: the same run no longer diverges and its loss falls below 1e-6, matching the engine step by step');
    const after = feedbackOf(clipped, makeModule({ clipAfterUpdate: true }));
    expect(after).toContain('It looks like clipping after the update instead of before it');
    expect(after).toContain(lesson('clipping-after-the-update'));
    const perLayer = feedbackOf(checkNamed(checks, 'trainWithClipping matches the engine on random chains and deep linear nets of mixed shapes (clipNorm, every step and the final parameters)'), makeModule({ perMatrixInLoop: true }));
    expect(perLayer).toContain("It looks like each layer's gradient clipped by its own norm inside the loop");
    expect(perLayer).toContain(lesson('each-matrix-clipped-by-its-own-norm'));
    const post = feedbackOf(checkNamed(checks, 'trainWithClipping logs the norm before clipping at every step, also when nothing diverges'), makeModule({ postClipInLoop: true }));
    expect(post).toContain('It looks like logging the norm after clipping instead of before');
  });

  test('a loop that never stops at Infinity, or never flags it, loses the divergence check', () => {
    const correctTrain = correct.trainWithClipping;
    const neverStops = { ...correct, trainWithClipping: (p: Parameters<typeof correctTrain>[0], o: Parameters<typeof correctTrain>[1]) => ({ ...correctTrain(p, o), diverged: false }) };
    const check = checkNamed(checks, "trainWithClipping without clipping: the lesson's chain at lr 0.15 diverges (Infinity at step 4) and stops there, as the engine's loop does");
    expect(feedbackOf(check, neverStops)).toContain('should diverge at step 4');
  });

  test('a missing export is reported by name', () => {
    const { clipByGlobalNorm: _omitted, ...partial } = correct;
    expect(feedbackOf(named("the course's example: [[3, 4]] with maxNorm 1 → [[0.59999988, 0.79999984]], totalNorm 5"), partial)).toContain('must export a function named `clipByGlobalNorm`');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, clipByValue: () => { throw new Error('TODO: write clipByValue'); } };
    expect(feedbackOf(checks[0]!, stub)).toMatch(/^clipByValue\(.*\) is not written yet: TODO/);
  });
});
