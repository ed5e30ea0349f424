import type { LessonClaim } from '../../../src/lessons/claims';
import { calculateGain, smallUniform } from '../../../solutions/07-weight-init/index';
import { sigmoidPrime } from '../../../solutions/01-sigmoid/index';
import { deepNet, inits } from '../../../src/figures/07-weight-init';

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
];
