// Public tests for unit 07. Run: npm test -- 07
// `@impl/07-weight-init` is your exercises/07-weight-init/index.ts.
// The inits are random, so most tests look at statistics of 65 536 weights drawn with a seeded rng:
// the sample variance must be within 5% of its target (its standard error is about 0.5%).
import { describe, test } from 'vitest';
import { calculateGain, heNormal, heUniform, lecunNormal, smallUniform, xavierNormal, xavierUniform } from '@impl/07-weight-init';
import { attempt, expectClose, expectShape, Feedback } from '@course/testing';
import { seededRng } from '@course/random';
import type { Matrix } from '@course/types';

const slug = '07-weight-init';

function entries(W: Matrix): number[] {
  const values: number[] = [];
  for (const row of W) for (const w of row) values.push(w);
  return values;
}
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const variance = (W: Matrix) => {
  const xs = entries(W);
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
};
const maxAbs = (W: Matrix) => entries(W).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('07 · shapes', () => {
  const inits = { smallUniform, lecunNormal, xavierNormal, xavierUniform, heNormal, heUniform };
  for (const [name, init] of Object.entries(inits)) {
    test(`${name}(3, 5, rng) is a 3x5 matrix`, () => {
      expectShape(() => init(3, 5, seededRng(1)), '3x5', { call: `${name}(3, 5, rng)`, lesson: `${slug}#the-notes-small-uniform-init` });
    });
  }
});

describe("07 · the notes' U[−0.5, 0.5]", () => {
  const lesson = `${slug}#the-notes-small-uniform-init`;
  test('weights lie in [−0.5, 0.5], about half of them negative, variance 1/12', () => {
    const call = 'smallUniform(256, 256, rng)';
    const W = attempt(() => smallUniform(256, 256, seededRng(2)), { call, lesson });
    expectClose(() => maxAbs(W), 0.5, { call: `the largest |w| of ${call}`, lesson, rtol: 0.005, atol: 0 });
    if (maxAbs(W) > 0.5) throw new Feedback(`${call} returned a weight outside [−0.5, 0.5].`, lesson);
    const negative = entries(W).filter((w) => w < 0).length / 65536;
    if (negative < 0.45 || negative > 0.55) throw new Feedback(`${call}: ${(100 * negative).toFixed(1)}% of the weights are negative; mixed signs means about half.`, lesson);
    expectClose(() => variance(W), 1 / 12, { call: `the sample variance of ${call}`, lesson, rtol: 0.05, atol: 0 });
  });
  test('the limit argument sets the range', () => {
    const call = 'smallUniform(256, 256, rng, 0.1)';
    const W = attempt(() => smallUniform(256, 256, seededRng(3), 0.1), { call, lesson });
    expectClose(() => maxAbs(W), 0.1, { call: `the largest |w| of ${call}`, lesson, rtol: 0.005, atol: 0 });
    if (maxAbs(W) > 0.1) throw new Feedback(`${call} returned a weight outside [−0.1, 0.1].`, lesson);
  });
});

describe('07 · normal inits: the variance', () => {
  const cases: [string, () => Matrix, number, string, string][] = [
    ['lecunNormal(256, 256, rng)', () => lecunNormal(256, 256, seededRng(4)), 1 / 256, 'lecun-initialization', '1/256'],
    ['xavierNormal(256, 256, rng)', () => xavierNormal(256, 256, seededRng(5)), 2 / 512, 'xavier-initialization', '2/(256 + 256)'],
    ['xavierNormal(512, 128, rng)', () => xavierNormal(512, 128, seededRng(6)), 2 / 640, 'lecun-initialization', '2/(512 + 128), not LeCun’s 1/512'],
    ['heNormal(256, 256, rng)', () => heNormal(256, 256, seededRng(7)), 2 / 256, 'he-initialization', '2/256'],
    ['heNormal(512, 128, rng)', () => heNormal(512, 128, seededRng(8)), 2 / 512, 'he-initialization', '2/512: the fan-in is 512'],
  ];
  for (const [call, draw, target, anchor, formula] of cases) {
    test(`${call}: variance ${formula}, mean ≈ 0`, () => {
      const lesson = `${slug}#${anchor}`;
      const W = attempt(draw, { call, lesson });
      expectClose(() => variance(W), target, { call: `the sample variance of ${call}`, lesson, rtol: 0.05, atol: 0 });
      expectClose(() => mean(entries(W)), 0, { call: `the sample mean of ${call}`, lesson, atol: 0.05 * Math.sqrt(target), rtol: 0 });
    });
  }
});

describe('07 · uniform limits', () => {
  const lesson = `${slug}#uniform-limits`;
  const cases: [string, () => Matrix, number, string][] = [
    ['xavierUniform(256, 256, rng)', () => xavierUniform(256, 256, seededRng(9)), Math.sqrt(6 / 512), '√(6/512) = 0.1083'],
    ['heUniform(256, 256, rng)', () => heUniform(256, 256, seededRng(10)), Math.sqrt(6 / 256), '√(6/256) = 0.1531'],
    ['heUniform(512, 128, rng)', () => heUniform(512, 128, seededRng(11)), Math.sqrt(6 / 512), '√(6/512): the fan-in is 512'],
  ];
  for (const [call, draw, limit, formula] of cases) {
    test(`${call} stays within and reaches ${formula}`, () => {
      const W = attempt(draw, { call, lesson });
      expectClose(() => maxAbs(W), limit, { call: `the largest |w| of ${call}`, lesson, rtol: 0.005, atol: 0 });
      if (maxAbs(W) > limit) throw new Feedback(`${call} returned a weight of size ${maxAbs(W)}, outside the limit ${limit}.`, lesson);
      expectClose(() => variance(W), (limit * limit) / 3, { call: `the sample variance of ${call}`, lesson, rtol: 0.05, atol: 0 });
    });
  }
});

describe("07 · PyTorch's gains", () => {
  const lesson = `${slug}#gains`;
  test('linear and sigmoid 1, tanh 5/3, relu √2, selu 3/4', () => {
    for (const [name, gain] of [['linear', 1], ['sigmoid', 1], ['tanh', 5 / 3], ['relu', Math.SQRT2], ['selu', 3 / 4]] as [string, number][]) {
      expectClose(() => calculateGain(name), gain, { call: `calculateGain('${name}')`, lesson, rtol: 1e-12, atol: 0 });
    }
  });
  test('leaky_relu: √(2/(1+a²)), with a = 0.01 by default (1.41414)', () => {
    expectClose(() => calculateGain('leaky_relu'), Math.sqrt(2 / 1.0001), { call: "calculateGain('leaky_relu')", lesson, rtol: 1e-12, atol: 0 });
    expectClose(() => calculateGain('leaky_relu', 0.2), Math.sqrt(2 / 1.04), { call: "calculateGain('leaky_relu', 0.2)", lesson, rtol: 1e-12, atol: 0 });
  });
});
