// Each misconception COURSE.md lists for unit 04, planted in an otherwise correct module, must be
// named by the hidden suite with a link to the lesson section that explains it.
import { describe, expect, test } from 'vitest';
import { checks } from '../../grader/checks/04-backprop-mlp.checks';
import { checkNamed, feedbackOf } from '../../grader/checks/helpers';

import { bceLoss, correct, dense, forward, makeBackward, makeCheckBackward, planted, plants, type Activation, type Cache, type Matrix, type Params, type Vector } from './plants/04-backprop-mlp';
import { namedOnBothSides } from '../support/both-sides';
import * as catalogue from '../../lib/misconceptions/04-backprop-mlp';

namedOnBothSides({ slug: '04-backprop-mlp', catalogue, checks, plantsModule: new URL('./plants/04-backprop-mlp.ts', import.meta.url).pathname, correct, plants });

const fixtureCheck = checkNamed(checks, "backward reproduces the lesson's sigmoid example (the engine's gradients)");
const randomCheck = checkNamed(checks, 'backward matches the engine on random nets, for all four activations');
const squareCheck = checkNamed(checks, 'backward on square batches (m = n_in = h), where a missing transpose does not crash');
const link = (anchor: string) => `lessons/04-backprop-mlp.md#${anchor}`;

describe('04-backprop-mlp misconceptions are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test('forgetting /m', () => {
    const message = feedbackOf(fixtureCheck, planted({ noDivide: true }));
    expect(message).toContain('It looks like forgetting to divide by m');
    expect(message).toContain(link('forgetting-to-divide-by-m'));
    expect(feedbackOf(randomCheck, planted({ noDivide: true }))).toContain('forgetting to divide by m');
  });

  test('missing the transpose: A·δ runs on the square fixture and is named', () => {
    const message = feedbackOf(fixtureCheck, planted({ noTranspose: 'dW2' }));
    expect(message).toContain('It looks like missing the transpose: A·δ instead of Aᵀ·δ.');
    expect(message).toContain(link('missing-the-transpose'));
    expect(feedbackOf(squareCheck, planted({ noTranspose: 'both' }))).toContain('missing the transpose: A·δ instead of Aᵀ·δ');
  });

  test('missing the transpose: elsewhere the product throws, and the message points at the transpose', () => {
    const message = feedbackOf(randomCheck, planted({ noTranspose: 'both' }));
    expect(message).toContain('threw an error');
    expect(message).toContain('missing the transpose');
    expect(message).toContain(link('missing-the-transpose'));
  });

  test('missing the transpose: a gradient in the n_out × n_in orientation is named', () => {
    const message = feedbackOf(fixtureCheck, planted({ transposedResult: true }));
    expect(message).toContain('It looks like missing the transpose: the gradient came back transposed');
    expect(message).toContain(link('missing-the-transpose'));
    expect(feedbackOf(checkNamed(checks, "every gradient has its parameter's shape (non-square nets, all four activations)"), planted({ transposedResult: true })))
      .toContain('shape of the transpose');
  });

  test("σ'(A) instead of σ'(Z), and tanh'(A) instead of tanh'(Z)", () => {
    const message = feedbackOf(fixtureCheck, planted({ primeAt: 'A' }));
    expect(message).toContain("It looks like g'(A1) instead of g'(Z1)");
    expect(message).toContain(link('using-the-derivative-at-a-instead-of-at-z'));
    expect(feedbackOf(randomCheck, planted({ primeAt: 'A' }))).toContain("g'(A1) instead of g'(Z1)");
    // tanh alone planted: sigmoid correct, so the random check reaches the tanh nets
    const tanhOnly = makeBackward({ primeAt: 'A' });
    const mixed = { ...correct, backward: (p: Params, c: Cache, Y: Vector, h: Activation) => (h === 'tanh' ? tanhOnly : correct.backward)(p, c, Y, h) };
    expect(feedbackOf(randomCheck, mixed)).toContain("It looks like g'(A1) instead of g'(Z1)");
  });

  test('the a(1−a) shortcut applied to Z', () => {
    const message = feedbackOf(fixtureCheck, planted({ primeAt: 'shortcutOnZ' }));
    expect(message).toContain('It looks like the shortcut a(1−a) (or 1−a²) applied to Z1 instead of to A1');
    expect(message).toContain(link('using-the-derivative-at-a-instead-of-at-z'));
  });

  test('bceLoss: the sum instead of the mean, and 0·log 0 = NaN', () => {
    const sum = { ...correct, bceLoss: (p: Vector, y: Vector) => bceLoss(p, y) * y.length };
    const message = feedbackOf(checkNamed(checks, "bceLoss matches the engine's mean binary cross-entropy on random predictions"), sum);
    expect(message).toContain('It looks like the sum over examples instead of the mean');
    expect(message).toContain(link('forgetting-to-divide-by-m'));
    const naive = { ...correct, bceLoss: (p: Vector, y: Vector) => -p.reduce((s, q, i) => s + y[i]! * Math.log(q) + (1 - y[i]!) * Math.log(1 - q), 0) / y.length };
    const nan = feedbackOf(checkNamed(checks, 'bceLoss is 0, not NaN, for confident correct predictions (ŷ = y = 0 or 1)'), naive);
    expect(nan).toContain('It looks like 0·log 0 evaluated as NaN');
    expect(nan).toContain(link('the-loss'));
  });

  test('shape errors that do not name both shapes are reported', () => {
    const vague = { ...correct, dense: (A: Matrix, W: Matrix, b: Vector) => { if (A[0]!.length !== W.length) throw new Error('shape mismatch'); return dense(A, W, b); } };
    const message = feedbackOf(checkNamed(checks, 'dense and forward throw on mismatched shapes, naming both shapes'), vague);
    expect(message).toContain('should name both shapes');
  });

  test('mutating an input is reported', () => {
    const mutating = { ...correct, forward: (p: Params, X: Matrix, h: Activation) => { p.b1[0] = 0; return forward(p, X, h); } };
    expect(feedbackOf(checkNamed(checks, 'no input is changed by dense, forward, bceLoss or backward'), mutating)).toContain('changed its input');
  });

  test('a missing export is reported by name', () => {
    const { backward: _omitted, ...partial } = correct;
    expect(feedbackOf(fixtureCheck, partial)).toContain('must export a function named `backward`');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, backward: () => { throw new Error('TODO: write backward(params, cache, Y, hidden)'); } };
    expect(feedbackOf(fixtureCheck, stub)).toMatch(/^backward\(.* is not written yet: TODO/);
  });
});

describe('04-backprop-mlp: checkBackward runs the learner\'s unit 03, and says so', () => {
  const rightCheck = checkNamed(checks, "checkBackward passes the engine's right gradients, with the engine's errors (all four activations)");
  const noDivideCheck = checkNamed(checks, 'checkBackward catches a backward pass that forgets the /m (every parameter not ok)');
  const slipCheck = checkNamed(checks, "checkBackward catches g'(A1) for g'(Z1) in W1 and b1 only, and a missing transpose in W1 and W2 only");

  test('a unit 03 that perturbs by +h only: the message says unit 03 needs fixing, with lesson 03\'s link', () => {
    const message = feedbackOf(rightCheck, { ...correct, checkBackward: makeCheckBackward('one-sided') });
    expect(message).toContain('It looks like perturbing by +h only');
    expect(message).toContain('Unit 03 needs fixing');
    expect(message).toContain('lessons/03-gradient-check.md#one-sided-differences');
  });

  test('a unit 03 that forgets to put x back, or reports the absolute error, is named as unit 03\'s', () => {
    const unrestored = feedbackOf(rightCheck, { ...correct, checkBackward: makeCheckBackward('not-restored') });
    expect(unrestored).toContain('It looks like forgetting to restore the perturbed entry');
    expect(unrestored).toContain('Unit 03 needs fixing');
    expect(unrestored).toContain('lessons/03-gradient-check.md#forgetting-to-put-x-back');
    const absolute = feedbackOf(noDivideCheck, { ...correct, checkBackward: makeCheckBackward('absolute') });
    expect(absolute).toContain('Unit 03 needs fixing');
    expect(absolute).toContain('lessons/03-gradient-check.md#absolute-instead-of-relative-error');
  });

  test('comparing norms lets a missing transpose through, and is named with lesson 04\'s section', () => {
    const message = feedbackOf(slipCheck, { ...correct, checkBackward: makeCheckBackward('norms') });
    expect(message).toContain('It looks like comparing the norms');
    expect(message).toContain(link('comparing-norms-instead-of-entries'));
  });

  test('an unfinished unit 03 (its TODO) says to finish unit 03 first', () => {
    const todo03 = () => { throw new Error('TODO: write gradientCheck(f, analyticGrad, x) — see lessons/03-gradient-check.md#the-gradient-check'); };
    const message = feedbackOf(rightCheck, { ...correct, checkBackward: todo03 });
    expect(message).toContain('uses your unit 03-gradient-check, which is not finished yet');
    expect(message).toContain('npm test -- 03');
  });

  test('a check that accepts everything (ok always true) is caught on the wrong backward passes', () => {
    const lenient = { ...correct, checkBackward: (...args: Parameters<ReturnType<typeof makeCheckBackward>>) => Object.fromEntries(Object.entries(makeCheckBackward()(...args)).map(([k, v]) => [k, { ...v, ok: true }])) };
    expect(feedbackOf(noDivideCheck, lenient)).toContain('Unit 03 needs fixing: gradientCheck\'s ok is true exactly when the error is below 1e-7');
  });
});
