import type { Matrix } from '@course/types';
import { gaussian, randomMatrix, seededRng } from '@course/random';
import { batchNormForward, type BatchNormState } from '@impl/08-batch-norm';
import type { Figure } from '../../src/figures/registry';
import { lineChart } from '../../src/figures/chart';

const matmul = (A: Matrix, B: Matrix): Matrix => A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, k) => s + a * B[k]![j]!, 0)));
const rms = (A: Matrix): number => Math.sqrt(A.flat().reduce((s, x) => s + x * x, 0) / A.flat().length);

/**
 * RMS of each layer's activations in a 20-layer, width-64 ReLU net on a batch of 128, with weights
 * N(0, (scale/√n)²): 1/√n loses half the variance per ReLU layer, 2/√n doubles it; batch norm
 * before each ReLU resets the scale every layer.
 */
function activationRms(scale: number, withBatchNorm: boolean): [number, number][] {
  const rng = seededRng(808);
  const width = 64;
  let A = randomMatrix(128, width, () => gaussian(rng));
  const points: [number, number][] = [];
  const ones = Array(width).fill(1) as number[];
  const zeros = Array(width).fill(0) as number[];
  const state: BatchNormState = { runningMean: zeros, runningVar: ones };
  for (let layer = 1; layer <= 20; layer++) {
    const W = randomMatrix(width, width, () => gaussian(rng, 0, scale / Math.sqrt(width)));
    let Z = matmul(A, W);
    if (withBatchNorm) Z = batchNormForward(Z, ones, zeros, state, { training: true }).out;
    A = Z.map((row) => row.map((z) => Math.max(0, z)));
    points.push([layer, rms(A)]);
  }
  return points;
}

/**
 * Running mean and running variance after each of 60 steps, averaged over 200 independent runs
 * (so the curves show the expected value, not one noisy run), for batches of 4 drawn from N(5, 2²).
 * The biased variant is what the running variance would track if it were updated with Σ(x−μ)²/m.
 */
function runningStatistics(): { mean: [number, number][]; unbiased: [number, number][]; biased: [number, number][] } {
  const rng = seededRng(809);
  const [steps, runs, m] = [60, 200, 4];
  const totals = { mean: new Float64Array(steps + 1), unbiased: new Float64Array(steps + 1), biased: new Float64Array(steps + 1) };
  for (let run = 0; run < runs; run++) {
    let state: BatchNormState = { runningMean: [0], runningVar: [1] };
    let biasedVar = 1;
    totals.unbiased[0] += 1;
    totals.biased[0] += 1;
    for (let step = 1; step <= steps; step++) {
      const X = randomMatrix(m, 1, () => gaussian(rng, 5, 2));
      state = batchNormForward(X, [1], [0], state, { training: true }).state;
      const mu = X.reduce((s, [x]) => s + x!, 0) / m;
      biasedVar = 0.9 * biasedVar + 0.1 * (X.reduce((s, [x]) => s + (x! - mu) ** 2, 0) / m);
      totals.mean[step] += state.runningMean[0]!;
      totals.unbiased[step] += state.runningVar[0]!;
      totals.biased[step] += biasedVar;
    }
  }
  const curve = (t: Float64Array): [number, number][] => Array.from(t, (v, step) => [step, v / runs] as [number, number]);
  return { mean: curve(totals.mean), unbiased: curve(totals.unbiased), biased: curve(totals.biased) };
}

export const figures: Figure[] = [
  {
    file: '08-batch-norm-activation-scale.svg',
    alt: 'RMS of the activations layer by layer in a 20-layer ReLU net: without batch norm it shrinks or grows geometrically with the weight scale; with batch norm it stays near 0.58 at every layer',
    chart: () =>
      lineChart({
        title: 'Activation scale per layer, 20-layer ReLU net',
        xLabel: 'layer',
        yLabel: 'RMS of activations (log scale)',
        logY: true,
        markers: true,
        legend: 'left',
        series: [
          { name: 'no BN, W ~ N(0, 1/n)', points: activationRms(1, false) },
          { name: 'no BN, W ~ N(0, 4/n)', points: activationRms(2, false) },
          { name: 'BN, W ~ N(0, 1/n)', points: activationRms(1, true) },
          { name: 'BN, W ~ N(0, 4/n)', points: activationRms(2, true), dashed: true },
        ],
      }),
  },
  {
    file: '08-batch-norm-running-stats.svg',
    alt: 'Running mean and running variance over 60 steps with batches of 4 from N(5, 4), averaged over 200 runs: the mean settles at 5, the unbiased running variance at 4, a biased one at 3',
    chart: () => {
      const { mean, unbiased, biased } = runningStatistics();
      const flat = (y: number): [number, number][] => [[0, y], [60, y]];
      return lineChart({
        title: 'Running statistics, batches of 4 from N(5, 2²)',
        xLabel: 'training step',
        yLabel: 'running value',
        legend: 'left',
        yRange: [0, 9],
        series: [
          { name: 'running mean (→ 5)', points: mean },
          { name: 'running var (unbiased)', points: unbiased },
          { name: 'running var (biased)', points: biased },
          { name: 'true variance 4', points: flat(4), dashed: true },
          { name: 'biased target 3', points: flat(3), dashed: true },
        ],
      });
    },
  },
];
