import type { Matrix } from '@course/types';
import { gaussian, seededRng } from '@course/random';
import { clipByGlobalNorm, clipByValue } from '@impl/10-gradient-clipping';
import type { Figure } from '../../src/figures/registry';
import { lineChart } from '../../src/figures/chart';

type Clip = 'none' | 'global norm 1' | 'value 0.5';

/**
 * The toy exploding problem: a chain of 10 scalar weights, ŷ = w₁·w₂·…·w₁₀·x with x = 1, loss
 * ½(ŷ − 1)², the weights drawn (seed 1010) between 1.13 and 1.24 (so ŷ = 5.52 and ∂L/∂w_k = (ŷ − 1)·ŷ/w_k lies
 * between 20.2 and 22.1, the lesson's numbers), trained by gradient descent with learning rate 0.02. Each weight's gradient is its own 1×1 matrix, so
 * clipByGlobalNorm sees a list of 10 matrices, as it would see a network's layers.
 */
function train(clip: Clip, steps = 60): { updates: [number, number][]; losses: [number, number][] } {
  const rng = seededRng(1010);
  let w = Array.from({ length: 10 }, () => 1.2 * (1 + 0.05 * gaussian(rng)));
  const updates: [number, number][] = [];
  const losses: [number, number][] = [];
  for (let step = 1; step <= steps; step++) {
    const y = w.reduce((p, wk) => p * wk, 1);
    losses.push([step, 0.5 * (y - 1) ** 2]);
    let grads: Matrix[] = w.map((wk) => [[((y - 1) * y) / wk]]);
    if (clip === 'global norm 1') grads = clipByGlobalNorm(grads, 1).clipped;
    if (clip === 'value 0.5') grads = grads.map((g) => clipByValue(g, 0.5));
    const update = grads.map((g) => 0.02 * g[0]![0]!);
    updates.push([step, Math.sqrt(update.reduce((s, u) => s + u * u, 0))]);
    w = w.map((wk, k) => wk - update[k]!);
  }
  return { updates, losses };
}

const runs: [Clip, string][] = [['none', 'no clipping'], ['global norm 1', 'global norm, max 1'], ['value 0.5', 'by value, limit 0.5']];

export const figures: Figure[] = [
  {
    file: '10-gradient-clipping-update-sizes.svg',
    alt: 'Size of each gradient-descent update on the 10-weight chain: unclipped, the first update is about 1.3 and then tiny; clipped by global norm it stays at 0.02 until the loss is small',
    chart: () =>
      lineChart({
        title: 'Update size ‖Δw‖ per step, 10-weight chain, lr 0.02',
        xLabel: 'step',
        yLabel: '‖Δw‖ (log scale)',
        logY: true,
        legend: 'right',
        series: runs.map(([clip, name], i) => ({ name, points: train(clip).updates, dashed: i === 2 })),
      }),
  },
  {
    file: '10-gradient-clipping-loss.svg',
    alt: 'Loss per step: unclipped, one huge step throws the weights onto a plateau where the loss stays near 0.5; with clipping the loss falls steadily towards 0',
    chart: () =>
      lineChart({
        title: 'Loss per step, same runs',
        xLabel: 'step',
        yLabel: 'loss (log scale)',
        logY: true,
        legend: 'right',
        series: runs.map(([clip, name], i) => ({ name, points: train(clip).losses, dashed: i === 2 })),
      }),
  },
];
