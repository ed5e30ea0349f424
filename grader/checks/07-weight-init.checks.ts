/**
 * Hidden checks for unit 07. The initializers are random, so the checks are statistical: each
 * draws about 65 000 weights (256×256, 480×136 or 136×480) with a seeded rng and compares sample
 * statistics with the closed-form targets. The bands are wide enough to pass for any seed and any
 * correct Gaussian sampler (the misconception test runs them over many seeds and two samplers):
 *  - variance within 5%: a sample variance of 65 536 normal draws has a relative standard error of
 *    √(2/65536) ≈ 0.55% (0.35% for uniform draws), so 5% is about nine standard errors;
 *  - |mean| below 5% of the target std: the standard error of the mean is std/256, so 12.8 of them;
 *  - the largest |w| of a uniform init within 0.5% of its limit: the chance that 65 536 draws all
 *    stay below 0.995·a is 0.995^65536 ≈ 10^(−143).
 * The deep-net checks propagate a batch through 30 layers with the reference engine's matmul,
 * relu and tanh, using the learner's weights.
 */
import { Tensor, matmul, randomTensor, relu, tanh } from '../engine/index';
import { describe as show, shapeOf } from '../../lib/compare';
import { seededRng } from '../../lib/random';
import { attempt, Feedback, nameSlip } from '../../lib/testing';
import { bind, type Slip } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/07-weight-init';
import { expectAnswer, exported, judge, type HiddenCheck, type Misconception, type UnitModule } from './helpers';
import { experimentChecks } from './07-weight-init.experiments.checks';

const slug = '07-weight-init';
type Matrix = number[][];
type Rng = () => number;
type Init = (fanIn: number, fanOut: number, rng: Rng, limit?: number) => Matrix;
type Gain = (nonlinearity: string, param?: number) => number;

const INIT_NAMES = ['smallUniform', 'lecunNormal', 'xavierNormal', 'xavierUniform', 'heNormal', 'heUniform'] as const;
/**
 * About 65 000 weights each. The two non-square shapes tell fan_in from fan_out, and LeCun from
 * Xavier; their ratio is not a power of 2 so that no two wrong formulas give the same number
 * (on 512×128, for one, √(24/n_in) and √(6/n_out) coincide). The square shape comes last: there
 * some wrong limits coincide (√(3/n) is the Xavier limit), and a slip is named on the shapes first.
 */
const SHAPES: [number, number][] = [[480, 136], [136, 480], [256, 256]];

interface Sample {
  values: number[];
  mean: number;
  variance: number;
  maxAbs: number;
  negativeFraction: number;
}

/** Call an init and check it returned a fanIn × fanOut matrix of finite numbers. */
function draw(init: Init, name: string, fanIn: number, fanOut: number, rng: Rng, lesson: string, limit?: number): Matrix {
  const call = `${name}(${fanIn}, ${fanOut}, rng${limit === undefined ? '' : `, ${limit}`})`;
  const W = attempt(() => (limit === undefined ? init(fanIn, fanOut, rng) : init(fanIn, fanOut, rng, limit)), { call, lesson });
  const shape = shapeOf(W);
  if (shape !== `${fanIn}x${fanOut}`) {
    const hint = shape === `${fanOut}x${fanIn}` ? ' It looks transposed: rows are the layer\'s inputs (fanIn), columns its outputs (fanOut), as in Z = X·W.' : '';
    throw new Feedback(`${call} should return a ${fanIn}x${fanOut} matrix but returned shape ${shape ?? 'that is not a matrix of numbers'}.${hint}`, `${slug}#the-notes-small-uniform-init`);
  }
  const bad = firstNonFinite(W);
  if (bad !== undefined) throw new Feedback(`${call} returned a weight equal to ${show(bad)}; every weight must be a finite number.`, lesson);
  return W;
}

function firstNonFinite(W: Matrix): number | undefined {
  for (const row of W) for (const w of row) if (!Number.isFinite(w)) return w;
  return undefined;
}

/** All entries in one array (a plain loop: Array.prototype.flat is slow on 65 536 numbers). */
function entries(W: Matrix): number[] {
  const values: number[] = [];
  for (const row of W) for (const w of row) values.push(w);
  return values;
}

function sample(W: Matrix): Sample {
  const values = entries(W);
  const n = values.length;
  const mean = values.reduce((s, x) => s + x, 0) / n;
  const variance = values.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
  const maxAbs = values.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  return { values, mean, variance, maxAbs, negativeFraction: values.filter((x) => x < 0).length / n };
}

function expectCentred(s: Sample, call: string, targetStd: number, lesson: string): void {
  const allowed = 0.05 * targetStd;
  if (Math.abs(s.mean) <= allowed) return;
  const oneSided = s.negativeFraction === 0 || s.negativeFraction === 1;
  const why = oneSided ? ' Every weight has the same sign: the weights must be spread symmetrically around 0.' : '';
  throw new Feedback(`${call} has sample mean ${show(s.mean)}; the weights should be centred on 0 (|mean| below ${show(allowed)} for ${s.values.length} weights).${why}`, lesson);
}

interface NormalSpec {
  name: 'lecunNormal' | 'xavierNormal' | 'heNormal';
  anchor: string;
  formula: string;
  variance: (fanIn: number, fanOut: number) => number;
  slips: Slip<catalogue.InitCall>[];
}

const NORMALS: NormalSpec[] = [
  {
    name: 'lecunNormal',
    anchor: 'lecun-initialization',
    formula: '1/fanIn',
    variance: (i) => 1 / i,
    slips: catalogue.lecunNormal,
  },
  {
    name: 'xavierNormal',
    anchor: 'xavier-initialization',
    formula: '2/(fanIn + fanOut)',
    variance: (i, o) => 2 / (i + o),
    slips: catalogue.xavierNormal,
  },
  {
    name: 'heNormal',
    anchor: 'he-initialization',
    formula: '2/fanIn',
    variance: (i) => 2 / i,
    slips: catalogue.heNormal,
  },
];

interface UniformSpec {
  name: 'xavierUniform' | 'heUniform';
  formula: string;
  limit: (fanIn: number, fanOut: number) => number;
  /** wrong limits, recognised by the largest |w| */
  slips: Slip<catalogue.InitCall>[];
}

const UNIFORMS: UniformSpec[] = [
  { name: 'heUniform', formula: '√(6/fanIn)', limit: (i) => Math.sqrt(6 / i), slips: catalogue.heUniform },
  { name: 'xavierUniform', formula: '√(6/(fanIn + fanOut))', limit: (i, o) => Math.sqrt(6 / (i + o)), slips: catalogue.xavierUniform },
];

/** Limits of a uniform init: never beyond ±limit, and reaching it (within 0.5%). */
function expectLimit(s: Sample, call: string, limit: number, lesson: string, misconceptions: Misconception[]): void {
  judge(s.maxAbs, { call: `the largest |w| of ${call}`, expected: limit, lesson, rtol: 0.005, atol: 0, misconceptions });
  if (s.maxAbs > limit * (1 + 1e-12)) {
    throw new Feedback(`${call} returned a weight of size ${show(s.maxAbs)}, outside [−${show(limit)}, ${show(limit)}]: every weight must lie within the limit.`, lesson);
  }
}

function expectVariance(s: Sample, call: string, target: number, lesson: string, misconceptions: Misconception[] = []): void {
  judge(s.variance, { call: `the sample variance of ${call}`, expected: target, lesson, rtol: 0.05, atol: 0, misconceptions });
}

/**
 * Width and batch of the deep-net checks. The lesson's experiment uses width 256 and batch 32; width
 * 64 and batch 16 cost a sixteenth of the random draws and an eighth of the arithmetic, which keeps
 * the whole suite well under a second or two per learner. The RMS after 30 He/ReLU layers varies
 * from draw to draw because every example shares the same weights: over 200 seeds of the engine at
 * width 64, batch 16 it ranged over 0.084–2.9 (standard deviation of its log10 0.31), so the band
 * [0.01, 30] is more than 5 standard deviations from either end; the wrong scales land far outside
 * it (Xavier = LeCun here: 2.6e−6–8.9e−5; Var(w) = 4/n: about 2^15 ≈ 3e4; U[−0.5, 0.5]: 2.0e5–7.5e6).
 * Xavier/tanh ranged over 0.075–0.18 with nothing saturated; U[−0.5, 0.5]/tanh saturated 11–18%.
 * (At width 128 and batch 32, the old setting, the same checks passed for 100 seeds with each of
 * three Gaussian samplers: Box–Muller, polar, sum of twelve uniforms.)
 */
const DEEP_WIDTH = 64;
const DEEP_BATCH = 16;

/** RMS of the activations after 30 square layers of width DEEP_WIDTH, with the learner's init. */
function deepRun(init: Init, name: string, activation: 'relu' | 'tanh', seed: number): { rms: number; saturated: number } {
  const rng = seededRng(seed);
  const width = DEEP_WIDTH;
  let A = randomTensor([DEEP_BATCH, width], rng);
  for (let layer = 0; layer < 30; layer++) {
    const W = draw(init, name, width, width, rng, `${slug}#thirty-layers-deep`);
    const Z = matmul(A, Tensor.from(W));
    A = activation === 'relu' ? relu(Z) : tanh(Z);
  }
  const data = A.data;
  let squares = 0;
  let saturated = 0;
  for (let i = 0; i < data.length; i++) {
    squares += data[i]! * data[i]!;
    if (Math.abs(data[i]!) > 0.99) saturated++;
  }
  return { rms: Math.sqrt(squares / data.length), saturated: saturated / data.length };
}

function expectBetween(value: number, [lo, hi]: [number, number], what: string, why: string): void {
  if (value >= lo && value <= hi) return;
  throw new Feedback(`${what} is ${show(value)}, but should lie between ${show(lo)} and ${show(hi)}: ${why}`, `${slug}#thirty-layers-deep`);
}

/** The checks, with every random draw seeded from `seed` (the graded suite uses one seed; the misconception test tries many). */
export function makeChecks(seed: number): HiddenCheck[] {
  const seeds = (k: number) => seededRng(seed * 7919 + k);
  const rngFor = (k: number): Rng => seededRng(Math.floor(seeds(k)() * 2 ** 32));
  return [
    {
      name: 'every init returns a fanIn × fanOut matrix of finite numbers',
      run(impl: UnitModule) {
        for (const name of INIT_NAMES) {
          const init = exported<Init>(impl, name, slug);
          for (const [i, o] of [[3, 5], [5, 3], [1, 1], [1, 7]] as [number, number][]) draw(init, name, i, o, rngFor(1), `${slug}#the-notes-small-uniform-init`);
        }
      },
    },
    {
      name: 'every init draws its weights from the rng it is given',
      run(impl) {
        for (const name of INIT_NAMES) {
          const init = exported<Init>(impl, name, slug);
          const lesson = `${slug}#the-notes-small-uniform-init`;
          const s = 1000 + seed;
          const first = draw(init, name, 8, 6, seededRng(s), lesson);
          const again = draw(init, name, 8, 6, seededRng(s), lesson);
          const other = draw(init, name, 8, 6, seededRng(s + 1), lesson);
          if (JSON.stringify(first) !== JSON.stringify(again)) {
            throw new Feedback(`${name}(8, 6, rng) gave different weights for two rngs with the same seed: draw every random number from the rng argument (not Math.random), so that results are reproducible.`, lesson);
          }
          if (JSON.stringify(first) === JSON.stringify(other)) {
            throw new Feedback(`${name}(8, 6, rng) gave the same weights for two different seeds: the weights must come from the rng argument.`, lesson);
          }
        }
      },
    },
    {
      name: "smallUniform draws from the notes' U[−0.5, 0.5] by default (mixed signs, variance 1/12), and from U[−limit, limit]",
      run(impl) {
        const init = exported<Init>(impl, 'smallUniform', slug);
        const lesson = `${slug}#the-notes-small-uniform-init`;
        [undefined, 0.1, 2].forEach((limit, k) => {
          const a = limit ?? 0.5;
          const call = `smallUniform(256, 256, rng${limit === undefined ? '' : `, ${limit}`})`;
          const s = sample(draw(init, 'smallUniform', 256, 256, rngFor(10 + k), lesson, limit));
          nameSlip(s, bind(catalogue.smallUniformSigns, { negativeFraction: s.negativeFraction }), `${call} returned no negative weights.`);
          if (Math.abs(s.negativeFraction - 0.5) > 0.05) {
            throw new Feedback(`${call} returned ${(100 * s.negativeFraction).toFixed(1)}% negative weights; a symmetric uniform init gives about half.`, lesson);
          }
          expectLimit(s, call, a, lesson, bind(catalogue.smallUniformLimit, { fanIn: 256, fanOut: 256, limit }));
          expectCentred(s, call, a / Math.sqrt(3), lesson);
          expectVariance(s, call, (a * a) / 3, lesson);
        });
      },
    },
    ...NORMALS.map((spec): HiddenCheck => ({
      name: `${spec.name}: sample mean ≈ 0 and variance within 5% of ${spec.formula} on 256×256, 480×136 and 136×480`,
      run(impl) {
        const init = exported<Init>(impl, spec.name, slug);
        const lesson = `${slug}#${spec.anchor}`;
        SHAPES.forEach(([i, o], k) => {
          const call = `${spec.name}(${i}, ${o}, rng)`;
          const s = sample(draw(init, spec.name, i, o, rngFor(20 + k), lesson));
          const target = spec.variance(i, o);
          expectVariance(s, call, target, lesson, bind(spec.slips, { fanIn: i, fanOut: o }));
          expectCentred(s, call, Math.sqrt(target), lesson);
        });
      },
    })),
    {
      name: 'the normal inits are normal: about 4.6% of the weights lie beyond 2 standard deviations',
      run(impl) {
        for (const spec of NORMALS) {
          const init = exported<Init>(impl, spec.name, slug);
          const lesson = `${slug}#${spec.anchor}`;
          const call = `${spec.name}(256, 256, rng)`;
          const s = sample(draw(init, spec.name, 256, 256, rngFor(30), lesson));
          // Measured against the sample's own spread, so this checks the shape only (the variance has its own check).
          // P(|Z| > 2) = 4.55% for a normal; the standard error over 65 536 draws is 0.08%.
          const std = Math.sqrt(s.variance);
          const tail = s.values.filter((w) => Math.abs(w) > 2 * std).length / s.values.length;
          if (tail < 0.035 || tail > 0.057) {
            const uniform = tail === 0 ? ' None do, which is what a uniform distribution gives: draw each weight with gaussian(rng, 0, std).' : '';
            throw new Feedback(`${(100 * tail).toFixed(2)}% of the weights of ${call} lie beyond 2 standard deviations (${show(2 * std)}); for normal weights it is about 4.55%.${uniform}`, lesson);
          }
        }
      },
    },
    ...UNIFORMS.map((spec): HiddenCheck => ({
      name: `${spec.name}: every weight within ±${spec.formula}, the limit reached, mean ≈ 0 and variance limit²/3`,
      run(impl) {
        const init = exported<Init>(impl, spec.name, slug);
        const lesson = `${slug}#uniform-limits`;
        SHAPES.forEach(([i, o], k) => {
          const call = `${spec.name}(${i}, ${o}, rng)`;
          const s = sample(draw(init, spec.name, i, o, rngFor(40 + k), lesson));
          const a = spec.limit(i, o);
          expectLimit(s, call, a, lesson, bind(spec.slips, { fanIn: i, fanOut: o }));
          expectCentred(s, call, a / Math.sqrt(3), lesson);
          expectVariance(s, call, (a * a) / 3, lesson);
        });
      },
    })),
    {
      name: "calculateGain matches PyTorch's calculate_gain: linear, conv, sigmoid 1, tanh 5/3, relu √2, selu 3/4",
      run(impl) {
        const gain = exported<Gain>(impl, 'calculateGain', slug);
        const lesson = `${slug}#gains`;
        const table: [string, number][] = [['linear', 1], ['conv1d', 1], ['conv2d', 1], ['sigmoid', 1], ['tanh', 5 / 3], ['relu', Math.SQRT2], ['selu', 3 / 4]];
        for (const [name, expected] of table) {
          expectAnswer(() => gain(name), { call: `calculateGain('${name}')`, expected, lesson, rtol: 1e-12, atol: 0, misconceptions: bind(catalogue.calculateGain, { nonlinearity: name }) });
        }
      },
    },
    {
      name: "calculateGain('leaky_relu', a) is √(2/(1+a²)) with a = 0.01 by default; an unknown name throws, naming it",
      run(impl) {
        const gain = exported<Gain>(impl, 'calculateGain', slug);
        const lesson = `${slug}#gains`;
        expectAnswer(() => gain('leaky_relu'), {
          call: "calculateGain('leaky_relu')",
          expected: Math.sqrt(2 / (1 + 0.01 ** 2)),
          lesson,
          rtol: 1e-12,
          atol: 0,
          misconceptions: bind(catalogue.calculateGain, { nonlinearity: 'leaky_relu' }),
        });
        for (const a of [0, 0.2, 1, 0.01]) {
          expectAnswer(() => gain('leaky_relu', a), {
            call: `calculateGain('leaky_relu', ${a})`,
            expected: Math.sqrt(2 / (1 + a * a)),
            lesson,
            rtol: 1e-12,
            atol: 0,
            misconceptions: bind(catalogue.calculateGain, { nonlinearity: 'leaky_relu', param: a }),
          });
        }
        for (const name of ['softmax', 'gelu']) {
          let thrown: unknown;
          let returned: unknown;
          try {
            returned = gain(name);
          } catch (error) {
            thrown = error;
          }
          const message = thrown instanceof Error ? thrown.message : String(thrown);
          if (thrown === undefined) throw new Feedback(`calculateGain('${name}') returned ${show(returned)}; PyTorch has no gain for '${name}', so it should throw an Error naming it.`, lesson);
          if (message.startsWith('TODO')) throw new Feedback(`calculateGain('${name}') is not written yet: ${message}`, lesson);
          if (!message.includes(name)) throw new Feedback(`calculateGain('${name}') threw "${message}", but the message should name '${name}'.`, lesson);
        }
      },
    },
    {
      name: 'a 30-layer ReLU net keeps its activation RMS of order 1 only with heNormal (Xavier vanishes, U[−0.5, 0.5] explodes)',
      run(impl) {
        const he = exported<Init>(impl, 'heNormal', slug);
        const xavier = exported<Init>(impl, 'xavierNormal', slug);
        const small = exported<Init>(impl, 'smallUniform', slug);
        const runs = seed * 31 + 50;
        // Expected (the engine at this width): He 0.08–2.9; Xavier (1/√2)^30 ≈ 3e-5; U[−0.5, 0.5] 1.6^30 ≈ 1e6.
        expectBetween(deepRun(he, 'heNormal', 'relu', runs).rms, [0.01, 30], `After 30 ReLU layers of width ${DEEP_WIDTH} with your heNormal weights, the activation RMS (it starts at 1)`,
          'He initialization keeps E[a²] the same from layer to layer, so it should stay of order 1.');
        expectBetween(deepRun(xavier, 'xavierNormal', 'relu', runs + 1).rms, [0, 1e-3], `After 30 ReLU layers of width ${DEEP_WIDTH} with your xavierNormal weights, the activation RMS`,
          'with Var(w) = 1/n each ReLU layer halves the mean square, so it should shrink to about (1/√2)^30 ≈ 3e-5.');
        expectBetween(deepRun(small, 'smallUniform', 'relu', runs + 2).rms, [1e3, Infinity], `After 30 ReLU layers of width ${DEEP_WIDTH} with your smallUniform weights, the activation RMS`,
          "the notes' U[−0.5, 0.5] multiplies the RMS by about √(64/24) ≈ 1.6 per layer, so it should explode.");
      },
    },
    {
      name: 'a 30-layer tanh net: xavierNormal keeps the activations unsaturated and of order 0.1, U[−0.5, 0.5] saturates them',
      run(impl) {
        const xavier = exported<Init>(impl, 'xavierNormal', slug);
        const small = exported<Init>(impl, 'smallUniform', slug);
        const runs = seed * 37 + 60;
        const x = deepRun(xavier, 'xavierNormal', 'tanh', runs);
        // Expected RMS ≈ 0.12 (tanh squashes a little at each layer); practically no unit saturated.
        expectBetween(x.rms, [0.03, 0.5], `After 30 tanh layers of width ${DEEP_WIDTH} with your xavierNormal weights, the activation RMS (it starts at 1)`,
          'Xavier keeps tanh in its responsive middle; the RMS shrinks only slowly, to about 0.12.');
        expectBetween(x.saturated, [0, 0.05], 'With your xavierNormal weights, the fraction of saturated tanh units (|a| > 0.99) after 30 layers',
          'Xavier keeps the pre-activations small enough that tanh does not saturate.');
        expectBetween(deepRun(small, 'smallUniform', 'tanh', runs + 1).saturated, [0.04, 1], "With your smallUniform weights (the notes' U[−0.5, 0.5]), the fraction of saturated tanh units after 30 layers",
          'pre-activations with a standard deviation of about 2 push many units to ±1 (11–18% at this width; over half at width 256).');
      },
    },
    // The two experiments the learner runs: activationStatsThroughDepth, trainTwoLayerNet, hiddenUnitSpread.
    ...experimentChecks(seed),
  ];
}

export const checks: HiddenCheck[] = makeChecks(707);
