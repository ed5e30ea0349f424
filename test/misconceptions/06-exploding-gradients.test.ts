// Each misconception COURSE.md lists for unit 06, planted in an otherwise correct module,
// must be named by the hidden suite with a link to the lesson section that explains it.
import { describe, expect, test } from 'vitest';
import { checks } from '../../grader/checks/06-exploding-gradients.checks';
import { checkNamed, feedbackOf } from '../../grader/checks/helpers';

import { correct, plants, power, zs, type Matrix } from './plants/06-exploding-gradients';
import { namedOnBothSides } from '../support/both-sides';
import * as catalogue from '../../lib/misconceptions/06-exploding-gradients';

namedOnBothSides({ slug: '06-exploding-gradients', catalogue, checks, plantsModule: new URL('./plants/06-exploding-gradients.ts', import.meta.url).pathname, correct, plants });

const lesson = (anchor: string) => `lessons/06-exploding-gradients.md#${anchor}`;

describe('06-exploding-gradients misconceptions are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test('off-by-one in the power: W^L instead of W^(L−1)', () => {
    const planted = { ...correct, deepLinearOutput: (W: Matrix, L: number, x: number[]) => correct.deepLinearOutput(W, L + 1, x) };
    for (const name of [
      'deepLinearOutput equals W^(L−1)·x from the engine for random W, x and L = 1 … 8',
      "deepLinearOutput reproduces the notes: diag(1.5), L = 30 → 1.5^29 ≈ 127834; diag(0.5) → 0.5^29, and 0.5^30 at L = 31",
    ]) {
      const message = feedbackOf(checkNamed(checks, name), planted);
      expect(message).toContain('It looks like W^L instead of W^(L−1)');
      expect(message).toContain(lesson('off-by-one-in-the-power'));
    }
  });

  test('listing the backward values from the output side', () => {
    const planted = { ...correct, reluChainBackward: (x: number, w: number[], d = 1) => correct.reluChainBackward(x, w, d).reverse() };
    for (const name of [
      "reluChainBackward reproduces the notes' example, [9, 3, 1] first layer first, with dLdzLast = 1 by default",
      "reluChainBackward matches the engine's autodiff on 100 random chains and seeds",
    ]) {
      const message = feedbackOf(checkNamed(checks, name), planted);
      expect(message).toContain('It looks like the backward values listed from the output side');
      expect(message).toContain(lesson('which-end-the-list-starts-from'));
    }
  });

  test('treating lr = 2/c as divergent (>= instead of >, or lr >= 2/c)', () => {
    const check = checkNamed(checks, 'gdDiverges at lr = 2/c exactly is false: w only flips sign');
    for (const gdDiverges of [
      (c: number, lr: number, steps: number) => Math.abs(1 - lr * c) ** steps >= 1,
      (c: number, lr: number) => lr >= 2 / c,
    ]) {
      const message = feedbackOf(check, { ...correct, gdDiverges });
      expect(message).toContain('It looks like treating lr = 2/c as divergent');
      expect(message).toContain(lesson('at-the-edge-lr--2c'));
    }
  });

  test('stepping back without the weight, and a chain without ReLU, are named too', () => {
    const noWeight = {
      ...correct,
      reluChainBackward: (x: number, w: number[], d = 1) => correct.reluChainBackward(x, w.map(() => 1), d).map((g, k) => (zs(x, w).slice(k, -1).every((z) => z > 0) ? g : 0)),
    };
    expect(feedbackOf(checkNamed(checks, "reluChainBackward matches the engine's autodiff on 100 random chains and seeds"), noWeight)).toContain('stepping back without multiplying by the weight');
    const linearChain = { ...correct, reluChainForward: (x: number, w: number[]) => zs(x, w).map((_, k) => w.slice(0, k + 1).reduce((a, v) => a * v, x)) };
    expect(feedbackOf(checkNamed(checks, 'reluChainForward matches the reference engine on 100 random chains'), linearChain)).toContain('the chain without the ReLU');
  });

  test('W^1 returned as W itself, or a non-square W accepted, is caught', () => {
    const aliasing = { ...correct, matrixPower: (W: Matrix, k: number) => (k === 1 ? W : power(W, k)) };
    expect(feedbackOf(checkNamed(checks, 'no function changes its inputs (weights, W, x)'), aliasing)).toContain('changed its input W');
    const lenient = { ...correct, matrixPower: (W: Matrix, k: number) => (k === 0 ? [[1]] : W) };
    expect(feedbackOf(checkNamed(checks, 'matrixPower of a non-square matrix throws an error naming its shape'), lenient)).toContain('should throw on mismatched shapes');
  });

  test('a missing export is reported by name', () => {
    const { gdDiverges: _omitted, ...partial } = correct;
    const check = checkNamed(checks, 'gdDiverges at lr = 2/c exactly is false: w only flips sign');
    expect(feedbackOf(check, partial)).toContain('must export a function named `gdDiverges`');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, reluChainForward: () => { throw new Error('TODO: write reluChainForward(x, weights)'); } };
    expect(feedbackOf(checks[0]!, stub)).toMatch(/^reluChainForward\(.*\) is not written yet: TODO/);
  });
});
