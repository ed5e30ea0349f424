import { deepLinearOutput } from '@impl/06-exploding-gradients';
import type { Figure } from '../../src/figures/registry';
import { lineChart } from '../../src/figures/chart';

const depths = Array.from({ length: 31 }, (_, i) => i + 1);
const diag = (d: number) => [[d, 0], [0, d]];

/** |w_t| for gradient descent on ½·c·w² from w = 1: the iterate is (1 − lr·c)^t. */
function iterates(curvature: number, lr: number, steps: number): [number, number][] {
  const points: [number, number][] = [];
  let w = 1;
  for (let t = 0; t <= steps; t++) {
    points.push([t, Math.abs(w)]);
    w -= lr * curvature * w;
  }
  return points;
}

const c = 4;

export const figures: Figure[] = [
  {
    file: '06-exploding-gradients-deep-linear.svg',
    alt: 'The first entry of W^(L−1)x against depth L for diag(1.5), diag(1) and diag(0.5), on a log scale',
    chart: () =>
      lineChart({
        title: 'A deep linear network: W^(L−1)·x for x = [1, 1]',
        xLabel: 'depth L (layers)',
        yLabel: 'first entry of the output (log scale)',
        logY: true,
        markers: true,
        legend: 'left',
        series: [1.5, 1, 0.5].map((d) => ({
          name: `W = diag(${d}, ${d})`,
          points: depths.map((L) => [L, deepLinearOutput(diag(d), L, [1, 1])[0]!] as [number, number]),
        })),
      }),
  },
  {
    file: '06-exploding-gradients-gd-edge.svg',
    alt: '|w_t| over 30 steps for lr = 0.9·(2/c), exactly 2/c and 1.1·(2/c), with c = 4, on a log scale',
    chart: () =>
      lineChart({
        title: 'Gradient descent on ½·c·w² with c = 4: |w| after t steps',
        xLabel: 'step t',
        yLabel: '|w_t| (log scale)',
        logY: true,
        markers: true,
        legend: 'left',
        series: [
          { name: 'lr = 0.45 < 2/c (factor −0.8)', points: iterates(c, 0.9 * (2 / c), 30) },
          { name: 'lr = 0.5 = 2/c (factor −1)', points: iterates(c, 2 / c, 30), dashed: true },
          { name: 'lr = 0.55 > 2/c (factor −1.2)', points: iterates(c, 1.1 * (2 / c), 30) },
        ],
      }),
  },
];
