import * as E from '../../../grader/engine/index';
import { explodingChain } from '@course/exploding-chain';
import { lineChart } from '../../../src/figures/chart';
import { asYours, show, type LiveFigure, type UnitApi } from '../../../src/figures/live/types';
import { T, frobenius, type Matrix } from '../../../src/figures/live/engine';

type Api = { clipByGlobalNorm(grads: number[][][], maxNorm: number): { clipped: number[][][] } };
type Run = { lossHistory: number[]; diverged: boolean };
type LoopApi = { trainWithClipping(problem: ReturnType<typeof explodingChain>, options: { lr: number; steps: number; clipNorm?: number }): Run };

/** A run's losses as chart points: the finite ones (a diverged run ends at a loss that is not), floored for the log scale. */
const lossPoints = (run: Run): [number, number][] => run.lossHistory.filter((l) => Number.isFinite(l)).map((l, t) => [t + 1, Math.max(l, 1e-30)]);
const loopRun = (api: LoopApi, lr: number, clipNorm?: number): Run => api.trainWithClipping(explodingChain(), { lr, steps: 40, ...(clipNorm === undefined ? {} : { clipNorm }) });
const ending = (run: Run) => (run.diverged ? `diverged at step ${run.lossHistory.length}` : `loss ${show(run.lossHistory.at(-1)!)} after ${run.lossHistory.length} steps`);
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

/** The unit's contract functions written with the reference engine (grader/engine): what the page draws, and what the learner's series is drawn beside. */
export const reference: UnitApi = {
  clipByGlobalNorm: (grads: Matrix[], maxNorm: number) => {
    const totalNorm = Math.sqrt(grads.reduce((s, g) => s + frobenius(g) ** 2, 0));
    const factor = maxNorm / (totalNorm + 1e-6);
    const clipped = factor < 1 ? grads.map((g) => E.scale(T(g), factor).toArray() as Matrix) : grads.map((g) => g.map((row) => [...row]));
    return { clipped, totalNorm };
  },
  trainWithClipping: (problem: E.ClipProblem, options: E.ClipRunOptions) => E.trainClipped(problem, options),
};

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
  {
    id: '10-clip-in-the-loop',
    unit: '10-gradient-clipping',
    uses: ['trainWithClipping'],
    alt: "Loss per step of trainWithClipping on the lesson's 10-weight chain: the unclipped run, which diverges at a large learning rate, and the run clipped by global norm, on a log scale",
    controls: [
      { kind: 'range', name: 'lr', label: 'learning rate', min: 0.01, max: 0.3, step: 0.01, value: 0.15, format: 'fixed2' },
      { kind: 'range', name: 'clipNorm', label: 'clipNorm', min: 0.1, max: 20, step: 0.1, value: 1, format: 'fixed1' },
    ],
    compute: (p, api) => {
      const loop = api as unknown as LoopApi;
      return [
        { name: 'no clipping', points: lossPoints(loopRun(loop, p.lr as number)), dashed: true },
        { name: `clipNorm ${show(p.clipNorm as number)}`, points: lossPoints(loopRun(loop, p.lr as number, p.clipNorm as number)) },
      ];
    },
    chart: (p, reference, yours) =>
      lineChart({
        title: `trainWithClipping on the 10-weight chain, lr ${show(p.lr as number)}`,
        xLabel: 'step',
        yLabel: 'loss (log scale)',
        logY: true,
        xRange: [1, 40],
        // The unclipped loss reaches 1e95 before Infinity: cut the axis so the clipped run stays readable.
        yRange: [1e-32, 1e8],
        series: [...reference, ...asYours(yours)],
      }),
    readout: (p) => {
      const loop = reference as unknown as LoopApi;
      return `No clipping: ${ending(loopRun(loop, p.lr as number))}. clipNorm ${show(p.clipNorm as number)}: ${ending(loopRun(loop, p.lr as number, p.clipNorm as number))}.`;
    },
  },
];
