/**
 * Lesson 12's figures: unit 12's experiments (grader/checks/support/deep-training.ts) on the reference
 * solution, data seed 1 and training seed 1001, the first run of the lesson's table. The runs are
 * computed by the exported functions (memoized), the drawing is separate.
 */
import { seededRng } from '@course/random';
import { makeSpirals, trainDeepNet, type TrainResult } from '@impl/12-deep-training';
import { experiments, NPERCLASS, type ExperimentName } from '../../grader/checks/support/deep-training';
import type { Figure } from '../../src/figures/registry';
import { lineChart } from '../../src/figures/chart';

const cache = new Map<string, TrainResult>();

/** Experiment `name` on the reference solution (`steps` to shorten it). */
export function lessonRun(name: ExperimentName, seed = 1, steps?: number): TrainResult {
  const key = `${name}:${seed}:${steps}`;
  let result = cache.get(key);
  if (!result) {
    const config = { ...experiments[name].config, ...(steps === undefined ? {} : { steps }) };
    result = trainDeepNet(config, makeSpirals(NPERCLASS, seededRng(seed)), seededRng(1000 + seed));
    cache.set(key, result);
  }
  return result;
}

/** The mean of the last 10 mini-batch losses: what the hidden suite calls the final loss. */
export const finalLoss = (r: TrainResult): number => r.lossHistory.slice(-10).reduce((s, x) => s + x, 0) / 10;

/** Mini-batch losses averaged over a window of 10 steps, so the curves can be told apart. */
export function smoothedLoss(r: TrainResult, window = 10): [number, number][] {
  return r.lossHistory.map((_, i) => {
    const part = r.lossHistory.slice(Math.max(0, i - window + 1), i + 1);
    return [i + 1, part.reduce((s, x) => s + x, 0) / part.length];
  });
}

const lossRuns: [ExperimentName, string, boolean?][] = [
  ['stuck', "sigmoid, the notes' init"],
  ['relu', 'ReLU + He, lr 0.05'],
  ['batchNorm', "sigmoid, notes' init, batch norm"],
  ['hot', 'ReLU + He, lr 0.5', true],
  ['clipped', 'ReLU + He, lr 0.5, clipNorm 0.1'],
];

const normRuns: [ExperimentName, string, boolean?][] = [
  ['stuck', "sigmoid, the notes' init"],
  ['residual', "sigmoid, notes' init, residual", true],
  ['batchNorm', "sigmoid, notes' init, batch norm"],
  ['relu', 'ReLU + He'],
];

export const figures: Figure[] = [
  {
    file: '12-deep-training-loss.svg',
    alt: "Mini-batch loss over 100 steps of five 20-layer nets on the spirals: the sigmoid net with the notes' init stays at ln 2 = 0.693, as does ReLU at lr 0.5; ReLU with He init, the batch-normalized sigmoid net and ReLU at lr 0.5 with clipping fall to 0.51, 0.49 and 0.41 by step 100",
    chart: () =>
      lineChart({
        title: 'Mini-batch loss (mean of 10 steps), 20 layers of width 16, seed 1',
        xLabel: 'step',
        yLabel: 'loss (ln 2 = 0.693 is a coin toss)',
        legend: 'left',
        yRange: [0.2, 1.2],
        series: lossRuns.map(([name, label, dashed]) => ({ name: label, points: smoothedLoss(lessonRun(name)), dashed })),
      }),
  },
  {
    file: '12-deep-training-gradient-norms.svg',
    alt: "‖dW_l‖ of each of the 20 layers at the first step: the plain sigmoid net's first layer gets about 1e-12 of its last layer's gradient; with residual blocks the ratio is about 1e-3, with batch norm and with ReLU + He the norms stay within a factor of about 100 of each other",
    chart: () =>
      lineChart({
        title: '‖dW_l‖ per layer at the first step, seed 1',
        xLabel: 'layer l (1 = next to the input, 20 = the output unit)',
        yLabel: '‖dW_l‖ (log scale)',
        logY: true,
        markers: true,
        legend: 'right',
        series: normRuns.map(([name, label, dashed]) => ({ name: label, points: lessonRun(name, 1, 1).gradNormHistory[0]!.map((n, l): [number, number] => [l + 1, n]), dashed })),
      }),
  },
];
