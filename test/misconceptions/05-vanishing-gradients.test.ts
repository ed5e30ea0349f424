// Unit 05's likely mistakes, planted in an otherwise correct module, must be named by the hidden
// suite with a link to the lesson section that explains them (COURSE.md lists no unit-05-specific
// misconceptions; these are unit 04's carried over plus the ordering and norm slips the lesson names).
import { describe, expect, test } from 'vitest';
import { checks } from '../../grader/checks/05-vanishing-gradients.checks';
import { checkNamed, feedbackOf } from '../../grader/checks/helpers';

import { correct, layerGradientNorms, makeCheckDeep, makeDeep, planted, plants, type Activation, type Layer, type LayerGradient, type Matrix, type Vector } from './plants/05-vanishing-gradients';
import { namedOnBothSides } from '../support/both-sides';
import * as catalogue from '../../lib/misconceptions/05-vanishing-gradients';

namedOnBothSides({ slug: '05-vanishing-gradients', catalogue, checks, plantsModule: new URL('./plants/05-vanishing-gradients.ts', import.meta.url).pathname, correct, plants });

const engineCheck = checkNamed(checks, 'deepForwardBackward matches the engine on random small nets, for all four activations');
const normCheck = checkNamed(checks, "layerGradientNorms returns each dW's Frobenius norm, first layer to last");
const link = (anchor: string) => `lessons/05-vanishing-gradients.md#${anchor}`;

describe('05-vanishing-gradients mistakes are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test('gradients listed last layer first', () => {
    const message = feedbackOf(engineCheck, planted({ pushOrder: true }));
    expect(message).toContain('It looks like the gradients are listed last layer first');
    expect(message).toContain(link('reading-the-list-from-the-wrong-end'));
    expect(feedbackOf(checkNamed(checks, 'gradients come back first layer to last, each shaped like its W and b'), planted({ pushOrder: true })))
      .toContain('last layer first');
  });

  test('forgetting /m', () => {
    const message = feedbackOf(engineCheck, planted({ noDivide: true }));
    expect(message).toContain('It looks like forgetting to divide by m');
    expect(message).toContain(link('mistakes-carried-over-from-unit-04'));
  });

  test("g'(A) instead of g'(Z)", () => {
    const message = feedbackOf(engineCheck, planted({ primeAt: 'A' }));
    expect(message).toContain("It looks like g'(A) instead of g'(Z)");
    expect(message).toContain(link('mistakes-carried-over-from-unit-04'));
  });

  test('a transposed dW', () => {
    expect(feedbackOf(engineCheck, planted({ transposed: true }))).toContain('It looks like a transposed dW');
  });

  test('squared, reversed, db-including, L1, max and RMS norms', () => {
    const fro = (M: Matrix) => Math.sqrt(M.flat().reduce((s, x) => s + x * x, 0));
    const variants: [string, (grads: LayerGradient[]) => number[], string][] = [
      ['the squared norm', (gs) => gs.map(({ dW }) => fro(dW) ** 2), 'squared-norms-and-other-sizes'],
      ['the norms listed last layer first', (gs) => layerGradientNorms(gs).reverse(), 'reading-the-list-from-the-wrong-end'],
      ['db included in the norm', (gs) => gs.map(({ dW, db }) => Math.hypot(fro(dW), ...db)), 'squared-norms-and-other-sizes'],
      ['the sum of absolute values', (gs) => gs.map(({ dW }) => dW.flat().reduce((s, x) => s + Math.abs(x), 0)), 'squared-norms-and-other-sizes'],
      ['the largest entry instead of the norm', (gs) => gs.map(({ dW }) => Math.max(...dW.flat().map(Math.abs))), 'squared-norms-and-other-sizes'],
      ['the mean square root (RMS)', (gs) => gs.map(({ dW }) => fro(dW) / Math.sqrt(dW.flat().length)), 'squared-norms-and-other-sizes'],
    ];
    for (const [name, norms, anchor] of variants) {
      const message = feedbackOf(normCheck, { ...correct, layerGradientNorms: norms });
      expect(message, name).toContain(`It looks like ${name}`);
      expect(message, name).toContain(link(anchor));
    }
  });

  test('a sigmoid net whose gradient does not vanish is caught by the experiment check', () => {
    // "Forgetting" the σ' factor makes the sigmoid net's gradient stop decaying.
    const noSlope = { ...correct, deepForwardBackward: (layers: Layer[], X: Matrix, Y: Vector, act: Activation) => makeDeep()(layers, X, Y, act === 'sigmoid' ? 'relu' : act) };
    const message = feedbackOf(checkNamed(checks, "30 sigmoid layers of width 64: the first layer's gradient norm is orders of magnitude below the last's"), noSlope);
    expect(message).toContain('should be far below 1e-6');
    expect(message).toContain(link('the-experiment-30-layers-of-width-64'));
  });

  test('a missing export is reported by name', () => {
    const { layerGradientNorms: _omitted, ...partial } = correct;
    expect(feedbackOf(normCheck, partial)).toContain('must export a function named `layerGradientNorms`');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, deepForwardBackward: () => { throw new Error('TODO: write deepForwardBackward'); } };
    expect(feedbackOf(engineCheck, stub)).toMatch(/^deepForwardBackward\(.* is not written yet: TODO/);
  });
});

describe('05-vanishing-gradients: checkDeepBackward runs the learner\'s unit 03, and says so', () => {
  const rightCheck = checkNamed(checks, "checkDeepBackward passes the engine's right gradients, with the engine's errors (3- and 4-layer nets, all four activations)");
  const wrongCheck = checkNamed(checks, "checkDeepBackward catches a forgotten /m in every layer, and g'(A) for g'(Z) in every layer but the last");

  test('a unit 03 that perturbs by +h only or divides by h is named as unit 03\'s, with lesson 03\'s link', () => {
    const oneSided = feedbackOf(rightCheck, { ...correct, checkDeepBackward: makeCheckDeep('one-sided') });
    expect(oneSided).toContain('Unit 03 needs fixing');
    expect(oneSided).toContain('lessons/03-gradient-check.md#one-sided-differences');
    const byH = feedbackOf(rightCheck, { ...correct, checkDeepBackward: makeCheckDeep('divides-by-h') });
    expect(byH).toContain('It looks like dividing by h instead of 2h');
    expect(byH).toContain('lessons/03-gradient-check.md#dividing-by-h-instead-of-2h');
  });

  test('a check that compares norms is caught on the wrong passes', () => {
    expect(feedbackOf(wrongCheck, { ...correct, checkDeepBackward: makeCheckDeep('norms') })).toContain('comparing the norms');
  });

  test('the right passes and a correct check: no feedback', () => {
    expect(feedbackOf(rightCheck, correct)).toBeNull();
    expect(feedbackOf(wrongCheck, correct)).toBeNull();
  });
});
