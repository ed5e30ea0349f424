// Each misconception the lesson names for unit 02, planted in an otherwise correct module,
// must be named by the hidden suite with a link to the lesson section that explains it.
import { describe, expect, test } from 'vitest';
import { checks } from '../hidden/02-chain-rule.checks';
import { checkNamed, feedbackOf } from '../support/hidden';

// An independent, correct chain (not imported from solutions/).
const sig = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const sigPrime = (z: number) => sig(z) * sig(-z);

function forward(x: number, weights: number[]) {
  const z: number[] = [];
  const a: number[] = [];
  weights.forEach((w, k) => {
    z.push(w * (k === 0 ? x : a[k - 1]!));
    a.push(sig(z[k]!));
  });
  return { z, a };
}

interface Options {
  withWeight?: boolean;
  local?: (z: number, a: number) => number;
  reversed?: boolean;
}

function backwardWith({ withWeight = true, local = (z) => sigPrime(z), reversed = false }: Options = {}) {
  return (x: number, weights: number[], dLda: number) => {
    const { z, a } = forward(x, weights);
    const dz: number[] = [];
    const dw: number[] = [];
    let upstream = dLda;
    for (let k = weights.length - 1; k >= 0; k--) {
      dz[k] = upstream * local(z[k]!, a[k]!);
      dw[k] = dz[k]! * (k === 0 ? x : a[k - 1]!);
      upstream = dz[k]! * (withWeight ? weights[k]! : 1);
    }
    return reversed ? { dz: dz.reverse(), dw: dw.reverse() } : { dz, dw };
  };
}

const correct = {
  chainForward: forward,
  chainLocalGradients: (x: number, weights: number[]) => forward(x, weights).z.map(sigPrime),
  product: (factors: number[]) => factors.reduce((p, f) => p * f, 1),
  chainBackward: backwardWith(),
  sgdStep: (w: number, grad: number, lr: number) => w - lr * grad,
};

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
      expect(message).toContain(lessonLink('common-mistakes'));
    }
    expect(feedbackOf(checkNamed(checks, "chainBackward on the notes' chain agrees with centred finite differences of the output"), planted))
      .toContain('the weight factor w_k is missing');
  });

  test("σ'(a) instead of σ'(z), in the backward pass and in the local gradients", () => {
    const atA = (_z: number, a: number) => sigPrime(a);
    const message = feedbackOf(dzCheck, { ...correct, chainBackward: backwardWith({ local: atA }) });
    expect(message).toContain("It looks like σ'(a_k) used instead of σ'(z_k)");
    expect(message).toContain(lessonLink('local-gradients'));
    const local = { ...correct, chainLocalGradients: (x: number, w: number[]) => forward(x, w).a.map(sigPrime) };
    const localMessage = feedbackOf(checkNamed(checks, "chainLocalGradients is σ'(z_k) for every layer of 60 random chains"), local);
    expect(localMessage).toContain("It looks like σ'(a_k) used instead of σ'(z_k)");
    expect(localMessage).toContain(lessonLink('local-gradients'));
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
    expect(message).toContain(lessonLink('common-mistakes'));
  });

  test('lists returned last layer first', () => {
    const message = feedbackOf(dwCheck, { ...correct, chainBackward: backwardWith({ reversed: true }) });
    expect(message).toContain('It looks like the list is returned last layer first');
    expect(message).toContain(lessonLink('backward-through-the-chain'));
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
