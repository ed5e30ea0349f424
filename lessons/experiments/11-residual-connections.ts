/**
 * Lesson 11's figures. The data (per-layer gradient norms of the 30-block experiment, the stream's
 * RMS in a ReLU residual stack) is computed by the exported functions; the drawing is separate.
 */
import type { Matrix } from '@course/types';
import { gaussian, randomMatrix, seededRng } from '@course/random';
import { residualNetForwardBackward } from '@impl/11-residual-connections';
import { deepForwardBackward, layerGradientNorms } from '@impl/05-vanishing-gradients';
import type { Figure } from '../../src/figures/registry';
import { lineChart } from '../../src/figures/chart';

const WIDTH = 16;
const BLOCKS = 30;

/** The lesson's experiment: 30 blocks of width 16, N(0, 1/n) weights, zero biases, a head, a batch of 16. */
export function thirtyBlocks(seed = 1) {
  const rng = seededRng(seed);
  const n = WIDTH;
  const blocks = Array.from({ length: BLOCKS }, () => ({ W: randomMatrix(n, n, () => gaussian(rng, 0, Math.sqrt(1 / n))), b: Array<number>(n).fill(0) }));
  const head = { W: randomMatrix(n, 1, () => gaussian(rng, 0, Math.sqrt(1 / n))), b: [0] };
  const X = randomMatrix(16, n, () => gaussian(rng));
  const Y = Array.from({ length: 16 }, () => (rng() < 0.5 ? 0 : 1));
  return { blocks, head, X, Y };
}

/** ‖dW_l‖ of the 30 blocks and the head (31 entries), with the skips or as the same plain net. */
export function blockGradientNorms(skip: boolean, seed = 1): number[] {
  const { blocks, head, X, Y } = thirtyBlocks(seed);
  const grads = skip ? residualNetForwardBackward(blocks, head, X, Y, 'sigmoid').grads : deepForwardBackward([...blocks, head], X, Y, 'sigmoid').grads;
  return layerGradientNorms(grads);
}

export const firstOverThirtieth = (norms: number[]): number => norms[0]! / norms[29]!;

export type StreamFix = 'none' | 'scaled branch' | 'normalized branch';

/**
 * A ReLU residual stack with He weights (std √(2/n)) and no normalization: A_l = A_{l−1} + s·relu(N(A_{l−1})·W_l),
 * where s = 1/√L for 'scaled branch' (1 otherwise) and N normalizes each feature over the batch for
 * 'normalized branch' (the identity otherwise). Returns the stream's RMS after each block (and at the input).
 */
export function reluStreamRms(fix: StreamFix, seed = 7, blocksCount = BLOCKS): number[] {
  const rng = seededRng(seed);
  const n = WIDTH;
  const weights = Array.from({ length: blocksCount }, () => randomMatrix(n, n, () => gaussian(rng, 0, Math.sqrt(2 / n))));
  let A: Matrix = randomMatrix(64, n, () => gaussian(rng));
  const s = fix === 'scaled branch' ? 1 / Math.sqrt(blocksCount) : 1;
  const rms = (M: Matrix) => Math.sqrt(M.flat().reduce((t, x) => t + x * x, 0) / (M.length * n));
  const normalize = (M: Matrix): Matrix => {
    const mean = M[0]!.map((_, j) => M.reduce((t, row) => t + row[j]!, 0) / M.length);
    const std = mean.map((mu, j) => Math.sqrt(M.reduce((t, row) => t + (row[j]! - mu) ** 2, 0) / M.length + 1e-5));
    return M.map((row) => row.map((x, j) => (x - mean[j]!) / std[j]!));
  };
  const out = [rms(A)];
  for (const W of weights) {
    const input = fix === 'normalized branch' ? normalize(A) : A;
    const Z = input.map((row) => W[0]!.map((_, j) => row.reduce((t, a, k) => t + a * W[k]![j]!, 0)));
    A = A.map((row, i) => row.map((x, j) => x + s * Math.max(Z[i]![j]!, 0)));
    out.push(rms(A));
  }
  return out;
}

const perLayer = (values: number[], from = 1): [number, number][] => values.map((v, i) => [i + from, v]);

export const figures: Figure[] = [
  {
    file: '11-residual-connections-gradient-norms.svg',
    alt: "Gradient norm of each block's weights in a 30-block sigmoid net of width 16: with skips the norms stay between about 0.1 and 1 from the first block to the last; without skips they fall by about 20 orders of magnitude",
    chart: () =>
      lineChart({
        title: "‖dW_l‖ per layer, 30 sigmoid layers of width 16 (seed 1)",
        xLabel: 'layer l (1 = next to the input; 31 = the head)',
        yLabel: '‖dW_l‖ (log scale)',
        logY: true,
        markers: true,
        legend: 'left',
        series: [
          { name: 'residual: A + σ(A·W + b)', points: perLayer(blockGradientNorms(true)) },
          { name: 'plain: σ(A·W + b)', points: perLayer(blockGradientNorms(false)), dashed: true },
        ],
      }),
  },
  {
    file: '11-residual-connections-relu-stream.svg',
    alt: "RMS of the stream after each block of a ReLU residual stack with He weights: without a fix it grows by about 1.5 per block to 2.6e5 after 30 blocks; with the branch scaled by 1 over the square root of 30 or its input normalized it stays below 10",
    chart: () =>
      lineChart({
        title: 'RMS of the stream A_l, 30 ReLU blocks, He weights (seed 7)',
        xLabel: 'block l',
        yLabel: 'RMS of A_l (log scale)',
        logY: true,
        legend: 'left',
        series: [
          { name: 'no fix: variance adds up', points: perLayer(reluStreamRms('none'), 0) },
          { name: 'branch scaled by 1/√30', points: perLayer(reluStreamRms('scaled branch'), 0) },
          { name: 'branch input normalized', points: perLayer(reluStreamRms('normalized branch'), 0), dashed: true },
        ],
      }),
  },
];
