// Each misconception the lesson names for unit 02, planted in an otherwise correct module,
// must be named by the hidden suite with a link to the lesson section that explains it.
import { describe, expect, test } from 'vitest';
import { checks } from '../../grader/checks/02-chain-rule.checks';
import { checkNamed, feedbackOf } from '../../grader/checks/helpers';

import { backwardWith, correct, forward, plants, sigPrime } from './plants/02-chain-rule';
import { namedOnBothSides } from '../support/both-sides';
import * as catalogue from '../../lib/misconceptions/02-chain-rule';

namedOnBothSides({ slug: '02-chain-rule', catalogue, checks, plantsModule: new URL('./plants/02-chain-rule.ts', import.meta.url).pathname, correct, plants });

const lessonLink = (anchor: string) => `lessons/02-chain-rule.md#${anchor}`;
const dzCheck = checkNamed(checks, 'chainBackward dz matches the reference engine on 60 random chains');
const dwCheck = checkNamed(checks, 'chainBackward dw matches the reference engine on 60 random chains');

describe('02-chain-rule misconceptions are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test('forgetting the weight factor w_k', () => {
    const planted = { ...correct, chainBackward: backwardWith({ withWeight: false }) };
    for (const check of [dzCheck, dwCheck]) {
      const message = feedbackOf(check, planted);
      expect(message).toContain('It looks like the weight factor w_k is missing from the chain');
      expect(message).toContain(lessonLink('forgetting-the-weight-factor'));
    }
    expect(feedbackOf(checkNamed(checks, "chainBackward on the notes' chain agrees with centred finite differences of the output"), planted))
      .toContain('the weight factor w_k is missing');
  });

  test("σ'(a) instead of σ'(z), in the backward pass and in the local gradients", () => {
    const atA = (_z: number, a: number) => sigPrime(a);
    const message = feedbackOf(dzCheck, { ...correct, chainBackward: backwardWith({ local: atA }) });
    expect(message).toContain("It looks like σ'(a_k) used instead of σ'(z_k)");
    expect(message).toContain(lessonLink('using-the-derivative-at-a-instead-of-at-z'));
    const local = { ...correct, chainLocalGradients: (x: number, w: number[]) => forward(x, w).a.map(sigPrime) };
    const localMessage = feedbackOf(checkNamed(checks, "chainLocalGradients is σ'(z_k) for every layer of 60 random chains"), local);
    expect(localMessage).toContain("It looks like σ'(a_k) used instead of σ'(z_k)");
    expect(localMessage).toContain(lessonLink('using-the-derivative-at-a-instead-of-at-z'));
  });

  test('a(1−a) written through the activation is accepted: it is σ\'(z)', () => {
    const viaA = { ...correct, chainBackward: backwardWith({ local: (_z, a) => a * (1 - a) }) };
    expect(feedbackOf(dzCheck, viaA)).toBeNull();
    expect(feedbackOf(dwCheck, viaA)).toBeNull();
  });

  test('sgdStep adding the gradient', () => {
    const message = feedbackOf(checkNamed(checks, "sgdStep takes the notes' steps (0.2375, 0.24995875) and 100 random ones"), {
      ...correct,
      sgdStep: (w: number, grad: number, lr: number) => w + lr * grad,
    });
    expect(message).toContain('It looks like sgdStep adding the gradient instead of subtracting it');
    expect(message).toContain('sgdStep(0.25, 1.25, 0.01) returned 0.2625');
    expect(message).toContain(lessonLink('stepping-the-wrong-way-or-the-wrong-distance'));
  });

  test('lists returned last layer first', () => {
    const message = feedbackOf(dwCheck, { ...correct, chainBackward: backwardWith({ reversed: true }) });
    expect(message).toContain('It looks like the list is returned last layer first');
    expect(message).toContain(lessonLink('lists-last-layer-first'));
  });

  test('overflowing exp gives NaN and is named', () => {
    // e^(−z)/(1+e^(−z))² is Infinity/Infinity = NaN at z = −1000.
    const naivePrime = (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2;
    const planted = { ...correct, chainBackward: backwardWith({ local: (z) => naivePrime(z) }) };
    const message = feedbackOf(checkNamed(checks, 'chainBackward through saturated units gives 0, never NaN: x = 1, w = [1000, −1000, 2]'), planted);
    expect(message).toContain('overflowing to Infinity');
    expect(message).toContain('lessons/01-sigmoid.md#computing-it-without-overflow');
  });

  test('a missing export is reported by name', () => {
    const { sgdStep: _omitted, ...partial } = correct;
    const check = checkNamed(checks, "sgdStep takes the notes' steps (0.2375, 0.24995875) and 100 random ones");
    expect(feedbackOf(check, partial)).toContain('must export a function named `sgdStep`');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, chainBackward: () => { throw new Error('TODO: write chainBackward(x, weights, dLda)'); } };
    expect(feedbackOf(dzCheck, stub)).toMatch(/^chainBackward\(.*\)\.dz is not written yet: TODO/);
  });
});
