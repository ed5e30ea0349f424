import type { LessonClaim, LessonStatement } from '../../../src/lessons/claims';
import { dyingToyProblem, trainDyingReference, type DyingConfig, type DyingHistory } from '../../../grader/engine/index';
import { seededRng } from '../../../lib/random';
import { elu, eluPrime, preluBackward } from '@impl/09-relu-family';
import { relu, reluPrime } from '@impl/09-relu-family';

/**
 * "Watching units die": the course's reference runs on 20 seeds, exactly as
 * scripts/dying-relu-thresholds.ts runs them (data seed 900 + k, init seed 1 + k).
 */
const cache = new Map<string, DyingHistory[]>();
const runs = (config: DyingConfig): DyingHistory[] => {
  const key = JSON.stringify(config);
  if (!cache.has(key)) cache.set(key, Array.from({ length: 20 }, (_, k) => trainDyingReference(config, dyingToyProblem(32, seededRng(900 + k)), seededRng(1 + k))));
  return cache.get(key)!;
};
const base = { width: 16, lr: 4, steps: 300 };
const healthy = () => runs({ ...base, activation: 'relu', biasShift: 0 });
const deadRelu = () => runs({ ...base, activation: 'relu', biasShift: -10 });
const leaky = () => runs({ ...base, activation: 'leakyRelu', biasShift: -10 });
const tooLarge = (activation: DyingConfig['activation']) => runs({ width: 16, lr: 14, steps: 100, activation, biasShift: 0 });
const last = (v: number[]) => v[v.length - 1]!;
const min = (v: number[]) => Math.min(...v);
const max = (v: number[]) => Math.max(...v);
const neverFalls = (h: DyingHistory) => h.deadFraction.every((d, t) => t === 0 || d >= h.deadFraction[t - 1]!);

export const claims: LessonClaim[] = [
  { quote: '-0.6321206', value: () => elu(-1), note: 'elu(−1) in ASCII minus' },
  { quote: '−0.6321206', value: () => elu(-1) },
  { quote: '0.3678794', value: () => eluPrime(-1) },
  { quote: '-0.3160603', value: () => elu(-1, 0.5) },
  { quote: '-0.075', value: () => preluBackward([1.5, -2, 0, -0.5], 0.25, [0.1, 0.4, -0.3, 0.2]).dz[2]! },
  { quote: '0.0878', value: () => min(healthy().map((h) => h.hiddenGradNorm[0]!)) },
  { quote: '0.303', value: () => max(healthy().map((h) => h.hiddenGradNorm[0]!)) },
  { quote: '0.00116', value: () => min(healthy().map((h) => last(h.loss))) },
  { quote: '0.0630', value: () => max(healthy().map((h) => last(h.loss))) },
  { quote: '0.693147', value: () => Math.LN2 },
  { quote: '0.00189', value: () => min(leaky().map((h) => h.hiddenGradNorm[0]!)) },
  { quote: '0.00334', value: () => max(leaky().map((h) => h.hiddenGradNorm[0]!)) },
  { quote: '0.222', value: () => min(leaky().map((h) => last(h.loss))) },
  { quote: '0.528', value: () => max(leaky().map((h) => last(h.loss))) },
  { quote: '0.585', value: () => min(leaky().map((h) => h.loss[100]!)) },
  { quote: '0.677', value: () => max(leaky().map((h) => h.loss[100]!)) },
  { quote: '0.172', value: () => max(tooLarge('leakyRelu').map((h) => last(h.loss))) },
];

const notesInputs = [4, 5, -1, -2, -4];
const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const deadUnits = (h: DyingHistory) => Math.round(last(h.deadFraction) * 16);

export const statements: LessonStatement[] = [
  { says: 'ReLU returns $4, 5, 0, 0, 0$', holds: () => same(notesInputs.map(relu), [4, 5, 0, 0, 0]) },
  { says: 'its derivatives are $1, 1, 0, 0, 0$', holds: () => same(notesInputs.map(reluPrime), [1, 1, 0, 0, 0]) },
  {
    says: '0 at the start; in 7 of 20 runs one or two units die on the way, and never come back',
    holds: () => healthy().every((h) => h.deadFraction[0] === 0 && neverFalls(h) && deadUnits(h) <= 2) && healthy().filter((h) => deadUnits(h) > 0).length === 7,
  },
  {
    says: '| 1 at every step | exactly 0 at every step | 0.693147 at every step |',
    holds: () => deadRelu().every((h) => h.deadFraction.every((d) => d === 1) && h.hiddenGradNorm.every((g) => g === 0) && h.loss.every((l) => Math.abs(l - Math.LN2) < 1e-12)),
  },
  {
    says: '1 at the start; in 4 of 20 runs a unit comes back',
    holds: () => leaky().every((h) => h.deadFraction[0] === 1) && leaky().filter((h) => deadUnits(h) < 16).length === 4,
  },
  { says: 'at the first step, never 0 | 0.222', holds: () => leaky().every((h) => h.hiddenGradNorm.every((g) => g > 0)) },
  {
    says: 'in every one of the 20 runs at least 13 of the 16 units end dead, and in 12 runs\nall 16',
    holds: () => tooLarge('relu').every((h) => deadUnits(h) >= 13 && neverFalls(h)) && tooLarge('relu').filter((h) => deadUnits(h) === 16).length === 12,
  },
  {
    says: 'although 10 to 16 of its units end with every $z \\le 0$',
    holds: () => min(tooLarge('leakyRelu').map(deadUnits)) === 10 && max(tooLarge('leakyRelu').map(deadUnits)) === 16,
  },
];
