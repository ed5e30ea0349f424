// Each misconception COURSE.md lists for unit 01, planted in an otherwise correct module,
// must be named by the hidden suite with a link to the lesson section that explains it.
import { describe, expect, test } from 'vitest';
import { checks } from '../../grader/checks/01-sigmoid.checks';
import { checkNamed, feedbackOf } from '../../grader/checks/helpers';
import { namedOnBothSides } from '../support/both-sides';
import { stableSigmoid } from '../../grader/engine/scalar';
import * as catalogue from '../../lib/misconceptions/01-sigmoid';
import * as planted01 from './plants/01-sigmoid';

namedOnBothSides({ slug: '01-sigmoid', catalogue, checks, plantsModule: new URL('./plants/01-sigmoid.ts', import.meta.url).pathname, correct: planted01.correct, plants: Object.fromEntries(Object.entries(planted01.plants).filter(([k]) => k !== 'correct')) });

const correct = {
  sigmoid: stableSigmoid,
  sigmoidPrime: (z: number) => stableSigmoid(z) * stableSigmoid(-z),
  tanhPrime: (z: number) => 1 - Math.tanh(z) ** 2,
};
const planted = (sigmoidPrime: (z: number) => number) => ({ ...correct, sigmoidPrime });
const derivativeCheck = checkNamed(checks, "sigmoidPrime matches mathjs's symbolic derivative at 200 random points in [-20, 20]");

describe('01-sigmoid misconceptions are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test('σ(z)·(1−z)', () => {
    const message = feedbackOf(derivativeCheck, planted((z) => stableSigmoid(z) * (1 - z)));
    expect(message).toContain('It looks like σ(z)·(1−z) instead of σ(z)·(1−σ(z))');
    expect(message).toContain('lessons/01-sigmoid.md#using-z-where-the-activation-belongs');
  });

  test('a(1−a) applied to z', () => {
    const message = feedbackOf(derivativeCheck, planted((z) => z * (1 - z)));
    expect(message).toContain('It looks like a(1−a) applied to z instead of to a = σ(z)');
    expect(message).toContain('lessons/01-sigmoid.md#using-z-where-the-activation-belongs');
  });

  test('σ(z)·(1+σ(z))', () => {
    const message = feedbackOf(derivativeCheck, planted((z) => stableSigmoid(z) * (1 + stableSigmoid(z))));
    expect(message).toContain('It looks like σ(z)·(1+σ(z)) instead of σ(z)·(1−σ(z))');
  });

  test('overflow of exp(−z) giving NaN', () => {
    const naive = (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2;
    const message = feedbackOf(checkNamed(checks, 'sigmoidPrime is 0, not NaN, at ±1000 and ±800'), planted(naive));
    expect(message).toContain('overflowing to Infinity');
    expect(message).toContain('lessons/01-sigmoid.md#computing-it-without-overflow');
    const naiveSigmoid = { ...correct, sigmoid: (z: number) => Math.exp(z) / (1 + Math.exp(z)) };
    expect(feedbackOf(checkNamed(checks, 'sigmoid is stable far from zero: ±1000, ±745, ±710'), naiveSigmoid)).toContain('overflowing to Infinity');
  });

  test("an asymmetric σ' is told apart from a wrong value: both calls, neither called right", () => {
    const check = checkNamed(checks, "sigmoidPrime is symmetric, σ'(z) = σ'(−z), at 100 random points");
    const message = feedbackOf(check, planted((z) => stableSigmoid(z) * (1 - z)));
    expect(message).toMatch(/^sigmoidPrime\(-\d[\d.]*\) returned \S+, but σ' is symmetric and sigmoidPrime\(\d[\d.]*\) returned -\d/);
    expect(message).not.toContain('the right value');
    expect(message).toContain('lessons/01-sigmoid.md#the-derivative');
  });

  test('a missing export is reported by name', () => {
    const { tanhPrime: _omitted, ...partial } = correct;
    const check = checkNamed(checks, "tanhPrime matches mathjs's symbolic derivative at 200 random points in [-10, 10]");
    expect(feedbackOf(check, partial)).toContain('must export a function named `tanhPrime`');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, sigmoid: () => { throw new Error('TODO: write sigmoid(z)'); } };
    expect(feedbackOf(checks[0]!, stub)).toMatch(/^sigmoid\(.*\) is not written yet: TODO/);
  });
});
