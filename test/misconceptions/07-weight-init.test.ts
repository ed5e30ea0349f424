// Each misconception COURSE.md lists for unit 07, planted in an otherwise correct module, must be
// named by the hidden suite with a link to the lesson section that explains it. The checks are
// statistical, so the correct module must also pass them for many seeds and Gaussian samplers.
import { describe, expect, test } from 'vitest';
import { checks, makeChecks } from '../../grader/checks/07-weight-init.checks';
import { checkNamed, feedbackOf, type UnitModule } from '../../grader/checks/helpers';

import { boxMuller, correct, moduleWith, plants, polar, statsWith, twelveUniforms, type Rng, type Sampler } from './plants/07-weight-init';
import { experimentChecks } from '../../grader/checks/07-weight-init.experiments.checks';
import { activationStatsReference, hiddenUnitSpreadReference, mulberry32, randomTensor, trainTwoLayerReference, type DepthActivation } from '../../grader/engine/index';
import { namedOnBothSides } from '../support/both-sides';
import * as catalogue from '../../lib/misconceptions/07-weight-init';

namedOnBothSides({ slug: '07-weight-init', catalogue, checks, plantsModule: new URL('./plants/07-weight-init.ts', import.meta.url).pathname, correct, plants });

const lesson = (anchor: string) => `lessons/07-weight-init.md#${anchor}`;
const named = (name: string) => checkNamed(checks, name);
const experimentNames = new Set(experimentChecks(1).map((c) => c.name));
const isDeep = (name: string) => name.startsWith('a 30-layer');
const isExperiment = (name: string) => experimentNames.has(name);

function expectNamed(check: string, planted: UnitModule, misconception: string, anchor: string): void {
  const message = feedbackOf(named(check), planted);
  expect(message).toContain(`It looks like ${misconception}`);
  expect(message).toContain(lesson(anchor));
}

describe('07-weight-init: a correct module passes', () => {
  test('every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  // A wider sweep (100 seeds for each of the three samplers) passed when the bands were chosen; this
  // keeps a few seeds per sampler in the suite.
  test('the statistical checks for several seeds and three Gaussian samplers', () => {
    for (const [sampler, seeds] of [[polar, 5], [boxMuller, 5], [twelveUniforms, 3]] as [Sampler, number][]) {
      const impl = moduleWith(sampler);
      for (let seed = 1; seed <= seeds; seed++) {
        for (const check of makeChecks(seed).filter((c) => !isDeep(c.name) && !isExperiment(c.name))) expect(feedbackOf(check, impl), `seed ${seed}: ${check.name}`).toBeNull();
      }
    }
  });

  test('the 30-layer checks for 5 more seeds (they are slower; see DEEP_WIDTH for their margins)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      for (const check of makeChecks(seed).filter((c) => isDeep(c.name))) expect(feedbackOf(check, moduleWith(boxMuller)), `seed ${seed}: ${check.name}`).toBeNull();
    }
  });
});

describe("07-weight-init: the experiments' bands hold the engine's own runs", () => {
  test('the experiment checks pass for 4 more seeds, with the polar and the twelve-uniform samplers drawing X', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const impl = { ...correct, activationStatsThroughDepth: statsWith(seed % 2 ? polar : twelveUniforms) };
      for (const check of experimentChecks(seed)) expect(feedbackOf(check, impl), `seed ${seed}: ${check.name}`).toBeNull();
    }
  });

  // The bands of 07-weight-init.experiments.ts were set from 200 seeds of the engine; these are fresh ones.
  test('the reference engine over 12 fresh seeds lies inside every 30-layer band', () => {
    const normal = (v: (n: number, m: number) => number) => (n: number, m: number, rng: Rng) => randomTensor([n, m], rng, { scale: Math.sqrt(v(n, m)) }).toArray() as number[][];
    const uniform = (lo: number, hi: number) => (n: number, m: number, rng: Rng) => Array.from({ length: n }, () => Array.from({ length: m }, () => lo + (hi - lo) * rng()));
    const bands: [string, (n: number, m: number, rng: Rng) => number[][], DepthActivation, 'rms' | 'saturated', number, number][] = [
      ['ReLU + He', normal((n) => 2 / n), 'relu', 'rms', 0.01, 30],
      ['ReLU + LeCun', normal((n) => 1 / n), 'relu', 'rms', 0, 1e-3],
      ['ReLU + U[±0.5]', uniform(-0.5, 0.5), 'relu', 'rms', 1e3, Infinity],
      ['tanh + Xavier', normal((n, m) => 2 / (n + m)), 'tanh', 'rms', 0.03, 0.5],
      ['tanh + Xavier', normal((n, m) => 2 / (n + m)), 'tanh', 'saturated', 0, 0.02],
      ['tanh + U[±0.5]', uniform(-0.5, 0.5), 'tanh', 'saturated', 0.04, 1],
      ['tanh + U[±0.01]', uniform(-0.01, 0.01), 'tanh', 'rms', 0, 1e-20],
      ['sigmoid + U[2, 5]', uniform(2, 5), 'sigmoid', 'saturated', 0.99, 1],
    ];
    for (let seed = 9001; seed <= 9012; seed++) {
      for (const [name, init, activation, key, lo, hi] of bands) {
        const value = activationStatsReference(init, activation, { depth: 30, width: 64, batch: 16 }, mulberry32(seed))[key].at(-1)!;
        expect(value >= lo && value <= hi, `${name} ${key} ${value} (seed ${seed})`).toBe(true);
      }
      const identity = activationStatsReference((n, m) => Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => (i === j ? 1 : 0))), 'relu', { depth: 1, width: 64, batch: 16 }, mulberry32(seed));
      expect(identity.rms[0]).toBeGreaterThan(0.6);
      expect(identity.rms[0]).toBeLessThan(0.82);
    }
  });

  test('the reference engine over 12 fresh seeds lies inside the symmetry bands (He on XOR: spread above 0.5, loss below 0.1)', () => {
    const XOR = { X: [[-1, -1], [-1, 1], [1, -1], [1, 1]], Y: [0, 1, 1, 0] };
    for (let seed = 9001; seed <= 9012; seed++) {
      const rng = mulberry32(seed);
      const W1 = randomTensor([2, 8], rng, { scale: 1 }).toArray() as number[][];
      const W2 = randomTensor([8, 1], rng, { scale: Math.sqrt(2 / 8) }).toArray() as number[][];
      const { params, lossHistory } = trainTwoLayerReference(W1, W2, XOR, 'tanh', 200, 1);
      expect(hiddenUnitSpreadReference(params)).toBeGreaterThan(0.5);
      expect(lossHistory.at(-1)!).toBeLessThan(0.1);
    }
    const constant = (n: number, m: number) => Array.from({ length: n }, () => Array<number>(m).fill(0.5));
    const copies = trainTwoLayerReference(constant(2, 8), constant(8, 1), XOR, 'tanh', 200, 1);
    expect(hiddenUnitSpreadReference(copies.params)).toBe(0);
    expect(copies.lossHistory.at(-1)!).toBeGreaterThan(0.4);
  });
});

describe('07-weight-init misconceptions are named', () => {
  const heCheck = 'heNormal: sample mean ≈ 0 and variance within 5% of 2/fanIn on 256×256, 480×136 and 136×480';
  const lecunCheck = 'lecunNormal: sample mean ≈ 0 and variance within 5% of 1/fanIn on 256×256, 480×136 and 136×480';
  const xavierCheck = 'xavierNormal: sample mean ≈ 0 and variance within 5% of 2/(fanIn + fanOut) on 256×256, 480×136 and 136×480';
  const heUniformCheck = 'heUniform: every weight within ±√(6/fanIn), the limit reached, mean ≈ 0 and variance limit²/3';
  const xavierUniformCheck = 'xavierUniform: every weight within ±√(6/(fanIn + fanOut)), the limit reached, mean ≈ 0 and variance limit²/3';
  const gaussianWithStd = (std: (n: number, m: number) => number) => (n: number, m: number, rng: Rng) =>
    Array.from({ length: n }, () => Array.from({ length: m }, () => std(n, m) * polar(rng)));
  const uniformWithLimit = (limit: (n: number, m: number) => number) => (n: number, m: number, rng: Rng) =>
    Array.from({ length: n }, () => Array.from({ length: m }, () => limit(n, m) * (2 * rng() - 1)));

  test('std = 2/n instead of √(2/n) (variance vs std)', () => {
    expectNamed(heCheck, { ...correct, heNormal: gaussianWithStd((n) => 2 / n) }, 'the variance used as the standard deviation (std = 2/n instead of √(2/n))', 'the-variance-used-as-the-standard-deviation');
    expectNamed(lecunCheck, { ...correct, lecunNormal: gaussianWithStd((n) => 1 / n) }, 'the variance used as the standard deviation', 'the-variance-used-as-the-standard-deviation');
    expectNamed(xavierCheck, { ...correct, xavierNormal: gaussianWithStd((n, m) => 2 / (n + m)) }, 'the variance used as the standard deviation', 'the-variance-used-as-the-standard-deviation');
  });

  test('fan_out instead of fan_in for He and LeCun', () => {
    expectNamed(heCheck, { ...correct, heNormal: gaussianWithStd((_, m) => Math.sqrt(2 / m)) }, 'fan_out instead of fan_in', 'fan-out-instead-of-fan-in');
    expectNamed(lecunCheck, { ...correct, lecunNormal: gaussianWithStd((_, m) => Math.sqrt(1 / m)) }, 'fan_out instead of fan_in', 'fan-out-instead-of-fan-in');
    expectNamed(heUniformCheck, { ...correct, heUniform: uniformWithLimit((_, m) => Math.sqrt(6 / m)) }, 'the limit √(6/fan_out): fan_out instead of fan_in', 'fan-out-instead-of-fan-in');
  });

  test('uniform limits of the √(3/n) kind', () => {
    expectNamed(heUniformCheck, { ...correct, heUniform: uniformWithLimit((n) => Math.sqrt(3 / n)) }, 'the limit √(3/n_in) instead of √(6/n_in)', 'a-uniform-limit-that-misses-the-variance');
    expectNamed(heUniformCheck, { ...correct, heUniform: uniformWithLimit((n) => Math.sqrt(2 / n)) }, 'the standard deviation √(2/n_in) used as the uniform limit', 'a-uniform-limit-that-misses-the-variance');
    expectNamed(xavierUniformCheck, { ...correct, xavierUniform: uniformWithLimit((n, m) => Math.sqrt(3 / (n + m))) }, 'the limit √(3/(n_in + n_out)) instead of √(6/(n_in + n_out))', 'a-uniform-limit-that-misses-the-variance');
    expectNamed(xavierUniformCheck, { ...correct, xavierUniform: uniformWithLimit((n) => Math.sqrt(3 / n)) }, 'the limit √(3/n_in): LeCun uniform called Xavier', 'calling-1n-xavier');
  });

  test('√(1/n) called Xavier (it is LeCun)', () => {
    expectNamed(xavierCheck, { ...correct, xavierNormal: gaussianWithStd((n) => Math.sqrt(1 / n)) }, '√(1/n) called Xavier: that is LeCun initialization', 'calling-1n-xavier');
  });

  test('the other named slips: no negative weights, half-width uniform, ReLU gain 2, a default leaky slope of 0', () => {
    const smallCheck = "smallUniform draws from the notes' U[−0.5, 0.5] by default (mixed signs, variance 1/12), and from U[−limit, limit]";
    expectNamed(smallCheck, { ...correct, smallUniform: (n: number, m: number, rng: Rng, limit = 0.5) => uniformWithLimit(() => limit / 2)(n, m, rng).map((r) => r.map(Math.abs)) }, 'U(0, limit) instead of U(−limit, limit)', 'no-negative-weights-or-half-the-range');
    expectNamed(smallCheck, { ...correct, smallUniform: (n: number, m: number, rng: Rng, limit = 0.5) => uniformWithLimit(() => limit / 2)(n, m, rng) }, '(rng() − 0.5)·limit', 'no-negative-weights-or-half-the-range');
    const gainCheck = "calculateGain matches PyTorch's calculate_gain: linear, conv, sigmoid 1, tanh 5/3, relu √2, selu 3/4";
    expectNamed(gainCheck, { ...correct, calculateGain: (name: string, p?: number) => (name === 'relu' ? 2 : correct.calculateGain(name, p)) }, 'the variance factor 2 instead of the gain √2', 'the-gain-of-relu-as-2');
    const leakyCheck = "calculateGain('leaky_relu', a) is √(2/(1+a²)) with a = 0.01 by default; an unknown name throws, naming it";
    expectNamed(leakyCheck, { ...correct, calculateGain: (name: string, p?: number) => correct.calculateGain(name, p ?? 0) }, 'a default negative slope of 0', 'gains');
    expect(feedbackOf(named(leakyCheck), { ...correct, calculateGain: (name: string, p?: number) => (name === 'softmax' ? 1 : correct.calculateGain(name, p)) })).toContain("PyTorch has no gain for 'softmax'");
  });

  test('Math.random instead of the rng, and a uniform draw where a normal one belongs', () => {
    const unseeded = { ...correct, heNormal: (n: number, m: number) => gaussianWithStd((k) => Math.sqrt(2 / k))(n, m, Math.random) };
    expect(feedbackOf(named('every init draws its weights from the rng it is given'), unseeded)).toContain('not Math.random');
    const uniformHe = { ...correct, heNormal: uniformWithLimit((n) => Math.sqrt(6 / n)) };
    expect(feedbackOf(named('the normal inits are normal: about 4.6% of the weights lie beyond 2 standard deviations'), uniformHe)).toContain('what a uniform distribution gives');
  });

  test('the deep-net checks catch a mismatched init', () => {
    const lecunAsHe = { ...correct, heNormal: correct.lecunNormal };
    expect(feedbackOf(named('a 30-layer ReLU net keeps its activation RMS of order 1 only with heNormal (Xavier vanishes, U[−0.5, 0.5] explodes)'), lecunAsHe)).toContain('with your heNormal weights');
    const heAsXavier = { ...correct, xavierNormal: correct.heNormal };
    expect(feedbackOf(named('a 30-layer tanh net: xavierNormal keeps the activations unsaturated and of order 0.1, U[−0.5, 0.5] saturates them'), heAsXavier)).toContain('with your xavierNormal weights');
  });

  test('a transposed matrix is reported with its shape', () => {
    const transposed = { ...correct, xavierUniform: (n: number, m: number, rng: Rng) => correct.xavierUniform(m, n, rng) };
    expect(feedbackOf(named('every init returns a fanIn × fanOut matrix of finite numbers'), transposed)).toContain('It looks transposed');
  });

  test('a missing export is reported by name', () => {
    const { heUniform: _omitted, ...partial } = correct;
    expect(feedbackOf(named(heUniformCheck), partial)).toContain('must export a function named `heUniform`');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, smallUniform: () => { throw new Error('TODO: write smallUniform(fanIn, fanOut, rng, limit)'); } };
    expect(feedbackOf(checks[0]!, stub)).toMatch(/^smallUniform\(.*\) is not written yet: TODO/);
  });
});
