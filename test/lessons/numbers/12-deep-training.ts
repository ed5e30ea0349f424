import type { LessonClaim, LessonStatement } from '../../../src/lessons/claims';
import { spirals, trainReference, type TrainConfig } from '../../../grader/engine/index';
import { seededRng } from '../../../lib/random';
import { finalLoss, lessonRun } from '../../../lessons/experiments/12-deep-training';
import { dataSeed, experiments, median, NPERCLASS, summarize, trainSeed, type ExperimentName, type RunSummary } from '../../../grader/checks/support/deep-training';

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

/** Whole runs of an experiment over seeds 1–12 with the engine's trainer (memoized: several claims read them). */
const engineRuns = new Map<ExperimentName, RunSummary[]>();
const overSeeds = (name: ExperimentName): RunSummary[] => {
  let runs = engineRuns.get(name);
  if (!runs) {
    runs = Array.from({ length: 12 }, (_, k) => summarize(trainReference(experiments[name].config, spirals(NPERCLASS, seededRng(dataSeed(k + 1))), seededRng(trainSeed(k + 1)))));
    engineRuns.set(name, runs);
  }
  return runs;
};
const batchNormLosses = () => overSeeds('batchNorm').map((r) => r.finalLoss);
const batchNormAccuracies = () => overSeeds('batchNorm').map((r) => r.accuracy);

/** The final losses of `name` with `change`, over `seeds`, with the engine's trainer. */
const finalLosses = (name: ExperimentName, change: Partial<TrainConfig>, seeds: number[]) =>
  seeds.map((seed) => summarize(trainReference({ ...experiments[name].config, ...change }, spirals(NPERCLASS, seededRng(dataSeed(seed))), seededRng(trainSeed(seed)))).finalLoss);
const residualLosses = () => overSeeds('residual').map((r) => r.finalLoss);
const tanhRuns = new Map<ExperimentName, number[]>();
/** `name` with tanh instead of the sigmoid, seeds 1–6. */
const tanhLosses = (name: ExperimentName) => {
  if (!tanhRuns.has(name)) tanhRuns.set(name, finalLosses(name, { activation: 'tanh' }, [1, 2, 3, 4, 5, 6]));
  return tanhRuns.get(name)!;
};

export const statements: LessonStatement[] = [
  {
    says: 'on every one, and every accuracy is 0.5',
    holds: () => residualLosses().every((l) => l > Math.LN2) && overSeeds('residual').every((r) => r.accuracy === 0.5),
  },
  {
    says: 'rate 0.01 or 0.005 for 200 steps the final loss of seeds 1 and 2 stays above ln 2 too',
    holds: () => [0.01, 0.005].every((lr) => finalLosses('residual', { lr, steps: 200 }, [1, 2]).every((l) => l > Math.LN2)),
  },
  {
    says: 'loss stays above ln 2 on each of seeds 1 to 4',
    holds: () => finalLosses('residual', { batchNorm: true }, [1, 2, 3, 4]).every((l) => l > Math.LN2),
  },
  // The batch-norm net's accuracy: two of the twelve seeds at 0.5 or below, their losses inside the others' range.
  {
    says: 'on two of them it is 0.5 or below although the training loss fell as far as on the others',
    holds: () => {
      const runs = overSeeds('batchNorm');
      const low = runs.filter((r) => r.accuracy <= 0.5);
      const others = runs.filter((r) => r.accuracy > 0.5).map((r) => r.finalLoss);
      return low.length === 2 && low.every((r) => r.finalLoss >= Math.min(...others) && r.finalLoss <= Math.max(...others));
    },
  },
];

export const claims: LessonClaim[] = [
  { quote: '0.694', value: () => finalLoss(lessonRun('stuck')) },
  { quote: '0.693', value: () => Math.log(2) },
  { quote: '4.75 \\times 10^{-12}', value: () => ratio('stuck') },
  { quote: '3.90 \\times 10^{-13}', value: () => Math.min(...firstStepRatios('stuck')) },
  { quote: '2.82 \\times 10^{-11}', value: () => Math.max(...firstStepRatios('stuck')) },
  { quote: '1.72', value: () => ratio('relu') },
  { quote: '0.506', value: () => finalLoss(lessonRun('relu')) },
  { quote: '0.788', value: () => lessonRun('relu').accuracy },
  { quote: '0.389', value: () => Math.min(...batchNormLosses()) },
  { quote: '0.574', value: () => Math.max(...batchNormLosses()) },
  { quote: '0.486', value: () => median(batchNormLosses()) },
  { quote: '0.450', value: () => Math.min(...batchNormAccuracies()) },
  { quote: '0.825', value: () => Math.max(...batchNormAccuracies()) },
  { quote: '1.88 \\times 10^{-3}', value: () => ratio('residual') },
  { quote: '1.20 \\times 10^{-3}', value: () => Math.min(...firstStepRatios('residual')) },
  { quote: '1.35 \\times 10^{-2}', value: () => Math.max(...firstStepRatios('residual')) },
  { quote: '1.884', value: () => Math.min(...residualLosses()) },
  { quote: '3.598', value: () => Math.max(...residualLosses()) },
  { quote: '0.332', value: () => Math.min(...tanhLosses('residual')) },
  { quote: '0.469', value: () => Math.max(...tanhLosses('residual')) },
  { quote: '0.405', value: () => Math.min(...tanhLosses('stuck')) },
  { quote: '0.574', value: () => Math.max(...tanhLosses('stuck')) },
  // A learning rate the lesson tried (the statement above runs it), not a result.
  { quote: '0.005', value: () => 0.005, kind: 'given' },
  { quote: '8.08', value: () => lessonRun('residual').lossHistory[0]! },
  { quote: '14.9', value: () => lessonRun('residual', 1, 1).gradNormHistory[0]![19]! },
  { quote: '0.697', value: () => finalLoss(lessonRun('hot')) },
  { quote: '0.409', value: () => finalLoss(lessonRun('clipped')) },
  { quote: '0.913', value: () => lessonRun('clipped').accuracy },
];
