// Public tests for unit 07. Run: npm test -- 07
// `@impl/07-weight-init` is your exercises/07-weight-init/index.ts.
// The inits are random, so most tests look at statistics of 65 536 weights drawn with a seeded rng:
// the sample variance must be within 5% of its target (its standard error is about 0.5%).
import { describe, test } from 'vitest';
import { calculateGain, heNormal, heUniform, lecunNormal, smallUniform, xavierNormal, xavierUniform } from '@impl/07-weight-init';
import { attempt, expectClose, expectShape, Feedback, nameSlip } from '@course/testing';
import { bind, type Slip } from '@course/misconceptions';
import * as catalogue from '@course/misconceptions/07-weight-init';
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

describe('07 · shapes and the rng', () => {
  const inits = { smallUniform, lecunNormal, xavierNormal, xavierUniform, heNormal, heUniform };
  const lesson = `${slug}#the-notes-small-uniform-init`;
  for (const [name, init] of Object.entries(inits)) {
    test(`${name}: fanIn × fanOut finite numbers (3x5, 5x3, 1x1, 1x7), drawn from the rng it is given`, () => {
      for (const [i, o] of [[3, 5], [5, 3], [1, 1], [1, 7]] as const) {
        expectShape(() => init(i, o, seededRng(1)), `${i}x${o}`, { call: `${name}(${i}, ${o}, rng)`, lesson });
        const W = attempt(() => init(i, o, seededRng(1)), { call: `${name}(${i}, ${o}, rng)`, lesson });
        if (!W.flat().every(Number.isFinite)) throw new Feedback(`${name}(${i}, ${o}, rng) returned a weight that is not a finite number.`, lesson);
      }
      const same = JSON.stringify(attempt(() => init(8, 6, seededRng(42)), { call: `${name}(8, 6, rng)`, lesson }));
      if (JSON.stringify(init(8, 6, seededRng(42))) !== same) throw new Feedback(`${name}(8, 6, rng) gave different weights for two rngs with the same seed: draw every random number from the rng argument (not Math.random).`, lesson);
      if (JSON.stringify(init(8, 6, seededRng(43))) === same) throw new Feedback(`${name}(8, 6, rng) gave the same weights for two different seeds: the weights must come from the rng argument.`, lesson);
    });
  }
});

describe("07 · the notes' U[−0.5, 0.5]", () => {
  const lesson = `${slug}#the-notes-small-uniform-init`;
  test('weights lie in [−0.5, 0.5], about half of them negative, variance 1/12', () => {
    const call = 'smallUniform(256, 256, rng)';
    const W = attempt(() => smallUniform(256, 256, seededRng(2)), { call, lesson });
    const negativeFraction = entries(W).filter((w) => w < 0).length / 65536;
    nameSlip(W, bind(catalogue.smallUniformSigns, { negativeFraction }), `${call} returned no negative weights.`);
    expectClose(() => maxAbs(W), 0.5, { call: `the largest |w| of ${call}`, lesson, rtol: 0.005, atol: 0, misconceptions: bind(catalogue.smallUniformLimit, { fanIn: 256, fanOut: 256 }) });
    if (maxAbs(W) > 0.5) throw new Feedback(`${call} returned a weight outside [−0.5, 0.5].`, lesson);
    const negative = entries(W).filter((w) => w < 0).length / 65536;
    if (negative < 0.45 || negative > 0.55) throw new Feedback(`${call}: ${(100 * negative).toFixed(1)}% of the weights are negative; mixed signs means about half.`, lesson);
    expectClose(() => variance(W), 1 / 12, { call: `the sample variance of ${call}`, lesson, rtol: 0.05, atol: 0 });
  });
  test('the limit argument sets the range', () => {
    const call = 'smallUniform(256, 256, rng, 0.1)';
    const W = attempt(() => smallUniform(256, 256, seededRng(3), 0.1), { call, lesson });
    expectClose(() => maxAbs(W), 0.1, { call: `the largest |w| of ${call}`, lesson, rtol: 0.005, atol: 0, misconceptions: bind(catalogue.smallUniformLimit, { fanIn: 256, fanOut: 256, limit: 0.1 }) });
    if (maxAbs(W) > 0.1) throw new Feedback(`${call} returned a weight outside [−0.1, 0.1].`, lesson);
  });
});

// 480×136 (not 512×128): on that shape two wrong limits coincide (√(24/512) = √(6/128)), and a slip
// could be named for another; these are the grader's shapes.
describe('07 · normal inits: the variance', () => {
  type Slips = Slip<catalogue.InitCall>[];
  const cases: [string, () => Matrix, number, string, string, Slips, [number, number]][] = [
    ['lecunNormal(256, 256, rng)', () => lecunNormal(256, 256, seededRng(4)), 1 / 256, 'lecun-initialization', '1/256', catalogue.lecunNormal, [256, 256]],
    ['lecunNormal(480, 136, rng)', () => lecunNormal(480, 136, seededRng(12)), 1 / 480, 'lecun-initialization', '1/480: the fan-in is 480', catalogue.lecunNormal, [480, 136]],
    ['xavierNormal(256, 256, rng)', () => xavierNormal(256, 256, seededRng(5)), 2 / 512, 'xavier-initialization', '2/(256 + 256)', catalogue.xavierNormal, [256, 256]],
    ['xavierNormal(480, 136, rng)', () => xavierNormal(480, 136, seededRng(6)), 2 / 616, 'xavier-initialization', '2/(480 + 136), not LeCun’s 1/480', catalogue.xavierNormal, [480, 136]],
    ['heNormal(256, 256, rng)', () => heNormal(256, 256, seededRng(7)), 2 / 256, 'he-initialization', '2/256', catalogue.heNormal, [256, 256]],
    ['heNormal(480, 136, rng)', () => heNormal(480, 136, seededRng(8)), 2 / 480, 'he-initialization', '2/480: the fan-in is 480', catalogue.heNormal, [480, 136]],
  ];
  for (const [call, draw, target, anchor, formula, slips, [fanIn, fanOut]] of cases) {
    test(`${call}: variance ${formula}, mean ≈ 0`, () => {
      const lesson = `${slug}#${anchor}`;
      const W = attempt(draw, { call, lesson });
      expectClose(() => variance(W), target, { call: `the sample variance of ${call}`, lesson, rtol: 0.05, atol: 0, misconceptions: bind(slips, { fanIn, fanOut }) });
      expectClose(() => mean(entries(W)), 0, { call: `the sample mean of ${call}`, lesson, atol: 0.05 * Math.sqrt(target), rtol: 0 });
    });
  }
  test('the normal inits are normal: about 4.55% of the weights lie beyond 2 standard deviations', () => {
    for (const [name, init] of Object.entries({ lecunNormal, xavierNormal, heNormal })) {
      const call = `${name}(256, 256, rng)`;
      const lesson = `${slug}#${name === 'heNormal' ? 'he' : name === 'lecunNormal' ? 'lecun' : 'xavier'}-initialization`;
      const W = attempt(() => init(256, 256, seededRng(13)), { call, lesson });
      const std = Math.sqrt(variance(W));
      const tail = entries(W).filter((w) => Math.abs(w) > 2 * std).length / 65536;
      if (tail < 0.035 || tail > 0.057) throw new Feedback(`${(100 * tail).toFixed(2)}% of the weights of ${call} lie beyond 2 standard deviations; for normal weights it is about 4.55% (draw each weight with gaussian(rng, 0, std)).`, lesson);
    }
  });
});

describe('07 · uniform limits', () => {
  const lesson = `${slug}#uniform-limits`;
  type Slips = Slip<catalogue.InitCall>[];
  const cases: [string, () => Matrix, number, string, Slips, [number, number]][] = [
    ['xavierUniform(256, 256, rng)', () => xavierUniform(256, 256, seededRng(9)), Math.sqrt(6 / 512), '√(6/512) = 0.1083', catalogue.xavierUniform, [256, 256]],
    ['xavierUniform(480, 136, rng)', () => xavierUniform(480, 136, seededRng(14)), Math.sqrt(6 / 616), '√(6/616): both fans', catalogue.xavierUniform, [480, 136]],
    ['heUniform(256, 256, rng)', () => heUniform(256, 256, seededRng(10)), Math.sqrt(6 / 256), '√(6/256) = 0.1531', catalogue.heUniform, [256, 256]],
    ['heUniform(480, 136, rng)', () => heUniform(480, 136, seededRng(11)), Math.sqrt(6 / 480), '√(6/480): the fan-in is 480', catalogue.heUniform, [480, 136]],
  ];
  for (const [call, draw, limit, formula, slips, [fanIn, fanOut]] of cases) {
    test(`${call} stays within and reaches ${formula}`, () => {
      const W = attempt(draw, { call, lesson });
      expectClose(() => maxAbs(W), limit, { call: `the largest |w| of ${call}`, lesson, rtol: 0.005, atol: 0, misconceptions: bind(slips, { fanIn, fanOut }) });
      if (maxAbs(W) > limit) throw new Feedback(`${call} returned a weight of size ${maxAbs(W)}, outside the limit ${limit}.`, lesson);
      expectClose(() => variance(W), (limit * limit) / 3, { call: `the sample variance of ${call}`, lesson, rtol: 0.05, atol: 0 });
    });
  }
});

describe("07 · PyTorch's gains", () => {
  const lesson = `${slug}#gains`;
  test('linear and sigmoid 1, tanh 5/3, relu √2, selu 3/4', () => {
    for (const [name, gain] of [['linear', 1], ['conv1d', 1], ['conv2d', 1], ['sigmoid', 1], ['tanh', 5 / 3], ['relu', Math.SQRT2], ['selu', 3 / 4]] as [string, number][]) {
      expectClose(() => calculateGain(name), gain, { call: `calculateGain('${name}')`, lesson, rtol: 1e-12, atol: 0, misconceptions: bind(catalogue.calculateGain, { nonlinearity: name }) });
    }
  });
  test('leaky_relu: √(2/(1+a²)), with a = 0.01 by default (1.41414)', () => {
    expectClose(() => calculateGain('leaky_relu'), Math.sqrt(2 / 1.0001), { call: "calculateGain('leaky_relu')", lesson, rtol: 1e-12, atol: 0, misconceptions: bind(catalogue.calculateGain, { nonlinearity: 'leaky_relu' }) });
    for (const a of [0.2, 1, 0]) {
      expectClose(() => calculateGain('leaky_relu', a), Math.sqrt(2 / (1 + a * a)), { call: `calculateGain('leaky_relu', ${a})`, lesson, rtol: 1e-12, atol: 0, misconceptions: bind(catalogue.calculateGain, { nonlinearity: 'leaky_relu', param: a }) });
    }
  });
  test('an unknown name throws an Error naming it', () => {
    let thrown: unknown;
    let returned: unknown;
    try {
      returned = calculateGain('softmax');
    } catch (error) {
      thrown = error;
    }
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    if (thrown === undefined) throw new Feedback(`calculateGain('softmax') returned ${returned}; PyTorch has no gain for 'softmax', so it should throw an Error naming it.`, lesson);
    attempt(() => { if (message.startsWith('TODO')) throw thrown; }, { call: "calculateGain('softmax')", lesson });
    if (!message.includes('softmax')) throw new Feedback(`calculateGain('softmax') threw "${message}", but the message should name 'softmax'.`, lesson);
  });
});
