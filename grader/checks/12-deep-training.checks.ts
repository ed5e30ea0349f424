/**
 * Hidden checks for unit 12. The spirals are compared with the formula the stub states (and the
 * engine's `spirals`); training is judged statistically, on several seeds, against thresholds taken
 * from the reference engine's own runs (`trainReference`, printed by scripts/deep-training-thresholds.ts,
 * quoted next to each threshold), never from solutions/. The learner's RNG stream is their own, so no
 * check depends on which random numbers go where.
 */
import { spirals as engineSpirals, trainReference } from '../engine/index';
import { describe as show, isClose } from '../../lib/compare';
import { seededRng } from '../../lib/random';
import { attempt, expectUnchanged, Feedback, nameSlip, snapshot } from '../../lib/testing';
import { bind } from '../../lib/misconceptions';
import * as catalogue from '../../lib/misconceptions/12-deep-training';
import { exported, judge, type HiddenCheck, type UnitModule } from './helpers';
import { experiments, median, NPERCLASS, summarize, type ExperimentName, type RunSummary } from './support/deep-training';
import type { TrainConfig, TrainResult } from '../engine/index';

const slug = '12-deep-training';
type Matrix = number[][];
type Vector = number[];
type Dataset = { X: Matrix; Y: Vector };
type MakeSpirals = (nPerClass: number, rng: () => number, noise?: number) => Dataset;
type Train = (config: TrainConfig, data: Dataset, rng: () => number) => TrainResult;

export const lesson = {
  spirals: `${slug}#the-data-two-spirals`,
  loop: `${slug}#the-training-loop`,
  stuck: `${slug}#a-deep-sigmoid-net-does-not-learn`,
  relu: `${slug}#relu-and-he-initialization`,
  batchNorm: `${slug}#batch-norm`,
  residual: `${slug}#residual-blocks`,
  clipping: `${slug}#clipping-at-a-learning-rate-that-fails`,
};

const LN2 = Math.log(2);

/**
 * The batch-norm fixture (the public test's too): 3 sigmoid layers of width 4 with batch norm and He
 * init, 4 steps of 4 rows from two points, and an rng that alternates 0.3, 0.9. With that rng every
 * He weight is the same number (each normal sample takes one 0.3 and one 0.9) and every mini-batch
 * holds each point twice, whatever order the learner draws weights and rows in, so the run is the
 * engine's to 1e-9 for any loop that follows the stub, and only a wrong gradient changes it.
 */
export const bnFixture = {
  config: { depth: 3, width: 4, activation: 'sigmoid', init: 'heNormal', batchNorm: true, lr: 0.5, steps: 4, batchSize: 4 } as TrainConfig,
  data: { X: [[0.6, -0.2], [-0.3, 0.5]], Y: [1, 0] },
  rng: (): (() => number) => {
    let k = 0;
    return () => (k++ % 2 === 0 ? 0.3 : 0.9);
  },
};

/** The fixture's run on the engine, right and with batch norm's dγ, dβ m times too big (the slip). */
export function bnFixtureRuns(): { right: TrainResult; slips: Record<string, number[]> } {
  const { config, data, rng } = bnFixture;
  const right = trainReference(config, data, rng());
  const summedBatchNorm = trainReference(config, data, rng(), {
    onGradients: ({ grads }) => grads.forEach((layer) => layer.slice(2).forEach((g) => g.forEach((_, i) => (g[i] *= config.batchSize)))),
  });
  return { right, slips: { 'bn-grads-summed': summedBatchNorm.lossHistory } };
}

/** Call the learner's function (a TODO from one of their earlier units names that unit: see attempt). */
const call = <T>(compute: () => T, what: string, link: string): T => attempt(compute, { call: what, lesson: link });

// ---- the spirals ----
function checkSpirals(impl: UnitModule, nPerClass: number, noise: number) {
  const make = exported<MakeSpirals>(impl, 'makeSpirals', slug);
  const what = `makeSpirals(${nPerClass}, rng, ${noise})`;
  const data = call(() => make(nPerClass, seededRng(1200 + nPerClass), noise), what, lesson.spirals);
  if (typeof data !== 'object' || data === null || !Array.isArray(data.X) || !Array.isArray(data.Y)) throw new Feedback(`${what} returned ${show(data)}; it should return { X, Y }.`, lesson.spirals);
  return { what, data };
}

// ---- training runs, shared between checks (a run is a few hundred milliseconds) ----
const runs = new WeakMap<UnitModule, Map<string, RunSummary>>();

/** One of the experiments on the learner's code; `steps` shortens it when only the first step is looked at. */
function run(impl: UnitModule, name: ExperimentName, seed: number, steps?: number): { what: string; summary: RunSummary } {
  const train = exported<Train>(impl, 'trainDeepNet', slug);
  const make = exported<MakeSpirals>(impl, 'makeSpirals', slug);
  const { what: about } = experiments[name];
  const config = { ...experiments[name].config, ...(steps === undefined ? {} : { steps }) };
  const what = `trainDeepNet(${show(config)}, makeSpirals(${NPERCLASS}, seededRng(${seed})), seededRng(${1000 + seed})) — ${about}`;
  const cache = runs.get(impl) ?? new Map<string, RunSummary>();
  runs.set(impl, cache);
  const key = `${name}:${seed}:${config.steps}`;
  const known = cache.get(key);
  if (known) return { what, summary: known };
  const data = call(() => make(NPERCLASS, seededRng(seed)), `makeSpirals(${NPERCLASS}, seededRng(${seed}))`, lesson.spirals);
  const result = call(() => train(config, data, seededRng(1000 + seed)), what, lesson.loop);
  checkResultShape(result, config, data.X.length, what);
  const summary = summarize(result);
  cache.set(key, summary);
  return { what, summary };
}

function checkResultShape(result: TrainResult, config: TrainConfig, N: number, what: string): void {
  if (typeof result !== 'object' || result === null) throw new Feedback(`${what} returned ${show(result)}; it should return { lossHistory, gradNormHistory, accuracy }.`, lesson.loop);
  const { lossHistory, gradNormHistory, accuracy } = result;
  if (!Array.isArray(lossHistory) || lossHistory.length !== config.steps || !lossHistory.every((x) => typeof x === 'number')) {
    throw new Feedback(`${what}: lossHistory should hold one number per step (${config.steps}), but it is ${show(lossHistory)}.`, lesson.loop);
  }
  if (!Array.isArray(gradNormHistory) || gradNormHistory.length !== config.steps) {
    throw new Feedback(`${what}: gradNormHistory should hold one list per step (${config.steps}), but it has ${Array.isArray(gradNormHistory) ? gradNormHistory.length : show(gradNormHistory)}.`, lesson.loop);
  }
  const bad = gradNormHistory.findIndex((norms) => !Array.isArray(norms) || norms.length !== config.depth || !norms.every((x) => typeof x === 'number' && (x >= 0 || Number.isNaN(x))));
  if (bad >= 0) throw new Feedback(`${what}: gradNormHistory[${bad}] should be ${config.depth} norms ‖dW_l‖ ≥ 0, first layer to last (one per layer, the output layer included), but it is ${show(gradNormHistory[bad])}.`, lesson.loop);
  if (typeof accuracy !== 'number' || !(accuracy >= 0 && accuracy <= 1) || !isClose(accuracy * N, Math.round(accuracy * N), { atol: 1e-9, rtol: 0 })) {
    throw new Feedback(`${what}: accuracy should be the fraction of the ${N} points classified right (a multiple of 1/${N} in [0, 1]), but it is ${show(accuracy)}.`, lesson.loop);
  }
}

const fmt = (x: number) => (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4 ? x.toExponential(2) : x.toFixed(3));
const SEEDS = [101, 102, 103];

/** The median final loss over `seeds` (the mean, for two) must be below `limit`. */
function expectLearns(impl: UnitModule, name: ExperimentName, seeds: number[], limit: number, link: string, why: string): void {
  const results = seeds.map((seed) => run(impl, name, seed));
  const losses = results.map((r) => r.summary.finalLoss);
  if (!(median(losses) < limit)) {
    throw new Feedback(
      `${experiments[name].what} should learn: the mean mini-batch loss of the last 10 steps should fall below ${limit} (the ${seeds.length === 2 ? 'mean' : 'median'} over seeds ${seeds.join(', ')}), but it is ${losses.map(fmt).join(', ')} (ln 2 = 0.693 is a coin toss). ${why}\n  For example ${results[0]!.what}.`,
      link,
    );
  }
}

// Each training check runs a few 20-layer nets (about 0.3 s of CPU each); a loaded machine needs more than vitest's 5 s.
export const testTimeout = 60_000;

export const checks: HiddenCheck[] = [
  {
    name: 'makeSpirals puts 2·nPerClass points on the two spirals, class 0 first (noise 0)',
    run(impl) {
      for (const n of [1, 3, 40]) {
        const { what, data } = checkSpirals(impl, n, 0);
        const want = engineSpirals(n, seededRng(1), 0);
        judge(data.X, {
          call: `${what}.X`,
          expected: want.X,
          lesson: lesson.spirals,
          rtol: 1e-9,
          atol: 1e-12,
          misconceptions: bind(catalogue.makeSpirals, { nPerClass: n, right: want.X }),
        });
        judge(data.Y, { call: `${what}.Y`, expected: want.Y, lesson: lesson.spirals, rtol: 0, atol: 0 });
      }
    },
  },
  {
    name: 'makeSpirals adds Gaussian noise of the given standard deviation (0.1 when omitted), drawn from rng',
    run(impl) {
      const make = exported<MakeSpirals>(impl, 'makeSpirals', slug);
      const n = 400;
      const exact = engineSpirals(n, seededRng(1), 0).X.flat();
      for (const noise of [0.3, undefined]) {
        const what = `makeSpirals(${n}, rng${noise === undefined ? '' : `, ${noise}`})`;
        const data = call(() => (noise === undefined ? make(n, seededRng(1250)) : make(n, seededRng(1250), noise)), what, lesson.spirals);
        const deviations = (data?.X ?? []).flat().map((x, k) => x - exact[k]!);
        if (deviations.length !== exact.length) throw new Feedback(`${what}.X should be ${2 * n}x2.`, lesson.spirals);
        const std = Math.sqrt(deviations.reduce((s, d) => s + d * d, 0) / deviations.length);
        const want = noise ?? 0.1;
        // 1600 N(0, σ²) samples: the sample std is within 6% of σ with probability > 0.99999.
        if (!(Math.abs(std / want - 1) < 0.1)) throw new Feedback(`${what}: the points should lie N(0, ${want}²) per coordinate around their spiral, but their deviations have standard deviation ${fmt(std)}.`, lesson.spirals);
      }
      const a = call(() => make(20, seededRng(1)), 'makeSpirals(20, seededRng(1))', lesson.spirals);
      const b = call(() => make(20, seededRng(2)), 'makeSpirals(20, seededRng(2))', lesson.spirals);
      if (isClose(a.X, b.X, { rtol: 0, atol: 0 })) throw new Feedback('makeSpirals(20, seededRng(1)) and makeSpirals(20, seededRng(2)) returned the same points: the noise must come from rng.', lesson.spirals);
    },
  },
  {
    name: 'trainDeepNet returns a loss and depth norms per step and an accuracy, for every option, and leaves data unchanged',
    run(impl) {
      const train = exported<Train>(impl, 'trainDeepNet', slug);
      const make = exported<MakeSpirals>(impl, 'makeSpirals', slug);
      const data = call(() => make(6, seededRng(1260)), 'makeSpirals(6, seededRng(1260))', lesson.spirals);
      const before = snapshot(data);
      const options: Partial<TrainConfig>[] = [{}, { batchNorm: true }, { residual: true }, { clipNorm: 0.5 }, { batchNorm: true, residual: true, clipNorm: 1 }];
      const tiny = [
        { activation: 'sigmoid', init: 'smallUniform' },
        { activation: 'tanh', init: 'xavierNormal' },
        { activation: 'relu', init: 'heNormal' },
        { activation: 'leakyRelu', init: 'heNormal' },
      ] as const;
      for (const [i, o] of options.entries()) {
        const config: TrainConfig = { depth: 4, width: 3, lr: 0.1, steps: 5, batchSize: 4, ...tiny[i % tiny.length]!, ...o };
        const what = `trainDeepNet(${show(config)}, makeSpirals(6, …), rng)`;
        const result = call(() => train(config, data, seededRng(1261 + i)), what, lesson.loop);
        checkResultShape(result, config, data.X.length, what);
        expectUnchanged(before, data, { call: what, lesson: lesson.loop, argument: 'data' });
      }
    },
  },
  {
    name: "20 sigmoid layers with the notes' small uniform init do not learn: the loss stays at ln 2 and the first layer's gradient is ~1e-12 of the last's",
    run(impl) {
      // One seed: the engine's twelve stay within 0.009 of ln 2 and below 3e-11, far inside both limits (and
      // unit 12's suite must stay inside the grader's time limit).
      for (const seed of SEEDS.slice(0, 1)) {
        const { what, summary } = run(impl, 'stuck', seed);
        // Engine, seeds 1–12: final loss 0.690–0.702 (ln 2 = 0.693); ‖dW₁‖/‖dW₂₀‖ at step 1 from 3.9e-13 to 2.8e-11.
        if (!(Math.abs(summary.finalLoss - LN2) < 0.03)) {
          throw new Feedback(`${what}: the mean loss of the last 10 steps is ${fmt(summary.finalLoss)}, but this net cannot learn: it should stay within 0.03 of ln 2 = 0.693.`, lesson.stuck);
        }
        if (!(summary.firstOverLast < 1e-8)) {
          throw new Feedback(`${what}: at the first step ‖dW₁‖/‖dW₂₀‖ = ${fmt(summary.firstOverLast)}, but through 19 sigmoid layers it should be far below 1e-8 (the engine measures 4e-13 to 3e-11). Are the norms listed first layer to last?`, lesson.stuck);
        }
      }
    },
  },
  {
    name: "the first step's gradient is the mean over the mini-batch (the last layer's ‖dW‖ is the size the engine measures)",
    run(impl) {
      const norms = SEEDS.map((seed) => run(impl, 'stuck', seed, 1).summary.lastNorm);
      const m = experiments.stuck.config.batchSize;
      const mid = median(norms);
      // Engine, seeds 1–12, the stuck net's ‖dW₂₀‖ at step 1: 0.074–0.923 (median 0.252). Summing over the
      // batch of 16 multiplies it by 16 (1.2–14.8); the median of three seeds separates the two.
      if (mid >= 0.02 && mid <= 1.5) return;
      const numbers = `In ${experiments.stuck.what}, ‖dW₂₀‖ at the first step is ${norms.map(fmt).join(', ')} on seeds ${SEEDS.join(', ')} (median ${fmt(mid)}), but the engine measures 0.074 to 0.923 (median 0.252).`;
      nameSlip(mid, bind(catalogue.trainDeepNetFirstStep, { m, low: 0.02, high: 1.5 }), numbers);
      throw new Feedback(numbers, lesson.loop);
    },
  },
  {
    name: "a batch-norm net's first steps are the engine's: every gradient, dγ and dβ included, is the mean loss's",
    run(impl) {
      const train = exported<Train>(impl, 'trainDeepNet', slug);
      const { config, data, rng } = bnFixture;
      const what = `trainDeepNet(${show(config)}, { X: ${show(data.X)}, Y: ${show(data.Y)} }, an rng alternating 0.3, 0.9)`;
      const result = call(() => train(config, structuredClone(data), rng()), what, lesson.loop);
      checkResultShape(result, config, data.X.length, what);
      const { right, slips } = bnFixtureRuns();
      // The first loss comes before any update; the next three show whether every parameter moved by lr times its gradient.
      judge(result.lossHistory, {
        call: `${what}.lossHistory`,
        expected: right.lossHistory,
        lesson: lesson.loop,
        rtol: 1e-9,
        atol: 1e-12,
        misconceptions: bind(catalogue.trainDeepNetBatchNorm, { m: config.batchSize, known: slips }),
      });
    },
  },
  {
    name: 'ReLU with He init learns (the final loss falls below 0.65 on one of up to three seeds)',
    run(impl) {
      // Engine, seeds 1–12: final loss 0.347–0.618 (median 0.504), accuracy 0.725–0.850. Over seeds 1–60 it ends
      // at 0.65 or above on five (0.654–0.963), so a median of three would fail a right loop about once in fifty;
      // a loop that does not learn stays at ln 2 = 0.693 on every seed, so one seed below 0.65 is enough. The
      // next seed runs only when the one before did not get there.
      const results: { what: string; summary: RunSummary }[] = [];
      for (const seed of SEEDS) {
        results.push(run(impl, 'relu', seed));
        if (results[results.length - 1]!.summary.finalLoss < 0.65) return;
      }
      throw new Feedback(
        `${experiments.relu.what} should learn: the mean mini-batch loss of the last 10 steps should fall below 0.65 on at least one of seeds ${SEEDS.join(', ')}, but it is ${results.map((r) => fmt(r.summary.finalLoss)).join(', ')} (ln 2 = 0.693 is a coin toss). ReLU keeps a slope of 1 and He init keeps the signal's size, so the gradient reaches every layer.\n  For example ${results[0]!.what}.`,
        lesson.relu,
      );
    },
  },
  {
    name: "batch norm rescues the sigmoid net with the notes' init (the mean final loss over two seeds is below 0.65)",
    run(impl) {
      // Engine, seeds 1–12: final loss 0.389–0.574 (median 0.486).
      expectLearns(impl, 'batchNorm', SEEDS.slice(0, 2), 0.65, lesson.batchNorm, 'Batch norm puts every layer\'s Z back around 0 with spread 1, where σ\' is near its 0.25 maximum. Is the batch norm applied to every hidden layer (not the output), in training mode during training?');
    },
  },
  {
    name: "residual blocks keep the sigmoid net's gradient: ‖dW₁‖/‖dW₂₀‖ stays above 1e-5, where the plain net's is ~1e-12",
    run(impl) {
      // Only the first step is looked at, so these runs are one step long.
      for (const seed of SEEDS) {
        const { what, summary } = run(impl, 'residual', seed, 1);
        // Engine, seeds 1–12: 1.2e-3 to 1.35e-2 with residual blocks, against 3.9e-13 to 2.8e-11 without.
        if (!(summary.firstOverLast > 1e-5)) {
        throw new Feedback(`${what}: at the first step ‖dW₁‖/‖dW₂₀‖ = ${fmt(summary.firstOverLast)}, but with skips around layers 2 … 19 the gradient reaches the first layer: it should be above 1e-5 (the engine measures 1.2e-3 to 1.35e-2). Does the backward pass add the skip's gradient (G + δ·Wᵀ)?`, lesson.residual);
        }
      }
    },
  },
  {
    name: 'at lr 0.5 the plain ReLU net fails (median final loss over three seeds above 0.6), and with clipNorm 0.1 it learns (mean over two seeds below 0.6)',
    run(impl) {
      // The median of three: a third seed only when the first two disagree (its verdict is then the median's).
      const hot = SEEDS.slice(0, 2).map((seed) => run(impl, 'hot', seed));
      if (hot[0]!.summary.finalLoss > 0.6 !== hot[1]!.summary.finalLoss > 0.6) hot.push(run(impl, 'hot', SEEDS[2]!));
      const losses = hot.map((r) => r.summary.finalLoss);
      const seeds = SEEDS.slice(0, hot.length);
      // Engine, seeds 1–200: at lr 0.5 the final loss is 0.662 or more on 198 (most 0.68–0.70; some runs reach
      // 1e143 or overflow first) and 0.558, 0.584 on two, so one seed in a hundred recovers: the median of three
      // is judged, which a wrong loop, not luck, puts below 0.6.
      if (!(median(losses) > 0.6)) {
        const numbers = `${hot[0]!.what}: the final loss is ${losses.map(fmt).join(', ')} on seeds ${seeds.join(', ')}, but at this learning rate unclipped SGD throws the net off: the median of three seeds should stay above 0.6 (the engine ends above 0.66 on 198 of 200 seeds).`;
        nameSlip(median(losses), bind(catalogue.trainDeepNetUnclipped, { above: 0.6 }), numbers);
        throw new Feedback(numbers, lesson.clipping);
      }
      // Engine, seeds 1–12, clipNorm 0.1: final loss 0.230–0.482 (median 0.409).
      expectLearns(impl, 'clipped', SEEDS.slice(0, 2), 0.6, lesson.clipping, 'Clipping scales every gradient of the step by one factor, maxNorm/(total norm + 1e-6), when the total norm over ALL parameters exceeds clipNorm (unit 10\'s clipByGlobalNorm).');
    },
  },
  {
    name: 'a config trainDeepNet cannot use (an unknown activation or init, depth below 2) throws an error naming it',
    run(impl) {
      const train = exported<Train>(impl, 'trainDeepNet', slug);
      const data = engineSpirals(4, seededRng(1270));
      const ok: TrainConfig = { depth: 3, width: 2, activation: 'relu', init: 'heNormal', lr: 0.1, steps: 1, batchSize: 2 };
      const bad: [string, TrainConfig, string][] = [
        ["activation: 'swish'", { ...ok, activation: 'swish' as TrainConfig['activation'] }, 'swish'],
        ["init: 'zeros'", { ...ok, init: 'zeros' as TrainConfig['init'] }, 'zeros'],
        ['depth: 1', { ...ok, depth: 1 }, 'depth'],
      ];
      for (const [label, config, word] of bad) {
        let message: string | undefined;
        try {
          train(config, data, seededRng(1));
        } catch (error) {
          message = error instanceof Error ? error.message : String(error);
        }
        if (message === undefined || message.startsWith('TODO') || !message.includes(word)) {
          throw new Feedback(`trainDeepNet with ${label} should throw an Error whose message names ${word}, but it ${message === undefined ? 'returned normally' : `threw "${message}"`}.`, lesson.loop);
        }
      }
    },
  },
];
