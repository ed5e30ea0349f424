import type { LessonClaim } from '../../../src/lessons/claims';
import { deepNet, experimentNorms, firstOverLast, initStd, perLayerFactor } from '../../../src/figures/05-vanishing-gradients';

// The lesson's experiment (seed 5), computed once.
const sigmoid = experimentNorms('sigmoid', 'lecun');
const relu = experimentNorms('relu', 'he');
const tanh = experimentNorms('tanh', 'lecun');

/** first/last ratio over seeds 1–20 (the lesson's "not a lucky seed" range). */
const ratios = (activation: 'sigmoid' | 'relu', init: 'lecun' | 'he') =>
  Array.from({ length: 20 }, (_, k) => firstOverLast(experimentNorms(activation, init, k + 1)));
let sigmoidRange: number[] | undefined;
let reluRange: number[] | undefined;
const sigmoidRatios = () => (sigmoidRange ??= ratios('sigmoid', 'lecun'));
const reluRatios = () => (reluRange ??= ratios('relu', 'he'));

/** Mean σ'(Z) over every hidden unit and example of the sigmoid net's forward pass. */
function meanSigmoidSlope(): number {
  const { layers, X } = deepNet(5, initStd.lecun);
  const s = (z: number) => 1 / (1 + Math.exp(-z));
  let A = X;
  let total = 0;
  let count = 0;
  for (const { W } of layers.slice(0, -1)) {
    const Z = A.map((row) => W[0]!.map((_, j) => row.reduce((acc, a, k) => acc + a * W[k]![j]!, 0)));
    for (const z of Z.flat()) {
      total += s(z) * (1 - s(z));
      count++;
    }
    A = Z.map((row) => row.map(s));
  }
  return total / count;
}

export const claims: LessonClaim[] = [
  { quote: '1.10 \\times 10^{-18}', value: () => sigmoid[0]! },
  { quote: '0.7055', value: () => sigmoid[29]! },
  { quote: '1.56 \\times 10^{-18}', value: () => firstOverLast(sigmoid) },
  { quote: '0.2435', value: () => perLayerFactor(sigmoid) },
  { quote: '1.258', value: () => relu[0]! },
  { quote: '2.350', value: () => relu[29]! },
  { quote: '0.535', value: () => firstOverLast(relu) },
  { quote: '0.9725', value: () => perLayerFactor(relu) },
  { quote: '0.2888', value: () => tanh[0]! },
  { quote: '0.1051', value: () => tanh[29]! },
  { quote: '2.75', value: () => firstOverLast(tanh) },
  { quote: '1.0379', value: () => perLayerFactor(tanh) },
  { quote: '3.0 \\times 10^{-19}', value: () => Math.min(...sigmoidRatios()) },
  { quote: '8.9 \\times 10^{-18}', value: () => Math.max(...sigmoidRatios()) },
  { quote: '0.207', value: () => Math.min(...reluRatios()) },
  { quote: '10.05', value: () => Math.max(...reluRatios()) },
  { quote: '0.2346', value: meanSigmoidSlope },
  { quote: '3.47 \\times 10^{-18}', value: () => 0.25 ** 29 },
];
