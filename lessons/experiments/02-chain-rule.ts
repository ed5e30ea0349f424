import { chainBackward } from '@impl/02-chain-rule';
import type { Figure } from '../../src/figures/registry';
import { lineChart } from '../../src/figures/chart';

const depth = 20;

/** |dL/dw_k| for k = 1 … depth, for a chain with every weight equal to w, x = 1 and dL/da_L = 1. */
function layerGradients(w: number): [number, number][] {
  const { dw } = chainBackward(1, new Array<number>(depth).fill(w), 1);
  return dw.map((g, k) => [k + 1, Math.abs(g)] as [number, number]);
}

export const figures: Figure[] = [
  {
    file: '02-chain-rule-layer-gradients.svg',
    alt: '|dL/dw_k| per layer of a 20-layer sigmoid chain on a log scale: a straight-line decay towards the input, below the bound 0.25^(L−k+1)',
    chart: () =>
      lineChart({
        title: '|dL/dw_k| per layer of a 20-layer sigmoid chain',
        xLabel: 'layer k (1 = input side, 20 = output side)',
        yLabel: '|dL/dw_k| (log scale)',
        logY: true,
        markers: true,
        legend: 'left',
        series: [
          { name: 'every w_k = 0.5', points: layerGradients(0.5) },
          { name: 'every w_k = 1', points: layerGradients(1) },
          {
            name: 'bound 0.25^(L−k+1)',
            points: Array.from({ length: depth }, (_, i) => [i + 1, 0.25 ** (depth - i)] as [number, number]),
            dashed: true,
          },
        ],
      }),
  },
];
