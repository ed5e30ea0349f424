// Each misconception COURSE.md lists for unit 08, planted in an otherwise correct module,
// must be named by the hidden suite with a link to the lesson section that explains it.
import { describe, expect, test } from 'vitest';
import { checks } from '../hidden/08-batch-norm.checks';
import { checkNamed, feedbackOf } from '../support/hidden';

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
      "the notes' fixture: out, dX, dγ and dβ",
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
