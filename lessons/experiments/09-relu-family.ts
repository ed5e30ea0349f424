import { gaussian, randomMatrix, seededRng } from '@course/random';
import { deadFraction, elu, eluPrime, leakyRelu, leakyReluPrime, prelu, relu, reluPrime, trainAndWatchDeadUnits, type DeadUnitsConfig } from '@impl/09-relu-family';
import type { Figure } from '../../src/figures/registry';
import { lineChart, sampleCurve } from '../../src/figures/chart';

// Leaky ReLU's default slope 0.01 is invisible at this scale, so the figures draw it with 0.1.
const LEAKY = 0.1;
const PRELU = 0.25; // PyTorch's initial value for a learned PReLU slope

/** Fraction of 64 He-initialized units that are dead on a batch of `m` examples, as every bias is pushed down from 0 to −10. */
function deadCurve(m: number, seed: number): [number, number][] {
  const rng = seededRng(seed);
  const [nIn, width] = [16, 64];
  const X = randomMatrix(m, nIn, () => gaussian(rng));
  const W = randomMatrix(nIn, width, () => gaussian(rng, 0, Math.sqrt(2 / nIn)));
  const XW = X.map((x) => W[0]!.map((_, j) => x.reduce((s, xi, k) => s + xi * W[k]![j]!, 0)));
  return Array.from({ length: 41 }, (_, i) => {
    const push = 0.25 * i; // every bias set to −push
    return [push, deadFraction(XW.map((row) => row.map((v) => v - push)))] as [number, number];
  });
}

/**
 * "Watching units die" on the reference solution, run k of the lesson's table: the course's toy
 * problem (32 points of [−1, 1]² and their mirror images, y = 1 when x₁ + 0.5·x₂ > 0) from data seed
 * 900 + k, the net from seed 1 + k, as scripts/dying-relu-thresholds.ts and test/lessons run them.
 */
function toyProblem(seed: number): { X: number[][]; Y: number[] } {
  const rng = seededRng(seed);
  const half = Array.from({ length: 32 }, () => [2 * rng() - 1, 2 * rng() - 1]);
  const X = [...half, ...half.map(([a, b]) => [-a!, -b!])];
  return { X, Y: X.map(([a, b]) => (a! + 0.5 * b! > 0 ? 1 : 0)) };
}
const watch = (config: DeadUnitsConfig, k: number) => trainAndWatchDeadUnits(config, toyProblem(900 + k), seededRng(1 + k));
const perStep = (values: number[]): [number, number][] => values.map((v, t) => [t, v]);
const GRADED = { width: 16, lr: 4, steps: 300 };
const TOO_LARGE = { width: 16, lr: 14, steps: 100, biasShift: 0 };
/** The first of the lesson's 20 runs in which rate 14 kills every ReLU unit. */
function allDeadRun(): number {
  for (let k = 0; k < 20; k++) if (watch({ ...TOO_LARGE, activation: 'relu' }, k).deadFraction.at(-1) === 1) return k;
  throw new Error('no run of the 20 ends with every ReLU unit dead');
}

export const figures: Figure[] = [
  {
    file: '09-relu-family-activations.svg',
    alt: 'ReLU, leaky ReLU (slope 0.1), PReLU (slope 0.25) and ELU on [-3, 3]: all equal z for z > 0; below 0 ReLU is flat, leaky and PReLU are straight lines, ELU curves down to −1',
    chart: () =>
      lineChart({
        title: 'The ReLU family',
        xLabel: 'z',
        yLabel: 'activation',
        legend: 'left',
        series: [
          { name: 'ReLU', points: sampleCurve(relu, -3, 3) },
          { name: `leaky ReLU (α = ${LEAKY})`, points: sampleCurve((z) => leakyRelu(z, LEAKY), -3, 3) },
          { name: `PReLU (α = ${PRELU})`, points: sampleCurve((z) => prelu(z, PRELU), -3, 3), dashed: true },
          { name: 'ELU (α = 1)', points: sampleCurve(elu, -3, 3) },
        ],
      }),
  },
  {
    file: '09-relu-family-derivatives.svg',
    alt: 'The derivatives: ReLU jumps from 0 to 1 at z = 0, leaky ReLU and PReLU from their slope to 1, ELU rises smoothly as e^z to 1',
    chart: () =>
      lineChart({
        title: 'Their derivatives (left-hand value at z = 0)',
        xLabel: 'z',
        yLabel: 'derivative',
        legend: 'left',
        yRange: [0, 1.6],
        series: [
          { name: 'ReLU′', points: sampleCurve(reluPrime, -3, 3) },
          { name: `leaky ReLU′ (α = ${LEAKY})`, points: sampleCurve((z) => leakyReluPrime(z, LEAKY), -3, 3) },
          { name: `PReLU′ (α = ${PRELU})`, points: sampleCurve((z) => (z > 0 ? 1 : PRELU), -3, 3), dashed: true },
          { name: 'ELU′ (α = 1)', points: sampleCurve(eluPrime, -3, 3) },
        ],
      }),
  },
  {
    file: '09-relu-family-dead-units.svg',
    alt: 'Fraction of dead units in a 64-unit He-initialized layer as every bias is shifted from 0 to −10: it stays near 0 until about −3, then climbs to 1; measured on fewer examples it climbs sooner',
    chart: () =>
      lineChart({
        title: 'Dead units as the biases are pushed down',
        xLabel: 'every bias set to −b',
        yLabel: 'deadFraction(X·W − b)',
        legend: 'left',
        markers: true,
        yRange: [0, 1],
        series: [
          { name: 'batch of 1024 examples', points: deadCurve(1024, 901) },
          { name: 'batch of 32 examples', points: deadCurve(32, 901) },
        ],
      }),
  },
  {
    file: '09-relu-family-watching.svg',
    alt: 'Loss per step on the toy problem: a healthy ReLU layer falls to near 0; with every bias at −10 the ReLU loss is a flat line at ln 2 = 0.693; leaky ReLU from the same start falls slowly, then faster, to about 0.3',
    chart: () =>
      lineChart({
        title: 'Biases at −10: ReLU cannot learn, leaky ReLU can',
        xLabel: 'step (full-batch gradient descent, rate 4)',
        yLabel: 'loss (mean BCE)',
        legend: 'left',
        yRange: [0, 1],
        series: [
          { name: 'ReLU, biasShift 0', points: perStep(watch({ ...GRADED, activation: 'relu', biasShift: 0 }, 0).loss) },
          { name: 'ReLU, biasShift −10 (every unit dead)', points: perStep(watch({ ...GRADED, activation: 'relu', biasShift: -10 }, 0).loss) },
          { name: 'leaky ReLU, biasShift −10', points: perStep(watch({ ...GRADED, activation: 'leakyRelu', biasShift: -10 }, 0).loss), dashed: true },
        ],
      }),
  },
  {
    file: '09-relu-family-too-large-step.svg',
    alt: 'Dead fraction per step of a healthy layer trained at rate 14: the ReLU curve climbs in steps to 1 and never comes down; the leaky ReLU curve rises too but falls back at times',
    chart: () => {
      const k = allDeadRun();
      return lineChart({
        title: 'A rate too large: ReLU units die and stay dead',
        xLabel: 'step (rate 14)',
        yLabel: 'deadFraction(Z1)',
        legend: 'left',
        yRange: [0, 1],
        series: [
          { name: 'ReLU', points: perStep(watch({ ...TOO_LARGE, activation: 'relu' }, k).deadFraction) },
          { name: 'leaky ReLU (units ≤ 0 on every example)', points: perStep(watch({ ...TOO_LARGE, activation: 'leakyRelu' }, k).deadFraction), dashed: true },
        ],
      });
    },
  },
];
