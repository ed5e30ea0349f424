import type { LessonClaim, LessonStatement } from '../../../src/lessons/claims';
import { gaussian, seededRng } from '../../../lib/random';
import { clipByGlobalNorm, clipByValue, trainWithClipping } from '@impl/10-gradient-clipping';
import { explodingChain } from '../../../lib/exploding-chain';
import { chainClipProblem, chainWeights, trainClipped } from '../../../grader/engine/index';

const example = () => clipByGlobalNorm([[[3, 4]]], 1);
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

/** "Clipping inside the training loop": the learner's loop (the solution) on the shipped chain at lr 0.15. */
const diverging = trainWithClipping(explodingChain(), { lr: 0.15, steps: 60 });
const tamed = trainWithClipping(explodingChain(), { lr: 0.15, steps: 60, clipNorm: 1 });
const byValueLoop = trainWithClipping(explodingChain(), { lr: 0.15, steps: 1, clipValue: 0.5 });
const product = (params: number[][][]) => params.reduce((p, w) => p * w[0]![0]!, 1);
const firstBelow = (h: number[], limit: number) => h.findIndex((l) => l < limit) + 1;

export const claims: LessonClaim[] = [
  { quote: '0.19999996', value: () => example().clipped[0]![0]![0]! / 3, note: 'the scale 1/(5 + 1e-6)' },
  { quote: '0.59999988', value: () => example().clipped[0]![0]![0]! },
  { quote: '0.79999984', value: () => example().clipped[0]![0]![1]! },
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
  // "Clipping inside the training loop"
  { quote: '0.15', value: () => 0.15, kind: 'given' },
  { quote: '876', value: () => product(trainWithClipping(explodingChain(), { lr: 0.15, steps: 1 }).params), note: 'ŷ after one unclipped step' },
  { quote: '10.2311', value: () => diverging.lossHistory[0]! },
  { quote: '383', value: () => diverging.lossHistory[1]! / 1000, note: 'about 383 thousand' },
  { quote: '1.06 \\times 10^{95}', value: () => diverging.lossHistory[2]! },
  { quote: '66.664', value: () => diverging.gradNormHistory[0]! },
  { quote: '1.24 \\times 10^{6}', value: () => diverging.gradNormHistory[1]! },
  { quote: '1.16 \\times 10^{91}', value: () => diverging.gradNormHistory[2]! },
  { quote: '3.5678', value: () => tamed.lossHistory[1]! },
  { quote: '0.97700', value: () => tamed.lossHistory[2]! },
  { quote: '0.14395', value: () => tamed.lossHistory[3]! },
  { quote: '0.075', value: () => Math.max(...byValueLoop.params.map((p, k) => explodingChain().init[k]![0]![0]! - p[0]![0]!)) },
];

/** Statements of "Clipping inside the training loop" that are not one number, checked against the engine's own loop. */
export const statements: LessonStatement[] = [
  { says: 'throws every weight past zero', holds: () => trainWithClipping(explodingChain(), { lr: 0.15, steps: 1 }).params.every((p) => p[0]![0]! < 0) },
  { says: 'and at step 4 it is `Infinity`', holds: () => diverging.diverged && diverging.lossHistory.length === 4 && diverging.lossHistory[3] === Infinity },
  { says: 'above 1 for the\nfirst 4 steps', holds: () => firstBelow(tamed.gradNormHistory, 1) === 5 },
  { says: 'below $10^{-6}$ by step 10', holds: () => firstBelow(tamed.lossHistory, 1e-6) === 10 },
  { says: 'below $10^{-12}$\nby step 20', holds: () => firstBelow(tamed.lossHistory, 1e-12) === 20 },
  {
    says: 'every weight moves by exactly',
    holds: () => byValueLoop.params.every((p, k) => Math.abs(explodingChain().init[k]![0]![0]! - p[0]![0]! - 0.075) < 1e-12),
  },
  {
    says: 'On this chain both\ntame the run',
    holds: () => [{ clipNorm: 1 }, { clipValue: 0.5 }].every((clip) => {
      const run = trainClipped(chainClipProblem(chainWeights(10, 1010)), { lr: 0.15, steps: 60, ...clip });
      return !run.diverged && run.lossHistory.at(-1)! < 1e-12;
    }),
  },
  {
    says: 'it diverges at step 4 exactly as the unclipped run does',
    holds: () => {
      const engine = trainClipped(chainClipProblem(chainWeights(10, 1010)), { lr: 0.15, steps: 60 });
      return engine.diverged && engine.lossHistory.length === 4;
    },
  },
];
