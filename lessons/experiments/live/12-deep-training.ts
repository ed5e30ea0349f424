import { seededRng } from '@course/random';
import { lineChart, type Series } from '../../../src/figures/chart';
import { asYours, show, type LiveFigure, type Params, type UnitApi } from '../../../src/figures/live/types';
import * as E from '../../../grader/engine/index';
import type { Matrix } from '../../../src/figures/live/engine';

type Config = { depth: number; width: number; activation: string; init: string; batchNorm?: boolean; residual?: boolean; clipNorm?: number; lr: number; steps: number; batchSize: number };
type Result = { lossHistory: number[]; gradNormHistory: number[][]; accuracy: number };
type Api = {
  makeSpirals(nPerClass: number, rng: () => number, noise?: number): { X: number[][]; Y: number[] };
  trainDeepNet(config: Config, data: { X: number[][]; Y: number[] }, rng: () => number): Result;
};

// The lesson's runs (grader/checks/support/deep-training.ts): width 16, 100 steps of 16 examples, 40 points per spiral,
// data seed 1 and training seed 1001, so the default setting is the lesson's "stuck" net.
const WIDTH = 16;
const STEPS = 100;
const BATCH = 16;
const NPERCLASS = 40;

const configOf = (p: Params): Config => ({
  depth: p.depth as number,
  width: WIDTH,
  activation: p.activation as string,
  init: p.init as string,
  batchNorm: p.batchNorm === true,
  residual: p.residual === true,
  ...(p.clipNorm === 'off' ? {} : { clipNorm: Number(p.clipNorm) }),
  lr: p.lr as number,
  steps: STEPS,
  batchSize: BATCH,
});

// One run per api and setting: switching the view (loss or gradient norms) redraws without training again.
const runs = new WeakMap<UnitApi, Map<string, Result>>();
function train(p: Params, api: UnitApi): Result {
  const config = configOf(p);
  const key = JSON.stringify(config);
  let cache = runs.get(api);
  if (!cache) runs.set(api, (cache = new Map()));
  let result = cache.get(key);
  if (!result) {
    const { makeSpirals, trainDeepNet } = api as unknown as Api;
    result = trainDeepNet(config, makeSpirals(NPERCLASS, seededRng(1)), seededRng(1001));
    if (cache.size > 50) cache.clear();
    cache.set(key, result);
  }
  return result;
}

/** Mini-batch losses averaged over the last 10 steps (the lesson's smoothing); steps whose loss is not finite are left out. */
function smoothed(losses: number[]): [number, number][] {
  return losses.flatMap((_, i): [number, number][] => {
    const part = losses.slice(Math.max(0, i - 9), i + 1);
    const mean = part.reduce((s, x) => s + x, 0) / part.length;
    return Number.isFinite(mean) ? [[i + 1, mean]] : [];
  });
}
const layerNorm = (r: Result, layer: (norms: number[]) => number): [number, number][] =>
  r.gradNormHistory.flatMap((norms, t): [number, number][] => (Number.isFinite(layer(norms)) ? [[t + 1, layer(norms)]] : []));

/** The loss axis is fixed, so that runs can be compared by eye: a coin toss sits at ln 2 whatever else is drawn. */
const LOSS_TOP = 1.5;
const finalLoss = (r: Result) => r.lossHistory.slice(-10).reduce((s, x) => s + x, 0) / 10;

/** The unit's contract functions written with the reference engine (grader/engine): what the page draws, and what the learner's series is drawn beside. */
export const reference: UnitApi = {
  makeSpirals: (nPerClass: number, rng: () => number, noise = 0.1) => E.spirals(nPerClass, rng, noise),
  trainDeepNet: (config: E.TrainConfig, data: { X: Matrix; Y: number[] }, rng: () => number) => E.trainReference(config, data, rng),
};

export const live: LiveFigure[] = [
  {
    id: '12-training-curves',
    unit: '12-deep-training',
    uses: ['makeSpirals', 'trainDeepNet'],
    alt: 'The mini-batch loss, or the gradient norms of the first and last layers, over 100 steps of training a deep net on the two spirals, for the chosen depth, activation, initialization, batch norm, residual blocks, clipping and learning rate',
    redraw: 'change',
    timeLimitMs: 20000,
    controls: [
      { kind: 'select', name: 'view', label: 'show', value: 'loss', options: [{ value: 'loss', label: 'the loss' }, { value: 'norms', label: '‖dW‖ of the first and last layers' }] },
      { kind: 'range', name: 'depth', label: 'layers', min: 2, max: 20, step: 1, value: 20, format: 'int' },
      { kind: 'select', name: 'activation', label: 'activation', value: 'sigmoid', options: ['sigmoid', 'tanh', 'relu', 'leakyRelu'].map((v) => ({ value: v, label: v })) },
      { kind: 'select', name: 'init', label: 'init', value: 'smallUniform', options: [{ value: 'smallUniform', label: "the notes' U[−0.5, 0.5]" }, { value: 'xavierNormal', label: 'Xavier normal' }, { value: 'heNormal', label: 'He normal' }] },
      { kind: 'toggle', name: 'batchNorm', label: 'batch norm', value: false },
      { kind: 'toggle', name: 'residual', label: 'residual blocks', value: false },
      { kind: 'select', name: 'clipNorm', label: 'clipNorm', value: 'off', options: ['off', '0.01', '0.1', '1', '10'].map((v) => ({ value: v, label: v })) },
      { kind: 'range', name: 'lr', label: 'learning rate', min: 0.01, max: 1, step: 0.01, value: 0.1, format: 'fixed2' },
    ],
    compute: (p, api): Series[] => {
      const r = train(p, api);
      if (p.view === 'norms') {
        return [
          { name: '‖dW_1‖ (first layer)', points: layerNorm(r, (n) => n[0]!) },
          { name: `‖dW_${p.depth}‖ (last layer)`, points: layerNorm(r, (n) => n[n.length - 1]!) },
        ];
      }
      return [{ name: 'loss (mean of 10 steps)', points: smoothed(r.lossHistory) }];
    },
    chart: (p, ref, yours) => {
      const what = `${p.depth} ${p.activation} layers, ${p.init}${p.batchNorm ? ', batch norm' : ''}${p.residual ? ', residual' : ''}${p.clipNorm === 'off' ? '' : `, clipNorm ${p.clipNorm}`}, lr ${show(p.lr as number)}`;
      if (p.view === 'norms') {
        return lineChart({ title: `‖dW‖ per step: ${what}`, xLabel: 'step', yLabel: '‖dW_l‖ before clipping (log scale)', logY: true, legend: 'left', series: [...ref, ...asYours(yours)] });
      }
      const coinToss: Series = { name: 'ln 2: a coin toss', points: [[1, Math.LN2], [STEPS, Math.LN2]], dashed: true };
      return lineChart({ title: `Loss on the two spirals: ${what}`, xLabel: 'step', yLabel: 'mini-batch loss, mean of 10 steps', legend: 'left', yRange: [0, LOSS_TOP], series: [coinToss, ...ref, ...asYours(yours)] });
    },
    readout: (p) => {
      const r = train(p, reference);
      const first = r.gradNormHistory[0]!;
      const bad = r.lossHistory.filter((x) => !Number.isFinite(x)).length;
      const top = Math.max(...smoothed(r.lossHistory).map(([, y]) => y));
      const above = p.view !== 'norms' && top > LOSS_TOP ? ` The curve leaves the top of the chart (it reaches ${show(top)}).` : '';
      return `Final loss (mean of the last 10 steps) ${show(finalLoss(r))}, accuracy ${show(r.accuracy)}; at the first step ‖dW_1‖ / ‖dW_${p.depth}‖ = ${show(first[0]! / first.at(-1)!)}.${above}${bad ? ` ${bad} of the ${STEPS} losses were not finite and are left out.` : ''}`;
    },
  },
];
