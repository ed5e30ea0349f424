/**
 * Hidden checks for unit 09. Expected values come from the reference engine's activation ops and
 * their autodiff (which fix the derivative at z = 0 to its left-hand value, as the course does),
 * its mlpGradients for the dead network, and finite differences; never from solutions/.
 */
import { Tensor, dyingToyProblem, trainDyingReference, type DyingConfig, type DyingHistory, elu as engineElu, leakyRelu as engineLeaky, mlpGradients, mul, numericalGradient, prelu as enginePrelu, relu as engineRelu, sum } from '../engine/index';
import { gaussian, randomMatrix, seededRng } from '../../lib/random';
import { attempt, expectShapeError, Feedback } from '../../lib/testing';
import { bind } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/09-relu-family';
import { expectAnswer, exported, type HiddenCheck, type Misconception } from './helpers';

const slug = '09-relu-family';
type Scalar = (z: number, alpha?: number) => number;
type PreluBackward = (z: number[], alpha: number, dout: number[]) => { dz: number[]; dAlpha: number };
type DeadFraction = (Z: number[][]) => number;
type TrainAndWatch = (config: DyingConfig, data: { X: number[][]; Y: number[] }, rng: () => number) => DyingHistory;

const lessons = {
  relu: `${slug}#relu`,
  zero: `${slug}#the-derivative-at-zero`,
  leaky: `${slug}#leaky-relu`,
  elu: `${slug}#elu`,
  prelu: `${slug}#prelu-a-learned-slope`,
  dead: `${slug}#dead-units`,
  watch: `${slug}#watching-units-die`,
  watchSlips: `${slug}#dead-units-in-the-training-loop`,
  mistakes: `${slug}#common-mistakes`,
};

/** Value and autodiff slope of an engine activation at the scalar z. */
function engineAt(op: (t: Tensor) => Tensor, z: number): { value: number; slope: number } {
  const x = Tensor.param(z);
  const y = op(x);
  y.backward();
  return { value: y.item(), slope: x.grad![0]! };
}

/** dz and dα of Σ dout ⊙ prelu(z, α), from the engine's autodiff. */
function enginePreluBackward(z: number[], alpha: number, dout: number[]): { dz: number[]; dAlpha: number } {
  const x = Tensor.param(z);
  const a = Tensor.param(alpha);
  sum(mul(enginePrelu(x, a), Tensor.from(dout))).backward();
  return { dz: Array.from(x.grad!), dAlpha: a.grad![0]! };
}

/** Points spread over [-range, range], seeded so a failure is reproducible. */
function samplePoints(count: number, range: number, seed: number): number[] {
  const rng = seededRng(seed);
  return Array.from({ length: count }, () => (2 * rng() - 1) * range);
}

function deadFractionMisconceptions(Z: number[][]): Misconception[] {
  const n = Z[0]!.length;
  const columns = Array.from({ length: n }, (_, j) => Z.map((row) => row[j]!));
  const right = columns.filter((c) => c.every((z) => z <= 0)).length / n;
  return bind(catalogue.deadFraction, {
    Z,
    right,
    known: { 'any-example': columns.filter((c) => c.some((z) => z <= 0)).length / n, strict: columns.filter((c) => c.every((z) => z < 0)).length / n },
  });
}

/** A matrix with some columns planted dead (all ≤ 0, one of them exactly 0) and the rest alive. */
function plantedZ(m: number, n: number, seed: number): { Z: number[][]; dead: number } {
  const rng = seededRng(seed);
  const kinds = Array.from({ length: n }, () => rng());
  const Z = randomMatrix(m, n, () => gaussian(rng));
  let dead = 0;
  kinds.forEach((k, j) => {
    if (k < 0.3) Z.forEach((row) => { row[j] = -Math.abs(row[j]!); }); // dead: all ≤ 0
    else if (k < 0.4) Z.forEach((row) => { row[j] = 0; }); // dead: exactly 0 everywhere
    else { // alive, but only on one example: every other entry negative
      Z.forEach((row) => { row[j] = -Math.abs(row[j]!); });
      Z[Math.floor(rng() * m)]![j] = 0.5 + rng();
    }
    if (k < 0.4) dead++;
  });
  return { Z, dead };
}

// ---- trainAndWatchDeadUnits: the course's toy problem, width 16, lr 4, 300 steps ----
const watchBase = { width: 16, lr: 4, steps: 300 };
const watchCall = (c: DyingConfig, seed: number) =>
  `trainAndWatchDeadUnits({ activation: '${c.activation}', biasShift: ${c.biasShift}, width: ${c.width}, lr: ${c.lr}, steps: ${c.steps} }, toy problem (seed ${seed}), seededRng(${seed}))`;

/** The learner's run beside the engine's on the same data and seed (the two need not share a random stream). */
function watchRun(impl: Record<string, unknown>, activation: DyingConfig['activation'], biasShift: number, seed: number) {
  const train = exported<TrainAndWatch>(impl, 'trainAndWatchDeadUnits', slug);
  const config: DyingConfig = { ...watchBase, activation, biasShift };
  const data = () => dyingToyProblem(32, seededRng(seed + 5000));
  const call = watchCall(config, seed);
  const mine = attempt(() => train(config, data(), seededRng(seed)), { call, lesson: lessons.watch });
  for (const key of ['deadFraction', 'loss', 'hiddenGradNorm'] as const) {
    const list = (mine as Partial<DyingHistory> | undefined)?.[key];
    if (!Array.isArray(list) || list.length !== config.steps || !list.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new Feedback(`${call}.${key} should hold ${config.steps} finite numbers, one per step; got ${Array.isArray(list) ? `${list.length} entries` : JSON.stringify(list)}.`, lessons.watch);
    }
  }
  return { mine, engine: engineRun(config, seed, data), call };
}

/** The engine's runs depend only on the config and the seed: computed once per process, not once per learner. */
const engineRuns = new Map<string, DyingHistory>();
function engineRun(config: DyingConfig, seed: number, data: () => { X: number[][]; Y: number[] }): DyingHistory {
  const key = `${JSON.stringify(config)}/${seed}`;
  if (!engineRuns.has(key)) engineRuns.set(key, trainDyingReference(config, data(), seededRng(seed)));
  return engineRuns.get(key)!;
}

export const checks: HiddenCheck[] = [
  {
    name: "relu and reluPrime match the engine's relu and its autodiff on the notes' 4, 5, −1, −2, −4 and at 200 random points",
    run(impl) {
      const relu = exported<Scalar>(impl, 'relu', slug);
      const reluPrime = exported<Scalar>(impl, 'reluPrime', slug);
      // The notes' dying-ReLU example first: 4, 5, −1, −2, −4 → 4, 5, 0, 0, 0.
      for (const z of [4, 5, -1, -2, -4, ...samplePoints(200, 10, 901)]) {
        const { value, slope } = engineAt(engineRelu, z);
        expectAnswer(() => relu(z), { call: `relu(${z})`, expected: value, lesson: lessons.relu });
        expectAnswer(() => reluPrime(z), {
          call: `reluPrime(${z})`,
          expected: slope,
          lesson: lessons.relu,
          misconceptions: bind(catalogue.reluPrime, { z, right: slope }),
        });
      }
    },
  },
  {
    name: "leakyRelu and leakyReluPrime match the engine (default slope 0.01, and alpha 0.2)",
    run(impl) {
      const leakyRelu = exported<Scalar>(impl, 'leakyRelu', slug);
      const leakyReluPrime = exported<Scalar>(impl, 'leakyReluPrime', slug);
      for (const z of samplePoints(100, 10, 902)) {
        for (const alpha of [undefined, 0.2]) {
          const args = alpha === undefined ? `${z}` : `${z}, ${alpha}`;
          const { value, slope } = engineAt((t) => engineLeaky(t, alpha ?? 0.01), z);
          expectAnswer(() => (alpha === undefined ? leakyRelu(z) : leakyRelu(z, alpha)), {
            call: `leakyRelu(${args})`,
            expected: value,
            lesson: lessons.leaky,
            misconceptions: bind(catalogue.leakyRelu, { z, alpha, right: value }),
          });
          expectAnswer(() => (alpha === undefined ? leakyReluPrime(z) : leakyReluPrime(z, alpha)), {
            call: `leakyReluPrime(${args})`,
            expected: slope,
            lesson: lessons.leaky,
            misconceptions: bind(catalogue.leakyReluPrime, { z, alpha, right: slope }),
          });
        }
      }
    },
  },
  {
    name: "elu matches the engine (alpha 1 and 0.5), including the course's elu(−1) = −0.6321206",
    run(impl) {
      const elu = exported<Scalar>(impl, 'elu', slug);
      for (const z of [-1, ...samplePoints(100, 8, 903)]) {
        for (const alpha of [undefined, 0.5]) {
          const args = alpha === undefined ? `${z}` : `${z}, ${alpha}`;
          const a = alpha ?? 1;
          expectAnswer(() => (alpha === undefined ? elu(z) : elu(z, alpha)), {
            call: `elu(${args})`,
            expected: engineAt((t) => engineElu(t, a), z).value,
            lesson: lessons.elu,
            rtol: 1e-9,
            atol: 1e-12,
            misconceptions: bind(catalogue.elu, { z, alpha: a, right: engineAt((t) => engineElu(t, a), z).value }),
          });
        }
      }
    },
  },
  {
    name: "eluPrime matches the engine's autodiff (alpha 1 and 1.7) at 200 random points",
    run(impl) {
      const eluPrime = exported<Scalar>(impl, 'eluPrime', slug);
      for (const z of samplePoints(100, 6, 904)) {
        for (const alpha of [undefined, 1.7]) {
          const a = alpha ?? 1;
          expectAnswer(() => (alpha === undefined ? eluPrime(z) : eluPrime(z, alpha)), {
            call: `eluPrime(${alpha === undefined ? z : `${z}, ${alpha}`})`,
            expected: engineAt((t) => engineElu(t, a), z).slope,
            lesson: lessons.elu,
            rtol: 1e-9,
            atol: 1e-12,
            misconceptions: bind(catalogue.eluPrime, { z, alpha: a, right: engineAt((t) => engineElu(t, a), z).slope }),
          });
        }
      }
    },
  },
  {
    name: 'at z = 0 every derivative takes its left-hand value: reluPrime 0, leakyReluPrime alpha, eluPrime alpha',
    run(impl) {
      const reluPrime = exported<Scalar>(impl, 'reluPrime', slug);
      const leakyReluPrime = exported<Scalar>(impl, 'leakyReluPrime', slug);
      const eluPrime = exported<Scalar>(impl, 'eluPrime', slug);
      const cases: [string, () => number, number][] = [
        ['reluPrime(0)', () => reluPrime(0), engineAt(engineRelu, 0).slope],
        ['leakyReluPrime(0)', () => leakyReluPrime(0), engineAt((t) => engineLeaky(t, 0.01), 0).slope],
        ['leakyReluPrime(0, 0.3)', () => leakyReluPrime(0, 0.3), engineAt((t) => engineLeaky(t, 0.3), 0).slope],
        ['eluPrime(0, 0.5)', () => eluPrime(0, 0.5), engineAt((t) => engineElu(t, 0.5), 0).slope],
        ['eluPrime(0, 2)', () => eluPrime(0, 2), engineAt((t) => engineElu(t, 2), 0).slope],
      ];
      for (const [call, compute, expected] of cases) {
        expectAnswer(compute, {
          call,
          expected,
          lesson: lessons.zero,
          misconceptions: bind(catalogue.eluPrime.filter((slip) => slip.id.endsWith('at-zero')), { z: 0, right: expected }),
        });
      }
    },
  },
  {
    name: 'prelu matches the engine, and preluBackward matches its autodiff (dz and the summed dAlpha)',
    run(impl) {
      const prelu = exported<Scalar>(impl, 'prelu', slug);
      const preluBackward = exported<PreluBackward>(impl, 'preluBackward', slug);
      for (const seed of [905, 906, 907]) {
        const rng = seededRng(seed);
        const alpha = 0.05 + 0.4 * rng();
        // a few exact zeros: they belong to the alpha side
        const z = Array.from({ length: 12 }, (_, i) => (i % 5 === 4 ? 0 : 4 * gaussian(rng)));
        const dout = z.map(() => gaussian(rng));
        const expected = enginePreluBackward(z, alpha, dout);
        for (const zi of z) {
          expectAnswer(() => prelu(zi, alpha), { call: `prelu(${zi}, ${alpha})`, expected: engineAt((t) => enginePrelu(t, Tensor.from(alpha)), zi).value, lesson: lessons.prelu });
        }
        const call = `preluBackward(z of length 12 (seed ${seed}), ${alpha}, dout)`;
        const result = attempt(() => preluBackward(z, alpha, dout), { call, lesson: lessons.prelu });
        expectAnswer(() => result?.dz, {
          call: `${call}.dz`,
          expected: expected.dz,
          lesson: lessons.prelu,
          misconceptions: bind(catalogue.preluDz, { z, dout, right: expected.dz }),
        });
        expectAnswer(() => result?.dAlpha, {
          call: `${call}.dAlpha`,
          expected: expected.dAlpha,
          lesson: lessons.prelu,
          misconceptions: bind(catalogue.preluDAlpha, { z, dout, right: expected.dAlpha }),
        });
      }
    },
  },
  {
    name: 'preluBackward agrees with finite differences of Σ dout·prelu(z, alpha) in z and in alpha',
    run(impl) {
      const prelu = exported<Scalar>(impl, 'prelu', slug);
      const preluBackward = exported<PreluBackward>(impl, 'preluBackward', slug);
      const rng = seededRng(908);
      // no element within 0.01 of the kink, so centred differences with h = 1e-5 never straddle it
      const z = Array.from({ length: 10 }, () => { const v = 3 * gaussian(rng); return Math.abs(v) < 0.01 ? 0.5 : v; });
      const dout = z.map(() => gaussian(rng));
      const alpha = 0.15;
      const loss = (zs: ArrayLike<number>, a: number) => Array.from(zs).reduce((s, zi, i) => s + dout[i]! * prelu(zi, a), 0);
      const numeric = attempt(() => ({
        dz: Array.from(numericalGradient((x) => loss(x, alpha), Float64Array.from(z))),
        dAlpha: numericalGradient((a) => loss(z, a[0]!), Float64Array.of(alpha))[0]!,
      }), { call: 'prelu (perturbed for finite differences)', lesson: lessons.prelu });
      const call = 'preluBackward(z (seed 908), 0.15, dout)';
      const result = attempt(() => preluBackward(z, alpha, dout), { call, lesson: lessons.prelu });
      // prelu is linear on each side, so centred differences are exact up to rounding (~1e-10).
      expectAnswer(() => result?.dz, { call: `${call}.dz (compared with finite differences)`, expected: numeric.dz, lesson: lessons.prelu, rtol: 1e-6, atol: 1e-8 });
      expectAnswer(() => result?.dAlpha, {
        call: `${call}.dAlpha (compared with finite differences)`,
        expected: numeric.dAlpha,
        lesson: lessons.prelu,
        rtol: 1e-6,
        atol: 1e-8,
        misconceptions: bind(catalogue.preluDAlpha, { z, dout, right: numeric.dAlpha }),
      });
    },
  },
  {
    name: 'deadFraction counts the columns that are ≤ 0 for every example (random matrices with planted dead units)',
    run(impl) {
      const deadFraction = exported<DeadFraction>(impl, 'deadFraction', slug);
      for (const [m, n, seed] of [[16, 20, 909], [5, 7, 910], [64, 33, 911]] as const) {
        const { Z, dead } = plantedZ(m, n, seed);
        expectAnswer(() => deadFraction(Z), {
          call: `deadFraction(Z ${m}x${n} (seed ${seed}))`,
          expected: dead / n,
          lesson: lessons.dead,
          misconceptions: deadFractionMisconceptions(Z),
        });
      }
      expectAnswer(() => deadFraction([[1, 2, 3]]), { call: 'deadFraction([[1, 2, 3]])', expected: 0, lesson: lessons.dead });
      expectAnswer(() => deadFraction([[0, -1], [-2, 0]]), { call: 'deadFraction([[0, -1], [-2, 0]])', expected: 1, lesson: lessons.dead, misconceptions: deadFractionMisconceptions([[0, -1], [-2, 0]]) });
    },
  },
  {
    name: 'biases pushed to −10: deadFraction 1 and zero gradient with ReLU, nonzero gradient with leaky ReLU (engine network)',
    run(impl) {
      const deadFraction = exported<DeadFraction>(impl, 'deadFraction', slug);
      const reluPrime = exported<Scalar>(impl, 'reluPrime', slug);
      const leakyReluPrime = exported<Scalar>(impl, 'leakyReluPrime', slug);
      const rng = seededRng(912);
      const [m, nIn, width] = [32, 4, 16];
      const X = randomMatrix(m, nIn, () => gaussian(rng));
      const Y = Array.from({ length: m }, () => (rng() < 0.5 ? 0 : 1));
      const layers = [
        { W: randomMatrix(nIn, width, () => gaussian(rng, 0, Math.sqrt(2 / nIn))), b: Array(width).fill(-10) as number[] },
        { W: randomMatrix(width, 1, () => gaussian(rng, 0, Math.sqrt(1 / width))), b: [0] },
      ];
      for (const [hidden, gPrime, name] of [['relu', reluPrime, 'reluPrime'], ['leakyRelu', leakyReluPrime, 'leakyReluPrime']] as const) {
        const net = mlpGradients(layers, X, Y, hidden);
        const Z1 = net.Z[0]!;
        const lesson = hidden === 'relu' ? lessons.dead : lessons.leaky;
        expectAnswer(() => deadFraction(Z1), { call: 'deadFraction(Z1) of a layer with biases −10', expected: 1, lesson: lessons.dead, misconceptions: deadFractionMisconceptions(Z1) });
        // dW1 = Xᵀ·δ1 with δ1 = ((ŷ − y)/m · W2ᵀ) ⊙ g'(Z1), built from the learner's g'.
        const slopes = Z1.map((row) => row.map((z) => attempt(() => gPrime(z), { call: `${name}(${z})`, lesson })));
        const delta2 = net.yHat.map((y, i) => (y - Y[i]!) / m);
        const dW1 = X[0]!.map((_, k) => Array.from({ length: width }, (_, j) =>
          X.reduce((s, x, i) => s + x[k]! * delta2[i]! * layers[1]!.W[j]![0]! * slopes[i]![j]!, 0)));
        expectAnswer(() => dW1, {
          call: `the first layer's dW built from your ${name} (hidden = '${hidden}', biases −10)`,
          expected: net.grads[0]!.dW,
          lesson,
          rtol: 1e-6,
          atol: 1e-12,
        });
        const nonzero = net.grads[0]!.dW.flat().some((g) => g !== 0);
        if (nonzero !== (hidden === 'leakyRelu')) throw new Error(`engine sanity check failed for ${hidden}`);
      }
    },
  },
  {
    name: 'extremes: no NaN or overflow at ±1000 and ±1e300',
    run(impl) {
      const fns = Object.fromEntries(['relu', 'reluPrime', 'leakyRelu', 'leakyReluPrime', 'elu', 'eluPrime'].map((n) => [n, exported<Scalar>(impl, n, slug)]));
      const cases: [string, number, number, string][] = [];
      for (const z of [1000, -1000, 1e300, -1e300]) {
        cases.push(['relu', z, engineAt(engineRelu, z).value, lessons.relu]);
        cases.push(['reluPrime', z, engineAt(engineRelu, z).slope, lessons.relu]);
        cases.push(['leakyRelu', z, engineAt((t) => engineLeaky(t, 0.01), z).value, lessons.leaky]);
        cases.push(['leakyReluPrime', z, engineAt((t) => engineLeaky(t, 0.01), z).slope, lessons.leaky]);
        cases.push(['elu', z, engineAt((t) => engineElu(t, 1), z).value, lessons.elu]);
        cases.push(['eluPrime', z, engineAt((t) => engineElu(t, 1), z).slope, lessons.elu]);
      }
      for (const [name, z, expected, lesson] of cases) {
        expectAnswer(() => fns[name]!(z), {
          call: `${name}(${z})`,
          expected,
          lesson,
          atol: 1e-300,
          misconceptions: bind(catalogue.overflow, { z, right: expected }),
        });
      }
    },
  },
  {
    name: 'inputs are not mutated, and mismatched lengths throw naming both',
    run(impl) {
      const preluBackward = exported<PreluBackward>(impl, 'preluBackward', slug);
      const deadFraction = exported<DeadFraction>(impl, 'deadFraction', slug);
      const z = [1, -2, 0, 3, -0.5];
      const dout = [0.1, 0.2, 0.3, 0.4, 0.5];
      const Z = [[-1, 2], [0, -3]];
      const before = JSON.stringify({ z, dout, Z });
      attempt(() => preluBackward(z, 0.1, dout), { call: 'preluBackward([1, -2, 0, 3, -0.5], 0.1, dout)', lesson: lessons.prelu });
      attempt(() => deadFraction(Z), { call: 'deadFraction([[-1, 2], [0, -3]])', lesson: lessons.dead });
      if (JSON.stringify({ z, dout, Z }) !== before) {
        throw new Feedback('preluBackward or deadFraction changed its input: functions must return new arrays and leave inputs alone.', lessons.prelu);
      }
      expectShapeError(() => preluBackward([1, 2, 3, 4, 5], 0.1, [1, 2, 3]), ['5', '3'], { call: 'preluBackward(z of length 5, 0.1, dout of length 3)', lesson: lessons.prelu });
      expectShapeError(() => preluBackward([1, 2], 0.1, [1, 2, 3, 4, 5, 6, 7]), ['2', '7'], { call: 'preluBackward(z of length 2, 0.1, dout of length 7)', lesson: lessons.prelu });
    },
  },
  {
    name: 'trainAndWatchDeadUnits, biases −10 with ReLU: every unit dead at every step, gradient exactly 0, loss ln 2 (as in the engine\'s runs)',
    run(impl) {
      for (const seed of [21]) {
        const { mine, engine, call } = watchRun(impl, 'relu', -10, seed);
        expectAnswer(() => mine.deadFraction[0], {
          call: `${call}.deadFraction[0]`,
          expected: engine.deadFraction[0]!,
          lesson: lessons.watchSlips,
          misconceptions: bind(catalogue.trainAndWatchDeadUnits, { biasShift: -10, right: engine.deadFraction[0]! }),
        });
        expectAnswer(() => mine.deadFraction, { call: `${call}.deadFraction`, expected: engine.deadFraction, lesson: lessons.watch, atol: 0, rtol: 0 });
        expectAnswer(() => mine.hiddenGradNorm, { call: `${call}.hiddenGradNorm`, expected: engine.hiddenGradNorm, lesson: lessons.dead, atol: 0, rtol: 0 });
        expectAnswer(() => mine.loss, { call: `${call}.loss`, expected: engine.loss, lesson: lessons.watch, atol: 1e-9, rtol: 0 });
      }
    },
  },
  {
    name: 'trainAndWatchDeadUnits, biases −10 with leaky ReLU: the gradient never vanishes and the loss falls below 0.62 (engine: 0.22–0.53 over 20 seeds)',
    run(impl) {
      for (const seed of [31, 32]) {
        const { mine, engine, call } = watchRun(impl, 'leakyRelu', -10, seed);
        if (!(Math.min(...engine.hiddenGradNorm) > 0) || !(engine.loss.at(-1)! < 0.62)) throw new Error(`engine sanity check failed for leaky seed ${seed}`);
        const still = mine.hiddenGradNorm.findIndex((g) => !(g > 0));
        if (still >= 0) throw new Feedback(`${call}: with leaky ReLU every derivative is at least 0.01, so the hidden gradient should never be 0, but hiddenGradNorm[${still}] is ${mine.hiddenGradNorm[still]}.`, lessons.leaky);
        if (!(mine.loss.at(-1)! < 0.62)) {
          throw new Feedback(`${call}: leaky ReLU keeps the layer learning, so the loss should end below 0.62 (the engine's run on these data ends at ${engine.loss.at(-1)!.toFixed(4)}); it ended at ${mine.loss.at(-1)}.`, lessons.watch);
        }
      }
    },
  },
  {
    name: 'trainAndWatchDeadUnits, a healthy ReLU layer: no dead unit at the start, a dead unit stays dead, the loss ends below 0.2 (engine: 0.0012–0.063 over 20 seeds)',
    run(impl) {
      for (const seed of [41]) {
        const { mine, engine, call } = watchRun(impl, 'relu', 0, seed);
        if (engine.deadFraction[0] !== 0 || !(engine.loss.at(-1)! < 0.2)) throw new Error(`engine sanity check failed for healthy seed ${seed}`);
        expectAnswer(() => mine.deadFraction[0], {
          call: `${call}.deadFraction[0]`,
          expected: engine.deadFraction[0]!,
          lesson: lessons.watchSlips,
          misconceptions: bind(catalogue.trainAndWatchDeadUnits, { biasShift: 0, right: engine.deadFraction[0]! }),
        });
        const fell = mine.deadFraction.findIndex((d, t) => t > 0 && d < mine.deadFraction[t - 1]!);
        if (fell > 0) throw new Feedback(`${call}: a dead ReLU unit gets exactly zero gradient and can never come back, so deadFraction must never decrease; it fell from ${mine.deadFraction[fell - 1]} to ${mine.deadFraction[fell]} at step ${fell}.`, lessons.watch);
        if (!(mine.loss.at(-1)! < 0.2)) throw new Feedback(`${call}: a healthy ReLU layer learns the toy problem, so the loss should end below 0.2 (the engine's run ends at ${engine.loss.at(-1)!.toFixed(4)}); it ended at ${mine.loss.at(-1)}.`, lessons.watch);
      }
    },
  },
  {
    name: 'trainAndWatchDeadUnits leaves its data alone, and bad input gets one clear line',
    run(impl) {
      const train = exported<TrainAndWatch>(impl, 'trainAndWatchDeadUnits', slug);
      const data = dyingToyProblem(8, seededRng(51));
      const before = JSON.stringify(data);
      const config: DyingConfig = { activation: 'leakyRelu', biasShift: -1, width: 4, lr: 0.5, steps: 2 };
      const history = attempt(() => train(config, data, seededRng(52)), { call: 'trainAndWatchDeadUnits({ …, width: 4, steps: 2 }, 16 examples, rng)', lesson: lessons.watch });
      if (JSON.stringify(data) !== before) throw new Feedback('trainAndWatchDeadUnits changed its data: functions must leave their inputs alone.', lessons.watch);
      if (history?.loss?.length !== 2) throw new Feedback(`trainAndWatchDeadUnits with steps 2 should record 2 losses; got ${JSON.stringify(history?.loss)}.`, lessons.watch);
      expectShapeError(() => train(config, { X: data.X, Y: data.Y.slice(0, 13) }, seededRng(52)), ['16', '13'], { call: 'trainAndWatchDeadUnits with 16 rows of X and 13 labels', lesson: lessons.watch });
      for (const [bad, word] of [[{ ...config, activation: 'elu' as 'relu' }, 'elu'], [{ ...config, steps: -3 }, '-3'], [{ ...config, width: 0 }, '0']] as const) {
        let message = '';
        try {
          train(bad, data, seededRng(52));
        } catch (error) {
          message = error instanceof Error ? error.message : String(error);
        }
        if (!message.includes(word) || /TODO/.test(message)) {
          throw new Feedback(`trainAndWatchDeadUnits(${JSON.stringify(bad)}, …) should throw an Error naming ${word}; ${message ? `it said: ${message}` : 'it did not throw'}.`, lessons.watch);
        }
      }
    },
  },
];
