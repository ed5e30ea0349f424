// Public tests for unit 07's two experiments. Run: npm test -- 07
// `@impl/07-weight-init` is your exercises/07-weight-init/index.ts.
// The 30-layer runs are random: each band below holds for every seed of the course's reference
// engine (200 seeds at width 64, batch 16) with a wide margin, so any correct code passes it
// whatever order it draws its random numbers in. The training runs use fixed weights and are
// checked exactly, against numbers computed by the course's reference engine.
import { describe, test } from 'vitest';
import { activationStatsThroughDepth, heNormal, hiddenUnitSpread, lecunNormal, smallUniform, trainTwoLayerNet, xavierNormal } from '@impl/07-weight-init';
import { attempt, expectClose, Feedback, nameSlip } from '@course/testing';
import { bind } from '@course/misconceptions';
import * as catalogue from '@course/misconceptions/07-weight-init';
import { gaussian, seededRng } from '@course/random';
import type { Matrix } from '@course/types';

const slug = '07-weight-init';
type Rng = () => number;
type Init = (fanIn: number, fanOut: number, rng: Rng) => Matrix;

// The tests' own inits, so that these tests check the experiment, not your inits (the other file does).
const matrix = (n: number, m: number, draw: (i: number, j: number) => number): Matrix => Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => draw(i, j)));
const normalInit = (variance: (n: number, m: number) => number): Init => (n, m, rng) => matrix(n, m, () => gaussian(rng, 0, Math.sqrt(variance(n, m))));
const uniformInit = (lo: number, hi: number): Init => (n, m, rng) => matrix(n, m, () => lo + (hi - lo) * rng());
const constantInit = (c: number): Init => (n, m) => matrix(n, m, () => c);
const identityInit: Init = (n, m) => matrix(n, m, (i, j) => (i === j ? 1 : 0));
const He = normalInit((n) => 2 / n);
const LeCun = normalInit((n) => 1 / n);
const Xavier = normalInit((n, m) => 2 / (n + m));

const THIRTY = { depth: 30, width: 64, batch: 16 };
const last = (v: number[]) => v[v.length - 1]!;

function between(value: number, lo: number, hi: number, what: string, why: string, lesson = `${slug}#thirty-layers-deep`): void {
  if (value >= lo && value <= hi) return;
  throw new Feedback(`${what} is ${value}, but should lie between ${lo} and ${hi}: ${why}`, lesson);
}

describe('07 · activationStatsThroughDepth: the rules of the experiment', () => {
  const lesson = `${slug}#the-exercise`;
  test('depth numbers each, init called once per layer with (width, width, rng), the rng used', () => {
    const calls: string[] = [];
    const recording: Init = (n, m, rng) => {
      calls.push(`${n}x${m}${typeof rng === 'function' ? '' : ' without an rng'}`);
      return He(n, m, rng);
    };
    const call = "activationStatsThroughDepth(init, 'relu', { depth: 5, width: 8, batch: 4 }, rng)";
    const stats = attempt(() => activationStatsThroughDepth(recording, 'relu', { depth: 5, width: 8, batch: 4 }, seededRng(1)), { call, lesson });
    for (const key of ['rms', 'saturated'] as const) {
      const values = stats?.[key];
      if (!Array.isArray(values)) throw new Feedback(`${call} should return { rms, saturated }, two arrays, but ${key} is ${String(values)}.`, lesson);
      nameSlip(values, bind(catalogue.activationStatsThroughDepth, { depth: 5, rms: [] }), `${call}.${key} has ${values.length} numbers.`);
      if (values.length !== 5 || !values.every(Number.isFinite)) throw new Feedback(`${call}.${key} should hold 5 finite numbers (one per layer, first to last) but is [${values.join(', ')}].`, lesson);
    }
    if (calls.join() !== Array(5).fill('8x8').join()) throw new Feedback(`${call} called init as [${calls.join(', ')}]; it should draw a new 8x8 matrix for each of the 5 layers: init(8, 8, rng), 5 times.`, lesson);
    const again = activationStatsThroughDepth(He, 'relu', { depth: 5, width: 8, batch: 4 }, seededRng(1));
    const other = activationStatsThroughDepth(He, 'relu', { depth: 5, width: 8, batch: 4 }, seededRng(2));
    if (JSON.stringify(again) !== JSON.stringify(activationStatsThroughDepth(He, 'relu', { depth: 5, width: 8, batch: 4 }, seededRng(1)))) throw new Feedback(`${call} gave different results for two rngs with the same seed: draw X with gaussian(rng) from the rng argument (not Math.random).`, lesson);
    if (JSON.stringify(again) === JSON.stringify(other)) throw new Feedback(`${call} gave the same results for two different seeds: X must be drawn from the rng argument.`, lesson);
  });

  test('zero weights: a = 0 for relu and tanh, a = σ(0) = 0.5 for sigmoid, at every layer; nothing saturated', () => {
    const shape = { depth: 4, width: 6, batch: 3 };
    for (const [activation, a] of [['relu', 0], ['tanh', 0], ['sigmoid', 0.5]] as const) {
      const call = `activationStatsThroughDepth(zeros, '${activation}', { depth: 4, width: 6, batch: 3 }, rng)`;
      const stats = attempt(() => activationStatsThroughDepth(constantInit(0), activation, shape, seededRng(3)), { call, lesson });
      const right = [a, a, a, a];
      expectClose(() => stats.rms, right, { call: `${call}.rms`, lesson, rtol: 1e-12, atol: 1e-15, misconceptions: bind(catalogue.activationStatsThroughDepth, { depth: 4, rms: right, mean: right }) });
      expectClose(() => stats.saturated, [0, 0, 0, 0], { call: `${call}.saturated`, lesson, rtol: 0, atol: 0 });
    }
  });

  test('identity weights with relu: every layer keeps relu(X), whose RMS is about √(1/2) for standard-normal X', () => {
    const call = "activationStatsThroughDepth(identity, 'relu', { depth: 3, width: 64, batch: 16 }, rng)";
    for (const seed of [4, 5]) {
      const { rms } = attempt(() => activationStatsThroughDepth(identityInit, 'relu', { depth: 3, width: 64, batch: 16 }, seededRng(seed)), { call, lesson });
      expectClose(() => [rms[1], rms[2]], [rms[0], rms[0]], { call: `the RMS after layers 2 and 3 of ${call}`, lesson, rtol: 1e-12, atol: 0 });
      // E[relu(x)²] = 1/2 for x ~ N(0, 1); over 1024 values the RMS has a standard error of 0.025.
      between(rms[0]!, 0.6, 0.82, `The RMS after one identity layer of ${call}`, 'X should hold batch × width standard-normal draws, gaussian(rng), so relu(X) has RMS √(1/2) ≈ 0.71 (measured from 0, not from the mean).', lesson);
    }
  });

  test('tanh and sigmoid count their flat ends; an unknown activation throws, naming it', () => {
    // Weights 100·I: every |z| is 100|x|, so tanh saturates wherever |x| > 0.0265, sigmoid wherever |x| > 0.046.
    const big: Init = (n, m) => matrix(n, m, (i, j) => (i === j ? 100 : 0));
    for (const activation of ['tanh', 'sigmoid'] as const) {
      const call = `activationStatsThroughDepth(100·I, '${activation}', { depth: 1, width: 64, batch: 16 }, rng)`;
      const { saturated } = attempt(() => activationStatsThroughDepth(big, activation, { depth: 1, width: 64, batch: 16 }, seededRng(6)), { call, lesson });
      between(saturated[0]!, 0.9, 1, `${call}.saturated[0]`, activation === 'tanh' ? 'count the activations with |a| > 0.99.' : 'count the activations with a < 0.01 or a > 0.99 (both flat ends).', lesson);
    }
    let thrown: unknown;
    try {
      activationStatsThroughDepth(He, 'softplus' as 'relu', { depth: 2, width: 4, batch: 2 }, seededRng(7));
    } catch (error) {
      thrown = error;
    }
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    attempt(() => { if (message.startsWith('TODO')) throw thrown; }, { call: "activationStatsThroughDepth(init, 'softplus', …)", lesson });
    if (thrown === undefined || !message.includes('softplus')) throw new Feedback(`activationStatsThroughDepth(init, 'softplus', …) should throw an Error naming 'softplus'${thrown === undefined ? ', but it returned' : `, but threw "${message}"`}.`, lesson);
  });
});

describe('07 · thirty layers deep (width 64, batch 16)', () => {
  const run = (init: Init, activation: 'relu' | 'tanh' | 'sigmoid', seed: number, name: string) =>
    attempt(() => activationStatsThroughDepth(init, activation, THIRTY, seededRng(seed)), { call: `activationStatsThroughDepth(${name}, '${activation}', { depth: 30, width: 64, batch: 16 }, rng)`, lesson: `${slug}#thirty-layers-deep` });

  test('ReLU: He keeps the RMS of order 1; LeCun makes it collapse; the notes’ U[−0.5, 0.5] makes it explode', () => {
    for (const seed of [11]) {
      // The engine's runs: He 0.084–2.9, LeCun 2.6e−6–8.9e−5 (about 2^−15), U[−0.5, 0.5] 2.0e5–7.5e6.
      between(last(run(He, 'relu', seed, 'He').rms), 0.01, 30, 'The RMS after 30 ReLU layers with Var(w) = 2/n', 'He keeps E[a²] steady from layer to layer.');
      between(last(run(LeCun, 'relu', seed, 'LeCun').rms), 0, 1e-3, 'The RMS after 30 ReLU layers with Var(w) = 1/n', 'each ReLU layer halves the mean square, so it shrinks to about 2^−15.');
      between(last(run(uniformInit(-0.5, 0.5), 'relu', seed, 'U[−0.5, 0.5]').rms), 1e3, Infinity, 'The RMS after 30 ReLU layers with U[−0.5, 0.5]', 'Var(w) = 1/12 is 64/24 ≈ 2.7 times too large per layer at width 64, so it explodes.');
    }
  });

  test('tanh: Xavier stays unsaturated; U[−0.5, 0.5] saturates a share of the units; U[−0.01, 0.01] vanishes', () => {
    for (const seed of [13]) {
      // The engine's runs: Xavier RMS 0.075–0.18 with nothing saturated; U[−0.5, 0.5] 11–18% saturated; U[−0.01, 0.01] RMS ~1e−40.
      const xavier = run(Xavier, 'tanh', seed, 'Xavier');
      between(last(xavier.rms), 0.03, 0.5, 'The RMS after 30 tanh layers with Xavier', 'tanh squashes a little at every layer, so it shrinks slowly, to about 0.12.');
      between(last(xavier.saturated), 0, 0.02, 'The saturated fraction after 30 tanh layers with Xavier', 'Xavier keeps tanh in its responsive middle.');
      between(last(run(uniformInit(-0.5, 0.5), 'tanh', seed, 'U[−0.5, 0.5]').saturated), 0.04, 1, 'The saturated fraction after 30 tanh layers with U[−0.5, 0.5]', 'pre-activations with a standard deviation of about 2 push many units to ±1.');
      between(last(run(uniformInit(-0.01, 0.01), 'tanh', seed, 'U[−0.01, 0.01]').rms), 0, 1e-20, 'The RMS after 30 tanh layers with U[−0.01, 0.01]', 'weights far too small shrink the signal at every layer.');
    }
  });

  test("sigmoid with the notes' weights in [2, 5]: all positive, z grows, every unit saturates", () => {
    for (const seed of [15]) {
      const stats = run(uniformInit(2, 5), 'sigmoid', seed, 'U[2, 5]');
      // The engine's runs: from layer 3 on, 100% of the units are saturated, for every seed.
      between(last(stats.saturated), 0.99, 1, "The saturated fraction after 30 sigmoid layers with the notes' weights in [2, 5]", 'every input of a layer is positive and so is every weight, so z is large and σ(z) is 1.', `${slug}#the-notes-small-uniform-init`);
    }
  });

  test('your own inits: ReLU + your heNormal of order 1, ReLU + your lecunNormal collapses, tanh + your xavierNormal unsaturated, ReLU + your smallUniform explodes', () => {
    between(last(run(heNormal, 'relu', 21, 'heNormal').rms), 0.01, 30, 'The RMS after 30 ReLU layers with your heNormal', 'He keeps E[a²] steady (if this fails, check heNormal first: weight-init.test.ts).');
    between(last(run(lecunNormal, 'relu', 22, 'lecunNormal').rms), 0, 1e-3, 'The RMS after 30 ReLU layers with your lecunNormal', 'each ReLU layer halves the mean square.');
    between(last(run(xavierNormal, 'tanh', 23, 'xavierNormal').saturated), 0, 0.02, 'The saturated fraction after 30 tanh layers with your xavierNormal', 'Xavier keeps tanh unsaturated.');
    between(last(run((n, m, rng) => smallUniform(n, m, rng), 'relu', 24, 'smallUniform').rms), 1e3, Infinity, 'The RMS after 30 ReLU layers with your smallUniform', "the notes' U[−0.5, 0.5] is too large for a width of 64.");
  });
});

// XOR on ±1 inputs: one hidden unit cannot fit it, several different ones can.
const XOR = { X: [[-1, -1], [-1, 1], [1, -1], [1, 1]], Y: [0, 1, 1, 0] };

describe('07 · trainTwoLayerNet and hiddenUnitSpread: the symmetry check', () => {
  const lesson = `${slug}#zero-and-constant-init`;
  const fixed: Init = (n, m) => {
    if (n === 2 && m === 3) return [[0.3, -0.2, 0.1], [-0.4, 0.5, 0.2]];
    if (n === 3 && m === 1) return [[0.6], [-0.3], [0.2]];
    throw new Error(`the test's init was called with (${n}, ${m}); it expects (2, 3) for W1 and (3, 1) for W2`);
  };
  const config = { hidden: 3, activation: 'tanh' as const, steps: 10, lr: 1 };
  const call = "trainTwoLayerNet(fixed, XOR, { hidden: 3, activation: 'tanh', steps: 10, lr: 1 }, rng)";

  test('hiddenUnitSpread compares each column of W1 (a hidden unit) with the first', () => {
    const W1 = [[0.2, -0.1, 0.4], [0.5, 0.3, 0.9]];
    expectClose(() => hiddenUnitSpread({ W1 }), 0.4, { call: 'hiddenUnitSpread({ W1: [[0.2, −0.1, 0.4], [0.5, 0.3, 0.9]] })', lesson: `${slug}#the-exercise`, rtol: 1e-12, atol: 1e-15, misconceptions: bind(catalogue.hiddenUnitSpread, { W1 }) });
    expectClose(() => hiddenUnitSpread({ W1: [[0.7, 0.7], [-0.2, -0.2]] }), 0, { call: 'hiddenUnitSpread({ W1: [[0.7, 0.7], [−0.2, −0.2]] })', lesson: `${slug}#the-exercise`, rtol: 0, atol: 0, misconceptions: bind(catalogue.hiddenUnitSpread, { W1: [[0.7, 0.7], [-0.2, -0.2]] }) });
  });

  test('10 steps of gradient descent from fixed weights match the reference engine', () => {
    const { params, lossHistory } = attempt(() => trainTwoLayerNet(fixed, XOR, config, seededRng(1)), { call, lesson: `${slug}#the-exercise` });
    // From the course's reference engine (autodiff): the loss before each step and after the last.
    const losses = [0.7106093456, 0.7030399871, 0.698551318, 0.6955521201, 0.693328083, 0.6915151245, 0.6899009083, 0.6883436124, 0.6867352607, 0.6849832964, 0.6830003575];
    expectClose(() => lossHistory, losses, { call: `the lossHistory of ${call} (steps + 1 losses: before each step and after the last)`, lesson: `${slug}#the-exercise`, rtol: 1e-8, atol: 0 });
    expectClose(() => params.W1, [[0.3374392548, -0.1784448373, 0.02224019426], [-0.3799228225, 0.4477592596, 0.2965803016]], { call: `the trained W1 of ${call}`, lesson: `${slug}#the-exercise`, rtol: 1e-8, atol: 0 });
    const none = attempt(() => trainTwoLayerNet(fixed, XOR, { ...config, steps: 0 }, seededRng(1)), { call: call.replace('steps: 10', 'steps: 0'), lesson: `${slug}#the-exercise` });
    expectClose(() => none.lossHistory, [losses[0]!], { call: `the lossHistory of ${call.replace('steps: 10', 'steps: 0')}`, lesson: `${slug}#the-exercise`, rtol: 1e-8, atol: 0 });
    expectClose(() => none.params.b1, [0, 0, 0], { call: `b1 of ${call.replace('steps: 10', 'steps: 0')} (the biases start at 0)`, lesson: `${slug}#the-exercise`, rtol: 0, atol: 0 });
  });

  test('a constant init: every hidden unit gets the same gradient, so after 200 steps they are still copies (spread 0) and XOR is not learnt', () => {
    // (tanh and sigmoid: a ReLU net from a constant meets z = 0 exactly on XOR, where unit 04's rule for relu'(0) would matter)
    for (const activation of ['tanh', 'sigmoid'] as const) {
      const c = `trainTwoLayerNet(constant 0.5, XOR, { hidden: 8, activation: '${activation}', steps: 200, lr: 1 }, rng)`;
      const { params, lossHistory } = attempt(() => trainTwoLayerNet(constantInit(0.5), XOR, { hidden: 8, activation, steps: 200, lr: 1 }, seededRng(2)), { call: c, lesson });
      expectClose(() => hiddenUnitSpread(params), 0, { call: `hiddenUnitSpread of ${c}`, lesson, rtol: 0, atol: 1e-12, misconceptions: bind(catalogue.hiddenUnitSpread, { W1: params.W1 }) });
      // The engine: 0.517 (tanh) and 0.693 (sigmoid): eight copies are one unit, which cannot fit XOR.
      between(last(lossHistory), 0.4, 0.75, `The final loss of ${c}`, 'eight copies of one hidden unit are one unit, and one unit cannot fit XOR.', lesson);
    }
    const z = "trainTwoLayerNet(zeros, XOR, { hidden: 8, activation: 'tanh', steps: 50, lr: 1 }, rng)";
    const zero = attempt(() => trainTwoLayerNet(constantInit(0), XOR, { hidden: 8, activation: 'tanh', steps: 50, lr: 1 }, seededRng(3)), { call: z, lesson });
    expectClose(() => zero.lossHistory, Array(51).fill(Math.LN2), { call: `the lossHistory of ${z}`, lesson, rtol: 1e-9, atol: 0 });
  });

  test('a random init (your heNormal): the units differ, and XOR is learnt', () => {
    for (const seed of [31, 32]) {
      const c = "trainTwoLayerNet(heNormal, XOR, { hidden: 8, activation: 'tanh', steps: 200, lr: 1 }, rng)";
      const { params, lossHistory } = attempt(() => trainTwoLayerNet(heNormal, XOR, { hidden: 8, activation: 'tanh', steps: 200, lr: 1 }, seededRng(seed)), { call: c, lesson });
      // The engine over 200 seeds: spread at least 1.8, final loss at most 0.0104.
      between(hiddenUnitSpread(params), 0.5, Infinity, `hiddenUnitSpread of ${c}`, 'random weights start the units apart, and they get different gradients from then on.', lesson);
      between(last(lossHistory), 0, 0.1, `The final loss of ${c}`, 'eight different hidden units fit XOR.', lesson);
    }
  });
});
