import { sigmoid, sigmoidPrime, tanhPrime } from '@impl/01-sigmoid';
import type { Figure } from '../../src/figures/registry';
import { lineChart, sampleCurve } from '../../src/figures/chart';

export const figures: Figure[] = [
  {
    file: '01-sigmoid-curves.svg',
    alt: "σ(z), σ'(z) and tanh'(z) on [-10, 10]: σ' peaks at 0.25, tanh' at 1 (four times higher, and narrower), and both are nearly 0 beyond |z| = 5",
    chart: () =>
      lineChart({
        title: "The sigmoid, its derivative, and tanh's derivative",
        xLabel: 'z',
        yLabel: 'value',
        yRange: [0, 1],
        legend: 'left',
        series: [
          { name: 'σ(z)', points: sampleCurve(sigmoid, -10, 10) },
          { name: "σ'(z)", points: sampleCurve(sigmoidPrime, -10, 10) },
          { name: "tanh'(z)", points: sampleCurve(tanhPrime, -10, 10), dashed: true },
        ],
      }),
  },
  {
    file: '01-sigmoid-chain-bound.svg',
    alt: "The best case 0.25^L of a product of L sigmoid derivatives, on a log scale",
    chart: () =>
      lineChart({
        title: "Best case of a chain of L sigmoid derivatives: 0.25^L",
        xLabel: 'depth L',
        yLabel: 'product of σ\' (log scale)',
        logY: true,
        markers: true,
        series: [
          { name: "σ'(0)^L = 0.25^L", points: Array.from({ length: 20 }, (_, i) => [i + 1, sigmoidPrime(0) ** (i + 1)] as [number, number]) },
          { name: "σ'(2)^L", points: Array.from({ length: 20 }, (_, i) => [i + 1, sigmoidPrime(2) ** (i + 1)] as [number, number]) },
        ],
      }),
  },
];
