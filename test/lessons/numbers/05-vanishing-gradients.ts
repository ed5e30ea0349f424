import type { LessonClaim, LessonStatement } from '../../../src/lessons/claims';
import { deepForwardBackward } from '@impl/05-vanishing-gradients';
import { numericalGradient } from '@impl/03-gradient-check';
import { deepNet, experimentNorms, firstOverLast, initStd, perLayerFactor } from '../../../lessons/experiments/05-vanishing-gradients';

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

/**
 * The sigmoid net's forward and backward pass in plain code (seed 5), keeping what
 * deepForwardBackward does not return: every δ_l = ∂(m·L)/∂Z_l, every activation and every slope σ'(Z_l).
 */
function sigmoidAnatomy() {
  const { layers, X, Y } = deepNet(5, initStd.lecun);
  const s = (z: number) => 1 / (1 + Math.exp(-z));
  const times = (A: number[][], W: number[][]) => A.map((row) => W[0]!.map((_, j) => row.reduce((acc, a, k) => acc + a * W[k]![j]!, 0)));
  const activations = [X];
  const slopes: number[][][] = [];
  for (const { W } of layers) {
    const Z = times(activations.at(-1)!, W);
    slopes.push(Z.map((row) => row.map((z) => s(z) * (1 - s(z)))));
    activations.push(Z.map((row) => row.map(s)));
  }
  const L = layers.length;
  const deltas: number[][][] = Array.from({ length: L });
  deltas[L - 1] = activations[L]!.map((row, i) => [row[0]! - Y[i]!]);
  for (let l = L - 1; l >= 1; l--) {
    const W = layers[l]!.W;
    deltas[l - 1] = deltas[l]!.map((row, i) => W.map((wRow, k) => wRow.reduce((acc, w, j) => acc + w * row[j]!, 0) * slopes[l - 1]![i]![k]!));
  }
  const hiddenSlopes = slopes.slice(0, L - 1).map((S) => S.flat());
  const all = hiddenSlopes.flat();
  const rms = hiddenSlopes.map((v) => Math.sqrt(v.reduce((acc, x) => acc + x * x, 0) / v.length));
  const deltaRatio = frobenius(deltas[0]!) / frobenius(deltas[L - 1]!);
  const rmsProduct = rms.reduce((p, r) => p * r, 1);
  return {
    meanSlope: all.reduce((acc, x) => acc + x, 0) / all.length,
    rmsProduct,
    deltaRatio,
    weightsFactor: deltaRatio / rmsProduct,
    inputOverLastInput: frobenius(X) / frobenius(activations[L - 1]!),
  };
}
const frobenius = (M: number[][]) => Math.sqrt(M.flat().reduce((acc, v) => acc + v * v, 0));
let anatomy: ReturnType<typeof sigmoidAnatomy> | undefined;
const sig = () => (anatomy ??= sigmoidAnatomy());

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
  { quote: '0.2346', value: () => sig().meanSlope },
  { quote: '5.5 \\times 10^{-19}', value: () => Number(sig().meanSlope.toFixed(4)) ** 29, note: 'the rounded mean slope to the 29th power' },
  { quote: '6.0 \\times 10^{-19}', value: () => sig().rmsProduct, note: "the product of the 29 layers' RMS slopes" },
  { quote: '1.06 \\times 10^{-18}', value: () => sig().deltaRatio },
  { quote: '1.8', value: () => sig().weightsFactor, note: 'the weights: δ ratio over the slopes’ product' },
  { quote: '1.89', value: () => sig().inputOverLastInput },
  { quote: '1.46', value: () => firstOverLast(sigmoid) / sig().deltaRatio },
  { quote: '3.47 \\times 10^{-18}', value: () => 0.25 ** 29 },
];

// ---- checking the deep backward pass: why not on the experiment's net ----
let experimentPass: { loss: number; firstRms: number; firstDifferences: number[] } | undefined;
/** The seed-5 sigmoid net's loss, its first layer's RMS gradient entry, and centred differences of six of them. */
function experimentCheck() {
  if (experimentPass) return experimentPass;
  const { layers, X, Y } = deepNet(5, initStd.lecun);
  const { loss, grads } = deepForwardBackward(layers, X, Y, 'sigmoid');
  const d = grads[0]!.dW.flat();
  const row = layers[0]!.W[0]!;
  const lossWithRow = (v: number[]) => deepForwardBackward(layers.map((L, k) => (k === 0 ? { W: [[...v, ...row.slice(6)], ...L.W.slice(1)], b: L.b } : L)), X, Y, 'sigmoid').loss;
  const firstDifferences = numericalGradient(lossWithRow, row.slice(0, 6));
  return (experimentPass = { loss, firstRms: Math.sqrt(d.reduce((s, x) => s + x * x, 0) / d.length), firstDifferences });
}
const experiment = deepNet(5, initStd.lecun);
const weights = experiment.layers.reduce((s, l) => s + l.W.flat().length, 0);
const biases = experiment.layers.reduce((s, l) => s + l.b.length, 0);

claims.push(
  { quote: '118848', value: () => weights },
  { quote: '1857', value: () => biases },
  { quote: '241410', value: () => 2 * (weights + biases), note: 'two passes per probed entry' },
  { quote: '1.7 \\times 10^{-20}', value: () => experimentCheck().firstRms },
  { quote: '0.746', value: () => experimentCheck().loss },
  { quote: '1.11 \\times 10^{-16}', value: () => 2 ** -53 },
  { quote: '5.55 \\times 10^{-12}', value: () => 2 ** -53 / 2e-5 },
);

export const statements: LessonStatement[] = [
  {
    says: 'comes out as either $0$ or\n$\\pm 1.11 \\times 10^{-16} / 2h = \\pm 5.55 \\times 10^{-12}$',
    holds: () => experimentCheck().loss >= 0.5 && experimentCheck().loss < 1 && experimentCheck().firstDifferences.every((g) => g === 0 || Math.abs(Math.abs(g) - 2 ** -53 / 2e-5) < 1e-20),
  },
];
