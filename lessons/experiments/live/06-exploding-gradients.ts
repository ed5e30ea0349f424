import { lineChart } from '../../../src/figures/chart';
import { asYours, show, type LiveFigure, type UnitApi } from '../../../src/figures/live/types';
import * as E from '../../../grader/engine/index';
import { T, type Matrix } from '../../../src/figures/live/engine';

type Api = { deepLinearOutput(W: number[][], L: number, x: number[]): number[] };
const MAX_DEPTH = 40;

/** The unit's contract functions written with the reference engine (grader/engine): what the page draws, and what the learner's series is drawn beside. */
export const reference: UnitApi = {
  deepLinearOutput: (W: Matrix, L: number, x: number[]) => {
    let y = T(x.map((v) => [v]));
    const M = T(W);
    for (let k = 1; k < L; k++) y = E.matmul(M, y);
    return Array.from(y.data);
  },
};

export const live: LiveFigure[] = [
  {
    id: '06-deep-linear',
    unit: '06-exploding-gradients',
    uses: ['deepLinearOutput'],
    alt: 'The first entry of W^(L−1)·x for W = diag(d, d) and x = [1, 1], against depth L, on a log scale',
    controls: [{ kind: 'range', name: 'd', label: 'W = diag(d, d), d', min: 0.5, max: 1.5, step: 0.01, value: 1.2, format: 'fixed2' }],
    compute: (p, api) => {
      const d = p.d as number;
      const W = [[d, 0], [0, d]];
      return [{ name: 'first entry of W^(L−1)·x', points: Array.from({ length: MAX_DEPTH }, (_, i) => [i + 1, (api as unknown as Api).deepLinearOutput(W, i + 1, [1, 1])[0]!] as [number, number]) }];
    },
    chart: (p, reference, yours) =>
      lineChart({ title: `A deep linear network, W = diag(${show(p.d as number)}, ${show(p.d as number)})`, xLabel: 'depth L', yLabel: 'W^(L−1)·x, first entry (log scale)', logY: true, markers: true, yRange: [1e-10, 1e8], series: [...reference, ...asYours(yours)] }),
    readout: (p) => `At L = 30 the output is ${show((p.d as number) ** 29)} = ${show(p.d as number)}^29: below 1 it vanishes, above 1 it explodes, geometrically.`,
  },
];
