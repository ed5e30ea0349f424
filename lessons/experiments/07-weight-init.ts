import { gaussian, seededRng } from '@course/random';
import type { Matrix, Rng } from '@course/types';
import { heNormal, smallUniform, xavierNormal } from '@impl/07-weight-init';
import type { Figure } from '../../src/figures/registry';
import { histogramPanels, lineChart } from '../../src/figures/chart';

type Init = (fanIn: number, fanOut: number, rng: Rng) => Matrix;
export type Activation = 'relu' | 'tanh';

export interface DeepNetRun {
  /** RMS of the activations after each layer; index 0 is the input X */
  rmsByLayer: number[];
  /** every activation of the last layer (batch × width values) */
  final: Float64Array;
  /** fraction of last-layer activations with |a| > 0.99 */
  saturated: number;
}

const cache = new Map<string, DeepNetRun>();

/**
 * The lesson's experiment: a batch of `batch` standard-normal inputs through `depth` square layers
 * of `width` units, weights from `init`, no biases, the same activation on every layer.
 * Deterministic for a given seed (the lesson's table and figures quote it).
 */
export function deepNet(name: string, init: Init, activation: Activation, { width = 256, depth = 30, batch = 32, seed = 7 } = {}): DeepNetRun {
  const key = `${name}/${activation}/${width}/${depth}/${batch}/${seed}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const rng = seededRng(seed);
  const f = activation === 'relu' ? (z: number) => (z > 0 ? z : 0) : Math.tanh;
  let A = Float64Array.from({ length: batch * width }, () => gaussian(rng));
  const rms = (X: Float64Array) => Math.sqrt(X.reduce((s, x) => s + x * x, 0) / X.length);
  const rmsByLayer = [rms(A)];
  for (let layer = 0; layer < depth; layer++) {
    const W = init(width, width, rng);
    const Z = new Float64Array(batch * width);
    for (let i = 0; i < batch; i++) {
      for (let k = 0; k < width; k++) {
        const a = A[i * width + k]!;
        if (a === 0) continue;
        const row = W[k]!;
        for (let j = 0; j < width; j++) Z[i * width + j] += a * row[j]!;
      }
    }
    A = Z.map(f);
    rmsByLayer.push(rms(A));
  }
  const saturated = A.filter((a) => Math.abs(a) > 0.99).length / A.length;
  const run = { rmsByLayer, final: A, saturated };
  cache.set(key, run);
  return run;
}

/** The inits the lesson compares, by the names it uses. */
export const inits: { name: string; init: Init }[] = [
  { name: 'U[−0.5, 0.5] (the notes)', init: (n, m, rng) => smallUniform(n, m, rng) },
  { name: 'Xavier normal (= LeCun here)', init: xavierNormal },
  { name: 'He normal', init: heNormal },
];

/** Whole percents, but one decimal below 1% so that 0.1% is not shown as 0% (the lesson's table says 0.1%). */
const percent = (x: number) => (x > 0 && x < 0.01 ? `${(100 * x).toFixed(1)}%` : `${Math.round(100 * x)}%`);

export const figures: Figure[] = [
  {
    file: '07-weight-init-relu-rms.svg',
    alt: 'RMS of the activations after each of 30 ReLU layers of width 256, for U[−0.5, 0.5], Xavier and He initialization, on a log scale',
    chart: () =>
      lineChart({
        title: 'A 30-layer ReLU net (width 256): activation RMS layer by layer',
        xLabel: 'layer',
        yLabel: 'RMS of the activations (log scale)',
        logY: true,
        markers: true,
        legend: 'left',
        series: inits.map(({ name, init }) => ({
          name,
          points: deepNet(name, init, 'relu').rmsByLayer.map((r, l) => [l, r] as [number, number]),
        })),
      }),
  },
  {
    file: '07-weight-init-tanh-histograms.svg',
    alt: 'Histograms of the activations after 30 tanh layers of width 256 for U[−0.5, 0.5], Xavier and He initialization',
    chart: () =>
      histogramPanels({
        title: 'A 30-layer tanh net (width 256): activations after the last layer',
        xLabel: 'activation',
        yLabel: 'fraction of units',
        columns: 3,
        panelWidth: 300,
        panels: inits.map(({ name, init }) => {
          const run = deepNet(name, init, 'tanh');
          const rms = run.rmsByLayer[run.rmsByLayer.length - 1]!;
          return { title: name, values: run.final, range: [-1, 1] as [number, number], note: `RMS ${rms.toFixed(2)}, ${percent(run.saturated)} saturated (|a| > 0.99)` };
        }),
      }),
  },
];
