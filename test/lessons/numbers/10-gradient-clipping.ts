import type { LessonClaim } from '../../../src/lessons/claims';
import { gaussian, seededRng } from '../../../lib/random';
import { clipByGlobalNorm, clipByValue } from '../../../solutions/10-gradient-clipping/index';

const notes = () => clipByGlobalNorm([[[3, 4]]], 1);
const two = () => clipByGlobalNorm([[[3, 4]], [[12]]], 1);

/**
 * The toy of "Clipping in training", in plain code: the figures' chain of 10 scalar weights (seed 1010,
 * weights 1.2·(1 + 0.05·N(0, 1))), ŷ = ∏w·1, loss ½(ŷ − 1)², 60 steps of gradient descent at lr 0.02.
 */
function toy(clip: 'none' | 'global norm 1' | 'value 0.5') {
  const rng = seededRng(1010);
  let w = Array.from({ length: 10 }, () => 1.2 * (1 + 0.05 * gaussian(rng)));
  const steps: { w: number[]; y: number; loss: number; grads: number[]; update: number[] }[] = [];
  for (let step = 1; step <= 60; step++) {
    const y = w.reduce((p, wk) => p * wk, 1);
    const grads = w.map((wk) => ((y - 1) * y) / wk);
    let clipped = grads.map((g) => [[g]]);
    if (clip === 'global norm 1') clipped = clipByGlobalNorm(clipped, 1).clipped;
    if (clip === 'value 0.5') clipped = clipped.map((g) => clipByValue(g, 0.5));
    const update = clipped.map((g) => 0.02 * g[0]![0]!);
    steps.push({ w, y, loss: 0.5 * (y - 1) ** 2, grads, update });
    w = w.map((wk, k) => wk - update[k]!);
  }
  return steps;
}
const norm = (v: number[]) => Math.hypot(...v);
/** The 1-based step at which a run's loss is first below `limit`. */
const firstStepBelow = (run: ReturnType<typeof toy>, limit: number) => run.findIndex((s) => s.loss < limit) + 1;
const plain = toy('none');
const byNorm = toy('global norm 1');
const byValue = toy('value 0.5');
const start = plain[0]!;

export const claims: LessonClaim[] = [
  { quote: '0.19999996', value: () => notes().clipped[0]![0]![0]! / 3, note: 'the scale 1/(5 + 1e-6)' },
  { quote: '0.59999988', value: () => notes().clipped[0]![0]![0]! },
  { quote: '0.79999984', value: () => notes().clipped[0]![0]![1]! },
  { quote: '0.476190', value: () => clipByGlobalNorm([[[1.2e-5, 0]], [[0], [1.6e-5]]], 1e-5).clipped[0]![0]![0]! / 1.2e-5 },
  { quote: '0.99999983', value: () => clipByGlobalNorm([[[3, -4]], [[1, 2], [-2, 1]]], Math.sqrt(35)).clipped[0]![0]![0]! / 3 },
  // the toy of "Clipping in training"
  { quote: '1.13', value: () => Math.min(...start.w) },
  { quote: '1.24', value: () => Math.max(...start.w) },
  { quote: '5.52', value: () => start.y },
  { quote: '20.2', value: () => Math.min(...start.grads) },
  { quote: '22.1', value: () => Math.max(...start.grads) },
  { quote: '1.33', value: () => norm(start.update) },
  { quote: '0.40', value: () => Math.min(...start.update) },
  { quote: '0.44', value: () => Math.max(...start.update) },
  { quote: '0.068', value: () => plain[1]!.y },
  { quote: '0.435', value: () => plain[1]!.loss },
  { quote: '41', value: () => firstStepBelow(plain, 0.3) },
  { quote: '27', value: () => byNorm.findIndex((s) => norm(s.grads) < 1) + 1, note: 'the first step whose gradient is below maxNorm' },
  { quote: '24', value: () => firstStepBelow(byValue, 1e-3) },
  { quote: '33', value: () => firstStepBelow(byNorm, 1e-3) },
  { quote: '0.03', value: () => Math.max(...byValue.map((s) => norm(s.update))) },
  {
    quote: '0.9995',
    value: () => {
      const { grads, update } = byValue[0]!;
      return update.reduce((acc, u, k) => acc + u * grads[k]!, 0) / norm(update) / norm(grads);
    },
    note: 'cosine between the value-clipped step and the gradient, first step',
  },
  { quote: '3.755', value: () => norm(start.w) },
  { quote: '0.355', value: () => norm(start.update) / norm(start.w) },
  { quote: '0.0053', value: () => norm(byNorm[0]!.update) / norm(byNorm[0]!.w) },
  { quote: '0.230769', value: () => two().clipped[0]![0]![0]! },
  { quote: '0.307692', value: () => two().clipped[0]![0]![1]! },
  { quote: '0.923077', value: () => two().clipped[1]![0]![0]! },
];
