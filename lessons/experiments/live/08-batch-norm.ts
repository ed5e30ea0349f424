import * as E from '../../../grader/engine/index';
import { lineChart } from '../../../src/figures/chart';
import { asYours, show, type LiveFigure, type Params, type UnitApi } from '../../../src/figures/live/types';
import { T, type Matrix } from '../../../src/figures/live/engine';

type Api = { batchNormForward(X: number[][], gamma: number[], beta: number[], state: unknown, opts: { training: boolean }): { out: number[][] } };
const WIDTH = 32;
const DEPTH = 20;

/** RMS of each layer's activations in a 20-layer ReLU net, weights N(0, (scale/√n)²), batch norm before each ReLU when `bn` is given. */
function rmsByLayer(scale: number, bn?: Api['batchNormForward']): [number, number][] {
  const rng = E.mulberry32(808);
  let A = E.randomTensor([64, WIDTH], rng);
  const ones = Array<number>(WIDTH).fill(1);
  const zeros = Array<number>(WIDTH).fill(0);
  const points: [number, number][] = [];
  for (let l = 1; l <= DEPTH; l++) {
    let Z = E.matmul(A, E.randomTensor([WIDTH, WIDTH], rng, { scale: scale / Math.sqrt(WIDTH) }));
    if (bn) Z = E.Tensor.from(bn(Z.toArray() as number[][], ones, zeros, { runningMean: zeros, runningVar: ones }, { training: true }).out);
    A = E.relu(Z);
    points.push([l, Math.sqrt(A.data.reduce((s, x) => s + x * x, 0) / A.data.length)]);
  }
  return points;
}

const withBn = (p: Params) => p.bn === true;

/** The unit's contract functions written with the reference engine (grader/engine): what the page draws, and what the learner's series is drawn beside. */
export const reference: UnitApi = {
  batchNormForward: (X: Matrix, gamma: number[], beta: number[], state: unknown) => ({ out: E.batchNorm(T(X), T([gamma]), T([beta])).toArray(), state }),
};

export const live: LiveFigure[] = [
  {
    id: '08-batchnorm-toggle',
    unit: '08-batch-norm',
    uses: ['batchNormForward'],
    alt: 'RMS of the activations layer by layer in a 20-layer ReLU net with the chosen weight scale, with and without batch norm',
    controls: [
      { kind: 'range', name: 'scale', label: 'weight scale s (W ~ N(0, s²/n))', min: 0.5, max: 3, step: 0.05, value: 2, format: 'fixed2' },
      { kind: 'toggle', name: 'bn', label: 'batch norm before each ReLU', value: true },
    ],
    compute: (p, api) => (withBn(p) ? [{ name: 'with batch norm', points: rmsByLayer(p.scale as number, (api as unknown as Api).batchNormForward) }] : []),
    chart: (p, reference, yours) =>
      lineChart({
        title: `Activation scale per layer, 20-layer ReLU net, s = ${show(p.scale as number)}`,
        xLabel: 'layer',
        yLabel: 'RMS of activations (log scale)',
        logY: true,
        markers: true,
        yRange: [1e-4, 1e4],
        series: [{ name: 'without batch norm', points: rmsByLayer(p.scale as number), dashed: true }, ...reference, ...asYours(yours)],
      }),
    readout: (p) => {
      const last = rmsByLayer(p.scale as number).at(-1)![1];
      return `Without batch norm the last layer's RMS is ${show(last)} (each ReLU layer multiplies the variance by s²/2 = ${show((p.scale as number) ** 2 / 2)}); with it, every layer starts again from mean 0 and variance 1.`;
    },
  },
];
