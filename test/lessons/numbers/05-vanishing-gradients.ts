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
