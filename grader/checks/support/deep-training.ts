/**
 * Unit 12's experiments, shared by the hidden suite (which runs them on the learner's trainDeepNet),
 * scripts/deep-training-thresholds.ts (which runs them on the engine's trainReference over many seeds
 * to choose the thresholds) and the lesson's figures. Kept small so that the whole hidden suite stays
 * far inside the grader's 10 s per unit: 20 layers of width 16, 100 steps of 16 examples, 80 points.
 */
import type { TrainConfig, TrainResult } from '../../engine/index';

export type ExperimentName = 'stuck' | 'relu' | 'batchNorm' | 'residual' | 'hot' | 'clipped';

const base = { depth: 20, width: 16, steps: 100, batchSize: 16 } as const;

export const experiments: Record<ExperimentName, { config: TrainConfig; what: string }> = {
  stuck: { config: { ...base, activation: 'sigmoid', init: 'smallUniform', lr: 0.1 }, what: "20 sigmoid layers with the notes' small uniform init" },
  relu: { config: { ...base, activation: 'relu', init: 'heNormal', lr: 0.05 }, what: '20 ReLU layers with He init' },
  batchNorm: { config: { ...base, activation: 'sigmoid', init: 'smallUniform', batchNorm: true, lr: 0.1 }, what: "20 sigmoid layers, the notes' init, batch norm" },
  residual: { config: { ...base, activation: 'sigmoid', init: 'smallUniform', residual: true, lr: 0.1 }, what: "20 sigmoid layers, the notes' init, residual blocks" },
  hot: { config: { ...base, activation: 'relu', init: 'heNormal', lr: 0.5 }, what: '20 ReLU layers with He init at lr 0.5' },
  clipped: { config: { ...base, activation: 'relu', init: 'heNormal', lr: 0.5, clipNorm: 0.1 }, what: '20 ReLU layers with He init at lr 0.5, clipNorm 0.1' },
};

/** The data and training seeds of run `seed`: makeSpirals(40, seededRng(seed)), trained with seededRng(1000 + seed). */
export const NPERCLASS = 40;
export const dataSeed = (seed: number) => seed;
export const trainSeed = (seed: number) => 1000 + seed;

export interface RunSummary {
  /** mean mini-batch loss of the last 10 steps (NaN and ±Infinity count as Infinity) */
  finalLoss: number;
  accuracy: number;
  /** ‖dW₁‖ / ‖dW_last‖ at the first step */
  firstOverLast: number;
  /** ‖dW_last‖ at the first step */
  lastNorm: number;
  /** the largest mini-batch loss of the run (Infinity when one was not finite) */
  maxLoss: number;
}

export function summarize(result: TrainResult): RunSummary {
  const finite = (x: number) => (Number.isFinite(x) ? x : Infinity);
  const tail = result.lossHistory.slice(-10).map(finite);
  const first = result.gradNormHistory[0] ?? [];
  return {
    finalLoss: tail.reduce((s, x) => s + x, 0) / tail.length,
    accuracy: result.accuracy,
    firstOverLast: first[0]! / first[first.length - 1]!,
    lastNorm: first[first.length - 1]!,
    maxLoss: result.lossHistory.reduce((s, x) => Math.max(s, finite(x)), 0),
  };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
