import type { LessonClaim } from '../../../src/lessons/claims';
import { spirals, trainReference } from '../../../grader/engine/index';
import { seededRng } from '../../../lib/random';
import { finalLoss, lessonRun } from '../../../src/figures/12-deep-training';
import { experiments, NPERCLASS, summarize, type ExperimentName } from '../../support/deep-training';

/** ‖dW₁‖/‖dW_last‖ at the first step of the reference solution's seed-1 run. */
const ratio = (name: ExperimentName) => {
  const norms = lessonRun(name, 1, 1).gradNormHistory[0]!;
  return norms[0]! / norms[norms.length - 1]!;
};

/**
 * The first-step ratio over seeds 1–12 with the engine's trainer (as scripts/deep-training-thresholds.ts
 * runs it; only the first step is needed, so the runs are one step long).
 */
const firstStepRatios = (name: ExperimentName) =>
  Array.from({ length: 12 }, (_, k) => summarize(trainReference({ ...experiments[name].config, steps: 1 }, spirals(NPERCLASS, seededRng(k + 1)), seededRng(1001 + k))).firstOverLast);

export const claims: LessonClaim[] = [
  { quote: '0.694', value: () => finalLoss(lessonRun('stuck')) },
  { quote: '0.693', value: () => Math.log(2) },
  { quote: '4.75 \\times 10^{-12}', value: () => ratio('stuck') },
  { quote: '3.90 \\times 10^{-13}', value: () => Math.min(...firstStepRatios('stuck')) },
  { quote: '2.82 \\times 10^{-11}', value: () => Math.max(...firstStepRatios('stuck')) },
  { quote: '1.72', value: () => ratio('relu') },
  { quote: '0.506', value: () => finalLoss(lessonRun('relu')) },
  { quote: '0.788', value: () => lessonRun('relu').accuracy },
  { quote: '0.451', value: () => finalLoss(lessonRun('batchNorm')) },
  { quote: '0.588', value: () => lessonRun('batchNorm').accuracy },
  { quote: '1.88 \\times 10^{-3}', value: () => ratio('residual') },
  { quote: '1.20 \\times 10^{-3}', value: () => Math.min(...firstStepRatios('residual')) },
  { quote: '1.35 \\times 10^{-2}', value: () => Math.max(...firstStepRatios('residual')) },
  { quote: '8.08', value: () => lessonRun('residual').lossHistory[0]! },
  { quote: '14.9', value: () => lessonRun('residual', 1, 1).gradNormHistory[0]![19]! },
  { quote: '0.697', value: () => finalLoss(lessonRun('hot')) },
  { quote: '0.409', value: () => finalLoss(lessonRun('clipped')) },
  { quote: '0.913', value: () => lessonRun('clipped').accuracy },
];
