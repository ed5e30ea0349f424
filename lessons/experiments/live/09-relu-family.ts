import { seededRng } from '@course/random';
import { lineChart, sampleCurve, type Series } from '../../../src/figures/chart';
import { asYours, show, type LiveFigure, type Params, type UnitApi } from '../../../src/figures/live/types';
import * as E from '../../../grader/engine/index';
import { T, scalar, type Matrix } from '../../../src/figures/live/engine';

type Api = { leakyRelu(z: number, alpha?: number): number; elu(z: number, alpha?: number): number };
type WatchConfig = { activation: 'relu' | 'leakyRelu'; width: number; biasShift: number; lr: number; steps: number };
type History = { deadFraction: number[]; loss: number[]; hiddenGradNorm: number[] };
type WatchApi = { trainAndWatchDeadUnits(config: WatchConfig, data: { X: number[][]; Y: number[] }, rng: () => number): History };

/** The course's toy problem of lesson 09's first run (data seed 900, net seed 1): 32 points of [−1, 1]² and their mirror images. */
function toyProblem(): { X: number[][]; Y: number[] } {
  const rng = seededRng(900);
  const half = Array.from({ length: 32 }, () => [2 * rng() - 1, 2 * rng() - 1]);
  const X = [...half, ...half.map(([a, b]) => [-a!, -b!])];
  return { X, Y: X.map(([a, b]) => (a! + 0.5 * b! > 0 ? 1 : 0)) };
}

// One run per api and setting: switching the view redraws without training again.
const runs = new WeakMap<UnitApi, Map<string, History>>();
function watch(p: Params, api: UnitApi): History {
  const config: WatchConfig = { activation: p.activation as WatchConfig['activation'], width: 16, biasShift: p.biasShift as number, lr: Number(p.lr), steps: 300 };
  const key = JSON.stringify(config);
  let cache = runs.get(api);
  if (!cache) runs.set(api, (cache = new Map()));
  let result = cache.get(key);
  if (!result) {
    result = (api as unknown as WatchApi).trainAndWatchDeadUnits(config, toyProblem(), seededRng(1));
    if (cache.size > 50) cache.clear();
    cache.set(key, result);
  }
  return result;
}
const views = { deadFraction: 'deadFraction(Z1)', loss: 'loss (mean BCE)', hiddenGradNorm: 'hidden gradient √(‖dW1‖² + ‖db1‖²)' } as const;
type View = keyof typeof views;
const finite = (values: number[]): [number, number][] => values.flatMap((v, t): [number, number][] => (Number.isFinite(v) ? [[t, v]] : []));

/** The unit's contract functions written with the reference engine (grader/engine): what the page draws, and what the learner's series is drawn beside. */
export const reference: UnitApi = {
  leakyRelu: (z: number, alpha = 0.01) => scalar(E.leakyRelu(T(z), alpha)),
  elu: (z: number, alpha = 1) => scalar(E.elu(T(z), alpha)),
  trainAndWatchDeadUnits: (config: E.DyingConfig, data: { X: Matrix; Y: number[] }, rng: () => number) => E.trainDyingReference(config, data, rng),
};

export const live: LiveFigure[] = [
  {
    id: '09-alpha',
    unit: '09-relu-family',
    uses: ['leakyRelu', 'elu'],
    alt: 'Leaky ReLU and ELU on [−3, 3] for the chosen α',
    controls: [{ kind: 'range', name: 'alpha', label: 'α', min: 0, max: 1.5, step: 0.01, value: 0.1, format: 'fixed2' }],
    compute: (p, api) => {
      const { leakyRelu, elu } = api as unknown as Api;
      const alpha = p.alpha as number;
      return [
        { name: `leaky ReLU (α = ${show(alpha)})`, points: sampleCurve((z) => leakyRelu(z, alpha), -3, 3, 121) },
        { name: `ELU (α = ${show(alpha)})`, points: sampleCurve((z) => elu(z, alpha), -3, 3, 121) },
      ];
    },
    chart: (_p, reference, yours) => lineChart({ title: 'Leaky ReLU and ELU: what α does below 0', xLabel: 'z', yLabel: 'activation', yRange: [-1.6, 3], series: [...reference, ...asYours(yours)] }),
    readout: (p) => `Below 0 a leaky ReLU passes a gradient of α = ${show(p.alpha as number)}; ELU's gradient is α·e^z there, and its output levels off at −α.`,
  },
  {
    id: '09-watching',
    unit: '09-relu-family',
    uses: ['trainAndWatchDeadUnits'],
    alt: 'The dead fraction, the loss or the hidden gradient per step of 300 steps on the course\'s toy problem, for the chosen activation, starting bias and learning rate',
    redraw: 'change',
    timeLimitMs: 20000,
    controls: [
      { kind: 'select', name: 'view', label: 'show', value: 'loss', options: (Object.keys(views) as View[]).map((v) => ({ value: v, label: views[v] })) },
      { kind: 'select', name: 'activation', label: 'activation', value: 'relu', options: ['relu', 'leakyRelu'].map((v) => ({ value: v, label: v })) },
      { kind: 'range', name: 'biasShift', label: 'biasShift', min: -10, max: 0, step: 0.5, value: -10, format: 'fixed1' },
      { kind: 'select', name: 'lr', label: 'learning rate', value: '4', options: ['1', '4', '8', '14'].map((v) => ({ value: v, label: v })) },
    ],
    compute: (p, api): Series[] => {
      const view = p.view as View;
      return [{ name: views[view], points: finite(watch(p, api)[view]) }];
    },
    chart: (p, ref, yours) => {
      const view = p.view as View;
      const lnTwo: Series[] = view === 'loss' ? [{ name: 'ln 2: a coin toss', points: [[0, Math.LN2], [299, Math.LN2]], dashed: true }] : [];
      return lineChart({
        title: `${p.activation}, every bias starting at ${show(p.biasShift as number)}, rate ${p.lr}`,
        xLabel: 'step (full-batch gradient descent)',
        yLabel: views[view],
        legend: 'left',
        ...(view === 'hiddenGradNorm' ? {} : { yRange: [0, view === 'loss' ? 1.2 : 1] as [number, number] }),
        series: [...lnTwo, ...ref, ...asYours(yours)],
      });
    },
    readout: (p) => {
      const h = watch(p, reference);
      const zeros = h.hiddenGradNorm.filter((g) => g === 0).length;
      return `After 300 steps: loss ${show(h.loss.at(-1)!)}, ${Math.round(h.deadFraction.at(-1)! * 16)} of 16 units ≤ 0 on every example; the hidden gradient was exactly 0 in ${zeros} of the 300 steps.`;
    },
  },
];
