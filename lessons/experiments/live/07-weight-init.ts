import * as E from '../../../grader/engine/index';
import { histogramPanels } from '../../../src/figures/chart';
import { show, type LiveFigure, type UnitApi } from '../../../src/figures/live/types';

type Init = (fanIn: number, fanOut: number, rng: () => number) => number[][];
const WIDTH = 128;
const BATCH = 16;
const INITS = [
  { value: 'smallUniform', label: 'U[−0.5, 0.5] (the notes)' },
  { value: 'xavierNormal', label: 'Xavier normal' },
  { value: 'heNormal', label: 'He normal' },
];

/** The last layer's activations of a `depth`-layer net of width 128 whose weights come from `init`. */
function lastActivations(init: Init, activation: string, depth: number): number[] {
  const rng = E.mulberry32(7);
  let A = E.randomTensor([BATCH, WIDTH], rng);
  const f = activation === 'relu' ? E.relu : E.tanh;
  for (let l = 0; l < depth; l++) A = f(E.matmul(A, E.Tensor.from(init(WIDTH, WIDTH, rng))));
  return Array.from(A.data);
}

/** Whole percents, one decimal below 1% (so a few saturated units do not read as 0%). */
const percent = (x: number) => (x > 0 && x < 0.01 ? `${(100 * x).toFixed(1)}%` : `${Math.round(100 * x)}%`);
const rms = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);

/** The unit's contract functions written with the reference engine (grader/engine): what the page draws, and what the learner's series is drawn beside. */
export const reference: UnitApi = {
  smallUniform: (fanIn: number, fanOut: number, rng: () => number, limit = 0.5) =>
    Array.from({ length: fanIn }, () => Array.from({ length: fanOut }, () => (2 * rng() - 1) * limit)),
  xavierNormal: (fanIn: number, fanOut: number, rng: () => number) => E.randomTensor([fanIn, fanOut], rng, { scale: Math.sqrt(2 / (fanIn + fanOut)) }).toArray(),
  heNormal: (fanIn: number, fanOut: number, rng: () => number) => E.randomTensor([fanIn, fanOut], rng, { scale: Math.sqrt(2 / fanIn) }).toArray(),
};

export const live: LiveFigure[] = [
  {
    id: '07-init-histograms',
    unit: '07-weight-init',
    uses: INITS.map((i) => i.value),
    alt: 'Histogram of the activations after the last layer of a deep net of width 128, for the chosen initialization, activation and depth',
    controls: [
      { kind: 'select', name: 'init', label: 'init', value: 'smallUniform', options: INITS },
      { kind: 'select', name: 'activation', label: 'activation', value: 'tanh', options: [{ value: 'tanh', label: 'tanh' }, { value: 'relu', label: 'ReLU' }] },
      { kind: 'range', name: 'depth', label: 'layers', min: 1, max: 30, step: 1, value: 30, format: 'int' },
    ],
    compute: (p, api) => {
      const values = lastActivations(api[p.init as string] as unknown as Init, p.activation as string, p.depth as number);
      return [{ name: INITS.find((i) => i.value === p.init)!.label, points: values.map((v, i) => [i, v] as [number, number]) }];
    },
    chart: (p, reference, yours) => {
      const tanh = p.activation === 'tanh';
      const panel = (s: (typeof reference)[number], isYours: boolean) => {
        const values = s.points.map(([, v]) => v);
        const top = tanh ? 1 : Math.max(1e-9, ...values.filter(Number.isFinite));
        const saturated = values.filter((v) => Math.abs(v) > 0.99).length / values.length;
        return {
          title: isYours ? `yours: ${s.name}` : s.name,
          values,
          range: (tanh ? [-1, 1] : [0, top]) as [number, number],
          note: `RMS ${show(rms(values))}${tanh ? `, ${percent(saturated)} saturated` : ''}`,
          yours: isYours,
        };
      };
      return histogramPanels({ title: `Activations after ${p.depth} ${tanh ? 'tanh' : 'ReLU'} layers of width ${WIDTH}`, xLabel: 'activation', yLabel: 'fraction of units', columns: 2, bins: 30, panels: [...reference.map((s) => panel(s, false)), ...yours.map((s) => panel(s, true))] });
    },
    readout: (p, [ref]) => `RMS after the last layer: ${show(rms(ref!.points.map(([, v]) => v)))}. The matching pairs keep it of order 1: tanh with Xavier, ReLU with He.`,
  },
];
