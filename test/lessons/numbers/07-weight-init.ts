import type { LessonClaim } from '../../../src/lessons/claims';
import { calculateGain, smallUniform } from '@impl/07-weight-init';
import { sigmoidPrime } from '@impl/01-sigmoid';
import { deepNet, inits } from '../../../lessons/experiments/07-weight-init';
import { activationStatsReference, hiddenUnitSpreadReference, mulberry32, randomTensor, trainTwoLayerReference } from '../../../grader/engine/index';

// "Zero and constant init": unit 04's net on XOR, 8 tanh hidden units, 200 steps of lr 1, by the engine.
const XOR = { X: [[-1, -1], [-1, 1], [1, -1], [1, 1]], Y: [0, 1, 1, 0] };
const constant = (c: number) => (n: number, m: number) => Array.from({ length: n }, () => Array<number>(m).fill(c));
const constantRun = (c: number) => trainTwoLayerReference(constant(c)(2, 8), constant(c)(8, 1), XOR, 'tanh', 200, 1);
const heRuns = () =>
  Array.from({ length: 20 }, (_, k) => {
    const rng = mulberry32(k + 1);
    const W1 = randomTensor([2, 8], rng, { scale: Math.sqrt(2 / 2) }).toArray() as number[][];
    const W2 = randomTensor([8, 1], rng, { scale: Math.sqrt(2 / 8) }).toArray() as number[][];
    const { params, lossHistory } = trainTwoLayerReference(W1, W2, XOR, 'tanh', 200, 1);
    return { spread: hiddenUnitSpreadReference(params), loss: lossHistory.at(-1)! };
  });
// The exercise's size of the 30-layer experiment.
const small = (which: number, activation: 'relu' | 'tanh') => deepNet(inits[which]!.name, inits[which]!.init, activation, { width: 64, batch: 16 });
const twoToFive = (n: number, m: number, rng: () => number) => Array.from({ length: n }, () => Array.from({ length: m }, () => 2 + 3 * rng()));

// The experiment of "Thirty layers deep": the same deterministic runs the figures draw.
const run = (which: number, activation: 'relu' | 'tanh') => deepNet(inits[which]!.name, inits[which]!.init, activation);
const finalRms = (which: number, activation: 'relu' | 'tanh') => run(which, activation).rmsByLayer.at(-1)!;
const [NOTES, XAVIER, HE] = [0, 1, 2];

export const claims: LessonClaim[] = [
  { quote: '0.0833', value: () => 0.5 ** 2 / 3, note: 'variance of U(−0.5, 0.5)' },
  { quote: '21.3', value: () => 256 / 12 },
  { quote: '0.0625', value: () => Math.sqrt(1 / 256) },
  { quote: '0.0884', value: () => Math.sqrt(2 / 256) },
  { quote: '0.0078', value: () => 2 / 256 },
  { quote: '0.1083', value: () => Math.sqrt(6 / 512) },
  { quote: '0.1531', value: () => Math.sqrt(6 / 256) },
  { quote: '1.4142', value: () => calculateGain('relu') },
  { quote: '1.41414', value: () => calculateGain('leaky_relu') },
  // the notes' weights in [2, 5]: ten inputs of 0.5 and the mean weight
  { quote: '17.5', value: () => 10 * 0.5 * ((2 + 5) / 2) },
  { quote: '2.5 \\times 10^{-8}', value: () => sigmoidPrime(10 * 0.5 * 3.5) },
  // PyTorch's nn.Linear default: kaiming_uniform_(a = √5), limit √3 · gain / √n_in
  { quote: '0.0013', value: () => (Math.sqrt(3) * calculateGain('leaky_relu', Math.sqrt(5)) / Math.sqrt(256)) ** 2 / 3, note: 'variance of that uniform' },
  { quote: '0.408', value: () => Math.sqrt(256 * ((Math.sqrt(3) * calculateGain('leaky_relu', Math.sqrt(5))) ** 2 / 256 / 3) / 2) },
  { quote: '2.1 \\times 10^{-12}', value: () => Math.sqrt(1 / 6) ** 30, note: 'the predicted factor, 30 times' },
  {
    quote: '2.2 \\times 10^{-12}',
    value: () => deepNet('nn.Linear default', (n, m, rng) => smallUniform(n, m, rng, 1 / Math.sqrt(n)), 'relu').rmsByLayer.at(-1)!,
    note: "the experiment's ReLU net with U(±1/√n_in) weights",
  },
  { quote: '0.0625', value: () => (Math.sqrt(3) * calculateGain('leaky_relu', Math.sqrt(5))) / Math.sqrt(256), note: "nn.Linear's limit" },
  { quote: '2.8 \\times 10^{15}', value: () => finalRms(NOTES, 'relu') },
  { quote: '3.2 \\times 10^{-5}', value: () => finalRms(XAVIER, 'relu') },
  { quote: '1.04', value: () => finalRms(HE, 'relu') },
  { quote: '0.90', value: () => finalRms(NOTES, 'tanh') },
  { quote: '0.13', value: () => finalRms(XAVIER, 'tanh') },
  { quote: '0.56', value: () => finalRms(HE, 'tanh') },
  { quote: '53', value: () => 100 * run(NOTES, 'tanh').saturated, note: 'percent saturated' },
  { quote: '0.1', value: () => 100 * run(HE, 'tanh').saturated, note: 'percent saturated' },
  { quote: '3.27', value: () => Math.sqrt(256 / 24) },
  { quote: '2.6 \\times 10^{15}', value: () => Math.sqrt(256 / 24) ** 30 },
  { quote: '3.05 \\times 10^{-5}', value: () => 2 ** -15 },
  { quote: '4.6', value: () => Math.sqrt(256 / 12) },
  {
    quote: '1 \\times 10^{-31}',
    value: () => deepNet('U[−0.01, 0.01]', (n, m, rng) => smallUniform(n, m, rng, 0.01), 'tanh').rmsByLayer.at(-1)!,
    note: 'the too-small init on tanh',
  },
  // the notes' weights in [2, 5] through the exercise's sigmoid experiment: layer 3 on every seed tried
  { quote: '100', value: () => 100 * Math.min(...[1, 2, 3, 4, 5, 6, 7].map((seed) => activationStatsReference(twoToFive, 'sigmoid', { depth: 3, width: 64, batch: 16 }, mulberry32(seed)).saturated[2]!)), note: 'percent saturated at layer 3, the least over 7 seeds' },
  { quote: '0.517', value: () => constantRun(0.5).lossHistory.at(-1)! },
  { quote: '0.693', value: () => constantRun(0).lossHistory.at(-1)! },
  { quote: '1.92', value: () => Math.floor(100 * Math.min(...heRuns().map((r) => r.spread))) / 100, note: 'at least: the smallest spread over 20 seeds, rounded down' },
  { quote: '0.0082', value: () => Math.ceil(1e4 * Math.max(...heRuns().map((r) => r.loss))) / 1e4, note: 'at most: the largest final loss over 20 seeds, rounded up' },
  { quote: '2.9', value: () => small(HE, 'relu').rmsByLayer.at(-1)! },
  { quote: '8.9 \\times 10^{-5}', value: () => small(XAVIER, 'relu').rmsByLayer.at(-1)! },
  { quote: '4.3 \\times 10^{5}', value: () => small(NOTES, 'relu').rmsByLayer.at(-1)! },
  { quote: '1.6', value: () => Math.sqrt(64 / 24) },
  { quote: '0.14', value: () => small(XAVIER, 'tanh').rmsByLayer.at(-1)! },
  { quote: '14', value: () => 100 * small(NOTES, 'tanh').saturated, note: 'percent saturated at width 64' },
];
