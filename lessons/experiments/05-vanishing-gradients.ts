import { gaussian, randomMatrix, seededRng } from '@course/random';
import { deepForwardBackward, layerGradientNorms, type Activation, type Layer } from '@impl/05-vanishing-gradients';
import type { Figure } from '../../src/figures/registry';
import { lineChart } from '../../src/figures/chart';

/** The lesson's experiment: 30 layers (29 hidden of width 64, then one sigmoid output unit), a batch of 16. */
export const DEPTH = 30;
export const WIDTH = 64;
export const BATCH = 16;
export const SEED = 5;

/** Weight standard deviation for a layer with `fanIn` inputs: 1/√n (LeCun; Xavier too, for square layers) or He's √(2/n). */
export const initStd = { lecun: (fanIn: number) => Math.sqrt(1 / fanIn), he: (fanIn: number) => Math.sqrt(2 / fanIn) };

/** A deep net with zero biases and Gaussian weights, a standard-normal batch and random 0/1 labels. */
export function deepNet(seed: number, std: (fanIn: number) => number, depth = DEPTH, width = WIDTH, batch = BATCH) {
  const rng = seededRng(seed);
  const widths = [width, ...Array<number>(depth - 1).fill(width), 1];
  const layers: Layer[] = widths.slice(1).map((nOut, l) => ({
    W: randomMatrix(widths[l]!, nOut, () => gaussian(rng, 0, std(widths[l]!))),
    b: Array<number>(nOut).fill(0),
  }));
  const X = randomMatrix(batch, width, () => gaussian(rng));
  const Y = Array.from({ length: batch }, () => (rng() < 0.5 ? 0 : 1));
  return { layers, X, Y };
}

/** ‖dW_l‖ for l = 1 … 30 of the lesson's net. */
export function experimentNorms(activation: Activation, init: keyof typeof initStd, seed = SEED): number[] {
  const { layers, X, Y } = deepNet(seed, initStd[init]);
  return layerGradientNorms(deepForwardBackward(layers, X, Y, activation).grads);
}

/** first-layer norm / last-layer norm */
export const firstOverLast = (norms: number[]) => norms[0]! / norms[norms.length - 1]!;

/** The average factor per layer between the last hidden layer and the first: (‖dW_1‖/‖dW_29‖)^(1/28). */
export const perLayerFactor = (norms: number[]) => (norms[0]! / norms[norms.length - 2]!) ** (1 / (norms.length - 2));

const series = (norms: number[]) => norms.map((n, i) => [i + 1, n] as [number, number]);

export const figures: Figure[] = [
  {
    file: '05-vanishing-gradients-layer-norms.svg',
    alt: 'Frobenius norm of each layer\'s weight gradient in a 30-layer, width-64 net, on a log scale: with sigmoid it falls by about 18 orders of magnitude from the last layer to the first; with ReLU and He initialization it stays within a factor of a few',
    chart: () =>
      lineChart({
        title: 'Gradient norm per layer, 30 layers of width 64',
        xLabel: 'layer l (1 = first, next to the input; 30 = output)',
        yLabel: '‖dW_l‖ (log scale)',
        logY: true,
        markers: true,
        yRange: [1e-20, 1e8], // head-room above the curves for the legend
        legend: 'left',
        series: [
          { name: 'sigmoid, std 1/√n', points: series(experimentNorms('sigmoid', 'lecun')) },
          { name: 'ReLU, He std √(2/n)', points: series(experimentNorms('relu', 'he')) },
          { name: 'tanh, std 1/√n', points: series(experimentNorms('tanh', 'lecun')), dashed: true },
        ],
      }),
  },
];
