/**
 * Hidden checks for unit 07's two experiments (part of the suite in 07-weight-init.checks.ts).
 *
 * activationStatsThroughDepth is run with the checks' own inits, so a slip in the learner's inits
 * is not charged twice (the inits have their own checks). Exact checks where the answer does not
 * depend on the random input (zero weights, identity weights); the 30-layer runs are statistical,
 * with bands taken from the reference engine (activationStatsReference) over 200 seeds at width 64,
 * batch 16, depth 30, with a wide margin (test/misconceptions/07-weight-init.test.ts re-runs the
 * engine over fresh seeds inside the bands):
 *   ReLU + He:      final RMS 0.084–2.9 (log10 sd 0.31)    → band [0.01, 30], 5.4 sd from either end
 *   ReLU + LeCun:   2.6e−6–8.9e−5 (log10 sd 0.31)          → below 1e−3, 5.6 sd
 *   ReLU + U[±0.5]: 2.0e5–7.5e6 (log10 sd 0.28)            → above 1e3, 11 sd
 *   tanh + Xavier:  RMS 0.075–0.18 (log10 sd 0.07), saturated 0 → RMS [0.03, 0.5], saturated ≤ 0.02
 *   tanh + U[±0.5]: saturated 0.11–0.18                    → at least 0.04
 *   tanh + U[±0.01]: RMS ~1e−40                            → below 1e−20
 *   sigmoid + U[2, 5] (the notes' weights): 100% saturated from layer 3 on → at least 0.99
 * trainTwoLayerNet is checked exactly against the engine (trainTwoLayerReference, autodiff) from
 * fixed weights; the symmetry runs on XOR have bands from the engine too (constant 0.5 init: final
 * loss 0.517 tanh, 0.693 sigmoid, spread exactly 0; He init over 200 seeds: spread ≥ 1.8, loss ≤ 0.0104).
 */
import { activationStatsReference, hiddenUnitSpreadReference, mulberry32, randomTensor, trainTwoLayerReference, type DepthActivation } from '../engine/index';
import { describe as show } from '../../lib/compare';
import { attempt, Feedback, nameSlip } from '../../lib/testing';
import { bind } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/07-weight-init';
import { expectAnswer, exported, judge, type HiddenCheck } from './helpers';

const slug = '07-weight-init';
type Matrix = number[][];
type Rng = () => number;
type Init = (fanIn: number, fanOut: number, rng: Rng) => Matrix;
type Shape = { depth: number; width: number; batch: number };
type Stats = { rms: number[]; saturated: number[] };
type Stats07 = (init: Init, activation: DepthActivation, shape: Shape, rng: Rng) => Stats;
type Params = { W1: Matrix; b1: number[]; W2: Matrix; b2: number[] };
type Train = (init: Init, data: { X: Matrix; Y: number[] }, config: { hidden: number; activation: string; steps: number; lr: number }, rng: Rng) => { params: Params; lossHistory: number[] };
type Spread = (params: { W1: Matrix }) => number;

const EXERCISE = `${slug}#the-exercise`;
const DEEP = `${slug}#thirty-layers-deep`;
const SYMMETRY = `${slug}#zero-and-constant-init`;

// The checks' own inits (engine-drawn normals; uniforms straight from the rng).
const matrix = (n: number, m: number, draw: (i: number, j: number) => number): Matrix => Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => draw(i, j)));
const normalInit = (variance: (n: number, m: number) => number): Init => (n, m, rng) => randomTensor([n, m], rng, { scale: Math.sqrt(variance(n, m)) }).toArray() as Matrix;
const uniformInit = (lo: number, hi: number): Init => (n, m, rng) => matrix(n, m, () => lo + (hi - lo) * rng());
const constantInit = (c: number): Init => (n, m) => matrix(n, m, () => c);
const He = normalInit((n) => 2 / n);
const LeCun = normalInit((n) => 1 / n);
const Xavier = normalInit((n, m) => 2 / (n + m));
const THIRTY: Shape = { depth: 30, width: 64, batch: 16 };
const last = (v: number[]) => v[v.length - 1]!;
const XOR = { X: [[-1, -1], [-1, 1], [1, -1], [1, 1]], Y: [0, 1, 1, 0] };

function between(value: number, [lo, hi]: [number, number], what: string, why: string, lesson = DEEP): void {
  if (value >= lo && value <= hi) return;
  throw new Feedback(`${what} is ${show(value)}, but should lie between ${show(lo)} and ${show(hi)}: ${why}`, lesson);
}

const shapeText = ({ depth, width, batch }: Shape) => `{ depth: ${depth}, width: ${width}, batch: ${batch} }`;

/** Run the learner's experiment and check it returned { rms, saturated } of `depth` finite numbers each. */
function runStats(stats: Stats07, init: Init, initName: string, activation: DepthActivation, shape: Shape, rng: Rng, lesson: string): Stats {
  const call = `activationStatsThroughDepth(${initName}, '${activation}', ${shapeText(shape)}, rng)`;
  const result = attempt(() => stats(init, activation, shape, rng), { call, lesson });
  for (const key of ['rms', 'saturated'] as const) {
    const values = (result as Partial<Stats> | undefined)?.[key];
    if (!Array.isArray(values)) throw new Feedback(`${call} should return { rms, saturated }, two arrays of ${shape.depth} numbers, but ${key} is ${show(values)}.`, EXERCISE);
    nameSlip(values, bind(catalogue.activationStatsThroughDepth, { depth: shape.depth, rms: [] }), `${call}.${key} has ${values.length} numbers.`);
    if (values.length !== shape.depth || !values.every((v) => typeof v === 'number' && !Number.isNaN(v))) {
      throw new Feedback(`${call}.${key} should hold ${shape.depth} numbers (one per layer, first to last) but is ${show(values)}.`, EXERCISE);
    }
  }
  return result;
}

function throwsNaming(compute: () => unknown, call: string, name: string, lesson: string): void {
  let thrown: unknown;
  try {
    compute();
  } catch (error) {
    thrown = error;
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  if (thrown === undefined) throw new Feedback(`${call} returned normally; it should throw an Error naming ${name}.`, lesson);
  if (message.startsWith('TODO')) attempt(() => { throw thrown; }, { call, lesson });
  if (!message.includes(name)) throw new Feedback(`${call} threw "${message}", but the message should name ${name}.`, lesson);
}

export function experimentChecks(seed: number): HiddenCheck[] {
  const rngFor = (k: number): Rng => mulberry32(Math.floor(mulberry32(seed * 7919 + 500 + k)() * 2 ** 32));
  return [
    {
      name: 'activationStatsThroughDepth returns depth numbers per statistic, calls init(width, width, rng) once per layer, and draws X from the rng',
      run(impl) {
        const stats = exported<Stats07>(impl, 'activationStatsThroughDepth', slug);
        const shape = { depth: 4, width: 10, batch: 3 };
        const calls: string[] = [];
        const recording: Init = (n, m, rng) => {
          calls.push(`${n}x${m}${typeof rng === 'function' ? '' : ' (no rng)'}`);
          return He(n, m, rng);
        };
        runStats(stats, recording, 'init', 'tanh', shape, rngFor(1), EXERCISE);
        if (calls.join() !== Array(4).fill('10x10').join()) {
          throw new Feedback(`activationStatsThroughDepth(init, 'tanh', ${shapeText(shape)}, rng) called init as [${calls.join(', ')}]; each of the 4 layers draws its own weights, init(10, 10, rng).`, EXERCISE);
        }
        const s = 2000 + seed;
        const first = JSON.stringify(runStats(stats, He, 'He', 'tanh', shape, mulberry32(s), EXERCISE));
        if (JSON.stringify(runStats(stats, He, 'He', 'tanh', shape, mulberry32(s), EXERCISE)) !== first) {
          throw new Feedback('activationStatsThroughDepth gave different results for two rngs with the same seed: draw X with gaussian(rng) from the rng argument (not Math.random).', EXERCISE);
        }
        if (JSON.stringify(runStats(stats, constantInit(0.1), 'constant 0.1', 'tanh', shape, mulberry32(s + 1), EXERCISE)) === JSON.stringify(runStats(stats, constantInit(0.1), 'constant 0.1', 'tanh', shape, mulberry32(s + 2), EXERCISE))) {
          throw new Feedback('activationStatsThroughDepth gave the same results for two seeds with the same (constant) weights: the input X must be drawn from the rng argument.', EXERCISE);
        }
      },
    },
    {
      name: 'activationStatsThroughDepth with zero weights: RMS 0 for relu and tanh, 0.5 for sigmoid, at every layer; nothing saturated',
      run(impl) {
        const stats = exported<Stats07>(impl, 'activationStatsThroughDepth', slug);
        const shape = { depth: 5, width: 7, batch: 4 };
        for (const activation of ['sigmoid', 'relu', 'tanh'] as const) {
          const call = `activationStatsThroughDepth(zeros, '${activation}', ${shapeText(shape)}, rng)`;
          const expected = activationStatsReference(constantInit(0), activation, shape, rngFor(2));
          const result = attempt(() => stats(constantInit(0), activation, shape, rngFor(3)), { call, lesson: EXERCISE });
          const mean = expected.rms; // every activation is the same number, so its mean is its RMS
          judge(result?.rms, { call: `${call}.rms`, expected: expected.rms, lesson: EXERCISE, rtol: 1e-12, atol: 1e-15, misconceptions: bind(catalogue.activationStatsThroughDepth, { depth: shape.depth, rms: expected.rms, mean }) });
          judge(result?.saturated, { call: `${call}.saturated`, expected: expected.saturated, lesson: EXERCISE, rtol: 0, atol: 0, misconceptions: bind(catalogue.activationStatsThroughDepth, { depth: shape.depth, rms: expected.saturated }) });
        }
      },
    },
    {
      name: 'activationStatsThroughDepth with identity weights and relu keeps relu(X): the same RMS at every layer, about √(1/2) for standard-normal X',
      run(impl) {
        const stats = exported<Stats07>(impl, 'activationStatsThroughDepth', slug);
        const identity: Init = (n, m) => matrix(n, m, (i, j) => (i === j ? 1 : 0));
        for (const k of [4, 5]) {
          const { rms } = runStats(stats, identity, 'identity', 'relu', { depth: 3, width: 64, batch: 16 }, rngFor(k), EXERCISE);
          judge([rms[1], rms[2]], { call: "the RMS after layers 2 and 3 of activationStatsThroughDepth(identity, 'relu', …)", expected: [rms[0]!, rms[0]!], expectedIs: 'but relu(relu(x)) = relu(x), so both should equal the first layer\'s', lesson: EXERCISE, rtol: 1e-12, atol: 0 });
          // E[relu(x)²] = 1/2 for x ~ N(0, 1); the engine's 1024-value runs give 0.62–0.79 over 200 seeds.
          between(rms[0]!, [0.6, 0.82], "The RMS after one identity ReLU layer (width 64, batch 16)", 'X should hold batch × width standard-normal draws, gaussian(rng), and relu(X) then has RMS √(1/2) ≈ 0.71 (measured from 0, not from the mean).', EXERCISE);
        }
      },
    },
    {
      name: 'activationStatsThroughDepth counts both flat ends of tanh and sigmoid, none for relu; an unknown activation or a bad depth throws, naming it',
      run(impl) {
        const stats = exported<Stats07>(impl, 'activationStatsThroughDepth', slug);
        // Weights 100·I: |z| = 100|x|, so tanh saturates wherever |x| > 0.0265 and sigmoid wherever |x| > 0.046 (about 98% and 96%).
        const big: Init = (n, m) => matrix(n, m, (i, j) => (i === j ? 100 : 0));
        for (const activation of ['tanh', 'sigmoid'] as const) {
          const { saturated } = runStats(stats, big, '100·I', activation, { depth: 1, width: 64, batch: 16 }, rngFor(6), EXERCISE);
          between(saturated[0]!, [0.9, 1], `activationStatsThroughDepth(100·I, '${activation}', …).saturated[0]`, activation === 'tanh' ? 'count the activations with |a| > 0.99.' : 'count the activations with a < 0.01 or a > 0.99: both flat ends.', EXERCISE);
        }
        const { saturated } = runStats(stats, big, '100·I', 'relu', { depth: 2, width: 8, batch: 4 }, rngFor(7), EXERCISE);
        judge(saturated, { call: "activationStatsThroughDepth(100·I, 'relu', …).saturated", expected: [0, 0], lesson: EXERCISE, rtol: 0, atol: 0 });
        throwsNaming(() => stats(He, 'softplus' as DepthActivation, { depth: 2, width: 4, batch: 2 }, rngFor(8)), "activationStatsThroughDepth(init, 'softplus', …)", 'softplus', EXERCISE);
        throwsNaming(() => stats(He, 'relu', { depth: 0, width: 4, batch: 2 }, rngFor(9)), "activationStatsThroughDepth(init, 'relu', { depth: 0, … })", 'depth', EXERCISE);
      },
    },
    {
      name: "30 ReLU layers of width 64 in your experiment: He keeps the RMS of order 1, LeCun's 1/n makes it collapse, the notes' U[−0.5, 0.5] makes it explode",
      run(impl) {
        const stats = exported<Stats07>(impl, 'activationStatsThroughDepth', slug);
        const rms = (init: Init, name: string, k: number) => last(runStats(stats, init, name, 'relu', THIRTY, rngFor(k), DEEP).rms);
        between(rms(He, 'He', 10), [0.01, 30], 'The RMS after 30 ReLU layers with Var(w) = 2/n', 'He keeps E[a²] steady from layer to layer (the engine: 0.08–2.9).');
        between(rms(LeCun, 'LeCun', 11), [0, 1e-3], 'The RMS after 30 ReLU layers with Var(w) = 1/n', 'each ReLU layer halves the mean square, so it shrinks to about 2^−15 ≈ 3e−5.');
        between(rms(uniformInit(-0.5, 0.5), 'U[−0.5, 0.5]', 12), [1e3, Infinity], 'The RMS after 30 ReLU layers with U[−0.5, 0.5]', 'Var(w) = 1/12 makes each layer multiply the RMS by about √(64/24) ≈ 1.6.');
      },
    },
    {
      name: '30 tanh layers of width 64 in your experiment: Xavier stays unsaturated, U[−0.5, 0.5] saturates units, U[−0.01, 0.01] vanishes',
      run(impl) {
        const stats = exported<Stats07>(impl, 'activationStatsThroughDepth', slug);
        const xavier = runStats(stats, Xavier, 'Xavier', 'tanh', THIRTY, rngFor(20), DEEP);
        between(last(xavier.rms), [0.03, 0.5], 'The RMS after 30 tanh layers with Xavier', 'tanh squashes a little at each layer, so it shrinks slowly (the engine: 0.075–0.18).');
        between(last(xavier.saturated), [0, 0.02], 'The saturated fraction (|a| > 0.99) after 30 tanh layers with Xavier', 'Xavier keeps tanh in its responsive middle.');
        between(last(runStats(stats, uniformInit(-0.5, 0.5), 'U[−0.5, 0.5]', 'tanh', THIRTY, rngFor(21), DEEP).saturated), [0.04, 1], 'The saturated fraction after 30 tanh layers with U[−0.5, 0.5]', 'pre-activations with a standard deviation of about 2 push many units to ±1 (the engine: 11–18%).');
        between(last(runStats(stats, uniformInit(-0.01, 0.01), 'U[−0.01, 0.01]', 'tanh', THIRTY, rngFor(22), DEEP).rms), [0, 1e-20], 'The RMS after 30 tanh layers with U[−0.01, 0.01]', 'weights far too small shrink the signal at every layer (the engine: about 1e−40).');
      },
    },
    {
      name: "30 sigmoid layers with the notes' weights in [2, 5]: all positive, so z grows and every unit saturates",
      run(impl) {
        const stats = exported<Stats07>(impl, 'activationStatsThroughDepth', slug);
        const run = runStats(stats, uniformInit(2, 5), 'U[2, 5]', 'sigmoid', THIRTY, rngFor(30), `${slug}#the-notes-small-uniform-init`);
        between(last(run.saturated), [0.99, 1], "The saturated fraction (a < 0.01 or a > 0.99) after 30 sigmoid layers with weights in [2, 5]", 'every input of a layer is positive and so is every weight: z is large and σ(z) is 1 (the engine: 100% from layer 3 on).', `${slug}#the-notes-small-uniform-init`);
      },
    },
    {
      name: 'hiddenUnitSpread is the largest |W1[i][j] − W1[i][0]|: each hidden unit (a column of W1) against the first',
      run(impl) {
        const spread = exported<Spread>(impl, 'hiddenUnitSpread', slug);
        for (const [n, h, k] of [[3, 4, 40], [5, 2, 41]] as const) {
          const W1 = randomTensor([n, h], rngFor(k)).toArray() as Matrix;
          expectAnswer(() => spread({ W1 }), { call: `hiddenUnitSpread({ W1: ${n}x${h} }) with W1 = ${show(W1)}`, expected: hiddenUnitSpreadReference({ W1 }), lesson: EXERCISE, rtol: 1e-12, atol: 1e-15, misconceptions: bind(catalogue.hiddenUnitSpread, { W1 }) });
        }
        const copies = [[0.3, 0.3, 0.3], [-1.2, -1.2, -1.2]];
        expectAnswer(() => spread({ W1: copies }), { call: 'hiddenUnitSpread({ W1: [[0.3, 0.3, 0.3], [−1.2, −1.2, −1.2]] }) (three copies of one unit)', expected: 0, lesson: EXERCISE, rtol: 0, atol: 0, misconceptions: bind(catalogue.hiddenUnitSpread, { W1: copies }) });
      },
    },
    {
      name: "trainTwoLayerNet from fixed weights matches the reference engine's gradient descent (sigmoid and relu, 8 steps), drawing W1 then W2 from init",
      run(impl) {
        const train = exported<Train>(impl, 'trainTwoLayerNet', slug);
        const rng = rngFor(50);
        const W1 = randomTensor([3, 4], rng, { scale: 0.7 }).toArray() as Matrix;
        const W2 = randomTensor([4, 1], rng, { scale: 0.7 }).toArray() as Matrix;
        const X = randomTensor([6, 3], rng).toArray() as Matrix;
        const Y = X.map(() => (rng() < 0.5 ? 0 : 1));
        Y[0] = 0;
        Y[1] = 1;
        const calls: string[] = [];
        const fixed: Init = (n, m) => {
          calls.push(`${n}x${m}`);
          if (n === 3 && m === 4) return W1.map((r) => [...r]);
          if (n === 4 && m === 1) return W2.map((r) => [...r]);
          throw new Error(`init was called with (${n}, ${m}); W1 is init(nIn, hidden) = init(3, 4), W2 is init(hidden, 1) = init(4, 1)`);
        };
        for (const activation of ['sigmoid', 'relu'] as const) {
          calls.length = 0;
          const config = { hidden: 4, activation, steps: 8, lr: 0.5 };
          const call = `trainTwoLayerNet(fixed, data (6 examples, 3 features), { hidden: 4, activation: '${activation}', steps: 8, lr: 0.5 }, rng)`;
          const got = attempt(() => train(fixed, { X, Y }, config, rngFor(51)), { call, lesson: EXERCISE });
          if (calls.join() !== '3x4,4x1') throw new Feedback(`${call} called init as [${calls.join(', ')}]; it should call init(3, 4, rng) for W1, then init(4, 1, rng) for W2.`, EXERCISE);
          const want = trainTwoLayerReference(W1, W2, { X, Y }, activation, 8, 0.5);
          judge(got?.lossHistory, { call: `the lossHistory of ${call} (the loss before each step and after the last: 9 numbers)`, expected: want.lossHistory, lesson: EXERCISE, rtol: 1e-7, atol: 1e-12 });
          for (const key of ['W1', 'b1', 'W2', 'b2'] as const) {
            judge(got?.params?.[key], { call: `the trained ${key} of ${call}`, expected: want.params[key], lesson: EXERCISE, rtol: 1e-7, atol: 1e-12 });
          }
        }
      },
    },
    {
      name: 'the symmetry check: from a constant init every hidden unit gets the same gradient, so they stay copies (spread 0) and XOR is not learnt; zero weights keep the loss at ln 2',
      run(impl) {
        const train = exported<Train>(impl, 'trainTwoLayerNet', slug);
        const spread = exported<Spread>(impl, 'hiddenUnitSpread', slug);
        // Not relu: from a constant, z = 0 exactly on XOR, where relu'(0) is unit 09's rule, not this unit's.
        for (const [activation, c] of [['tanh', 0.5], ['sigmoid', 0.3]] as const) {
          const call = `trainTwoLayerNet(constant ${c}, XOR, { hidden: 6, activation: '${activation}', steps: 100, lr: 1 }, rng)`;
          const { params, lossHistory } = attempt(() => train(constantInit(c), XOR, { hidden: 6, activation, steps: 100, lr: 1 }, rngFor(60)), { call, lesson: SYMMETRY });
          const want = trainTwoLayerReference(constantInit(c)(2, 6, rngFor(0)), constantInit(c)(6, 1, rngFor(0)), XOR, activation, 100, 1);
          expectAnswer(() => spread(params), { call: `hiddenUnitSpread of ${call}`, expected: 0, lesson: SYMMETRY, rtol: 0, atol: 1e-12, misconceptions: bind(catalogue.hiddenUnitSpread, { W1: params.W1 }) });
          judge(last(lossHistory), { call: `the final loss of ${call}`, expected: last(want.lossHistory), expectedIs: 'but the reference engine, whose six units stay copies too, ends at', lesson: SYMMETRY, rtol: 1e-6, atol: 0 });
        }
        const call = "trainTwoLayerNet(zeros, XOR, { hidden: 6, activation: 'tanh', steps: 40, lr: 1 }, rng)";
        const zero = attempt(() => train(constantInit(0), XOR, { hidden: 6, activation: 'tanh', steps: 40, lr: 1 }, rngFor(61)), { call, lesson: SYMMETRY });
        judge(zero.lossHistory, { call: `the lossHistory of ${call}`, expected: Array(41).fill(Math.LN2), lesson: SYMMETRY, rtol: 1e-9, atol: 0 });
      },
    },
    {
      name: 'the symmetry check: from a random (He) init the hidden units differ and XOR is learnt',
      run(impl) {
        const train = exported<Train>(impl, 'trainTwoLayerNet', slug);
        const spread = exported<Spread>(impl, 'hiddenUnitSpread', slug);
        const call = "trainTwoLayerNet(He, XOR, { hidden: 8, activation: 'tanh', steps: 200, lr: 1 }, rng)";
        const { params, lossHistory } = attempt(() => train(He, XOR, { hidden: 8, activation: 'tanh', steps: 200, lr: 1 }, rngFor(70)), { call, lesson: SYMMETRY });
        between(attempt(() => spread(params), { call: `hiddenUnitSpread of ${call}`, lesson: SYMMETRY }), [0.5, Infinity], `hiddenUnitSpread of ${call}`, 'random weights start the units apart and give them different gradients (the engine: at least 1.8).', SYMMETRY);
        between(last(lossHistory), [0, 0.1], `The final loss of ${call}`, 'eight different hidden units fit XOR (the engine: at most 0.0104).', SYMMETRY);
      },
    },
  ];
}
