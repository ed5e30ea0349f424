// Each misconception COURSE.md lists for unit 08, planted in an otherwise correct module,
// must be named by the hidden suite with a link to the lesson section that explains it.
import { describe, expect, test } from 'vitest';
import { checks } from '../../grader/checks/08-batch-norm.checks';
import { checkNamed, feedbackOf } from '../../grader/checks/helpers';

import { correct, makeModule, plants } from './plants/08-batch-norm';
import { namedOnBothSides } from '../support/both-sides';
import * as catalogue from '../../lib/misconceptions/08-batch-norm';

namedOnBothSides({ slug: '08-batch-norm', catalogue, checks, plantsModule: new URL('./plants/08-batch-norm.ts', import.meta.url).pathname, correct, plants });

describe('08-batch-norm misconceptions are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test('the unbiased variance in the normalization', () => {
    const message = feedbackOf(checkNamed(checks, 'training-mode out matches the reference engine on random batches (16x5, 7x3, 2x4)'), makeModule({ normalizeWith: 'unbiased' }));
    expect(message).toContain('It looks like the unbiased variance (divide by m − 1) in the normalization');
    expect(message).toContain('lessons/08-batch-norm.md#the-unbiased-variance-in-the-normalization');
  });

  test('ε outside the square root', () => {
    const message = feedbackOf(checkNamed(checks, 'ε goes inside the square root: nearly constant and constant features stay finite (eps = 1e-5 and 0.01)'), makeModule({ epsOutside: true }));
    expect(message).toContain('It looks like ε outside the square root');
    expect(message).toContain('lessons/08-batch-norm.md#epsilon-outside-the-square-root');
  });

  test('dX = γ/σ·dout (dropping the mean terms)', () => {
    const planted = makeModule({ dropMeanTerms: true });
    for (const name of [
      "backward matches the engine's batchNormGradients on random batches (dX, dγ, dβ)",
      "the course's fixture: out, dX, dγ and dβ",
      'backward is the gradient of your own forward pass (finite differences of Σ out ⊙ dout)',
    ]) {
      const message = feedbackOf(checkNamed(checks, name), planted);
      expect(message, name).toContain('It looks like dX = γ/σ·dout, dropping the mean terms');
      expect(message, name).toContain('lessons/08-batch-norm.md#dx-without-the-mean-terms');
    }
  });

  test('eval mode using the batch statistics', () => {
    const message = feedbackOf(checkNamed(checks, 'eval mode normalizes with the running statistics, not the batch statistics'), makeModule({ evalUsesBatch: true }));
    expect(message).toContain('It looks like eval mode using the batch statistics');
    expect(message).toContain('lessons/08-batch-norm.md#eval-mode-using-the-batch-statistics');
  });

  test('(also named) the running variance updated with the biased variance', () => {
    const message = feedbackOf(checkNamed(checks, 'one training step moves the running mean and the UNBIASED running variance by momentum (0.1 and 0.3)'), makeModule({ runningVarWith: 'biased' }));
    expect(message).toContain('It looks like the running variance updated with the biased variance');
    expect(message).toContain('lessons/08-batch-norm.md#the-running-statistics-updated-the-wrong-way');
  });

  const stagedCheck = "the staged backward pass: every stage matches the engine's staged graph on random batches (12x4, 3x2)";
  test.each([
    ['centred-one-path', '∂L/∂c taken from the path through x̂ only', 'a-value-used-twice-one-path-summed', 'stages.dCentred'],
    ['mean-stage-skipped', 'dX = ∂L/∂c, the mean stage skipped', 'a-value-used-twice-one-path-summed', '.dX'],
    ['inverse-sign', 'the inverse stage without its minus sign', 'the-sign-of-the-inverse-stage', 'stages.dStd'],
    ['variance-without-1-over-m', "the variance stage's local gradient 2c instead of 2c/m", 'the-variance-stage-without-dividing-by-m', 'stages.dCentred'],
  ] as const)('the staged slip %s is named at the first stage it changes', (slip, name, anchor, stage) => {
    const message = feedbackOf(checkNamed(checks, stagedCheck), makeModule({ stagedSlip: slip }));
    expect(message).toContain(`It looks like ${name}`);
    expect(message).toContain(stage);
    expect(message).toContain(`lessons/08-batch-norm.md#${anchor}`);
  });

  test("forgetting the variance's path through the mean cannot be seen: that path contributes (2/m)·∂L/∂v·Σc = 0", () => {
    // The staged graph's ∂L/∂μ = −Σ ∂L/∂c already holds it; a module that drops it gets the same numbers.
    const message = feedbackOf(checkNamed(checks, stagedCheck), makeModule({ stagedSlip: 'centred-one-path' }));
    expect(message).not.toContain('stages.dMean');
  });

  const checkerCheck = 'checkBatchNormGradients passes a right backward pass and catches wrong ones (dX without its mean terms, dγ averaged)';
  test('a broken unit 03 is named as the cause, with a link to lesson 03', () => {
    const message = feedbackOf(checkNamed(checks, checkerCheck), makeModule({ brokenUnit03: true }));
    expect(message).toContain("relies on your unit 03's gradientCheck, and that is what is wrong");
    expect(message).toContain('lessons/03-gradient-check.md#the-gradient-check');
  });

  test('a checker that checks the wrong loss (Σ out, without dout) is caught, and unit 03 is not blamed', () => {
    const message = feedbackOf(checkNamed(checks, checkerCheck), makeModule({ checkerIgnoresDout: true }));
    expect(message).toContain("answers a simple probe correctly");
    expect(message).toContain('lessons/08-batch-norm.md#checking-the-backward-pass');
  });

  test('a missing export is reported by name', () => {
    const { batchNormBackward: _omitted, ...partial } = correct;
    const check = checkNamed(checks, "backward matches the engine's batchNormGradients on random batches (dX, dγ, dβ)");
    expect(feedbackOf(check, partial)).toContain('must export a function named `batchNormBackward`');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, batchNormForward: () => { throw new Error('TODO: write batchNormForward'); } };
    expect(feedbackOf(checks[0]!, stub)).toMatch(/^batchNormForward\(.*\) is not written yet: TODO/);
  });
});
