import * as E from '../../../grader/engine/index';
import { lineChart } from '../chart';
import { asYours, show, type LiveFigure } from './types';

type Api = { clipByGlobalNorm(grads: number[][][], maxNorm: number): { clipped: number[][][] } };
type Clip = Api['clipByGlobalNorm'] | undefined;

/** The lesson's toy: ŷ = w₁·…·w₁₀ (x = 1), loss ½(ŷ − 1)², every weight near 1.2, 60 steps of gradient descent. */
function losses(lr: number, clip: Clip, maxNorm: number): [number, number][] {
  const rng = E.mulberry32(1010);
  let w = Array.from({ length: 10 }, () => 1.2 * (1 + 0.05 * E.randn(rng)));
  const out: [number, number][] = [];
  for (let step = 1; step <= 60; step++) {
    const y = w.reduce((p, wk) => p * wk, 1);
    out.push([step, 0.5 * (y - 1) ** 2]);
    let grads = w.map((wk) => [[((y - 1) * y) / wk]]);
    if (clip) grads = clip(grads, maxNorm).clipped;
    w = w.map((wk, k) => wk - lr * grads[k]![0]![0]!);
  }
  return out;
}

export const live: LiveFigure[] = [
  {
    id: '10-clip-threshold',
    unit: '10-gradient-clipping',
    uses: ['clipByGlobalNorm'],
    alt: 'Loss per step on the 10-weight chain, unclipped and clipped by global norm at the chosen threshold, on a log scale',
    controls: [
      { kind: 'range', name: 'maxNorm', label: 'max norm', min: 0.1, max: 30, step: 0.1, value: 1, format: 'fixed1' },
      { kind: 'range', name: 'lr', label: 'learning rate', min: 0.005, max: 0.05, step: 0.001, value: 0.02, format: 'fixed2' },
    ],
    compute: (p, api) => [{ name: `clipped at global norm ${show(p.maxNorm as number)}`, points: losses(p.lr as number, (api as unknown as Api).clipByGlobalNorm, p.maxNorm as number) }],
    chart: (p, reference, yours) =>
      lineChart({
        title: `Loss per step, 10-weight chain, lr ${show(p.lr as number)}`,
        xLabel: 'step',
        yLabel: 'loss (log scale)',
        logY: true,
        series: [{ name: 'no clipping', points: losses(p.lr as number, undefined, 0), dashed: true }, ...reference, ...asYours(yours)],
      }),
    readout: (p, [ref]) => `After 60 steps: loss ${show(ref!.points.at(-1)![1])} clipped, ${show(losses(p.lr as number, undefined, 0).at(-1)![1])} unclipped.`,
  },
];
