import { lineChart } from '../../../src/figures/chart';
import { asYours, show, type LiveFigure, type UnitApi } from '../../../src/figures/live/types';
import * as E from '../../../grader/engine/index';
import { T } from '../../../src/figures/live/engine';

type Api = { chainBackward(x: number, weights: number[], dLda: number): { dw: number[] } };

/** The unit's contract functions written with the reference engine (grader/engine): what the page draws, and what the learner's series is drawn beside. */
export const reference: UnitApi = {
  chainBackward: (x: number, weights: number[], dLda: number) => {
    const w = weights.map((v) => T(v, true));
    const z: E.Tensor[] = [];
    let a = T(x);
    for (const wk of w) {
      z.push(E.mul(wk, a));
      a = E.sigmoid(z[z.length - 1]!);
    }
    a.backward(dLda);
    return { dz: z.map((t) => t.grad?.[0] ?? 0), dw: w.map((t) => t.grad![0]!) };
  },
};

export const live: LiveFigure[] = [
  {
    id: '02-chain-depth',
    unit: '02-chain-rule',
    uses: ['chainBackward'],
    alt: '|dL/dw_k| for every layer of a sigmoid chain of the chosen depth and weight, on a log scale',
    controls: [
      { kind: 'range', name: 'depth', label: 'depth L', min: 2, max: 40, step: 1, value: 20, format: 'int' },
      { kind: 'range', name: 'w', label: 'every weight w', min: 0.25, max: 6, step: 0.05, value: 1, format: 'fixed2' },
    ],
    compute: (p, api) => {
      const { dw } = (api as unknown as Api).chainBackward(1, new Array<number>(p.depth as number).fill(p.w as number), 1);
      return [{ name: '|dL/dw_k|', points: dw.map((g, k) => [k + 1, Math.abs(g)] as [number, number]) }];
    },
    chart: (p, reference, yours) => {
      const L = p.depth as number;
      const bound = { name: '0.25^(L−k+1)', dashed: true, points: Array.from({ length: L }, (_, k) => [k + 1, 0.25 ** (L - k)] as [number, number]) };
      return lineChart({ title: `|dL/dw_k| per layer, ${L} layers, every w = ${show(p.w as number)}`, xLabel: 'layer k (1 = input side)', yLabel: '|dL/dw_k| (log scale)', logY: true, markers: true, series: [...reference, bound, ...asYours(yours)] });
    },
    readout: (p, [ref]) => {
      const first = ref!.points[0]![1];
      const last = ref!.points[ref!.points.length - 1]![1];
      return `First layer ${show(first)}, last ${show(last)}: the first gets ${show(first / last)} times the last one's gradient.`;
    },
  },
];
