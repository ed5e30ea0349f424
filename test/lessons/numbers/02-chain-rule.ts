import type { LessonClaim } from '../../../src/lessons/claims';
import { chainBackward, chainForward, chainLocalGradients, product, sgdStep } from '@impl/02-chain-rule';

// The notes' chain: x = 1, three layers with w = 0.5, and dL/da_3 = 1 for the backward pass.
const notes = { x: 1, w: [0.5, 0.5, 0.5] };
const forward = () => chainForward(notes.x, notes.w);
const local = () => chainLocalGradients(notes.x, notes.w);
const backward = () => chainBackward(notes.x, notes.w, 1);

export const claims: LessonClaim[] = [
  { quote: '0.6225', value: () => forward().a[0]! },
  { quote: '0.5772', value: () => forward().a[1]! },
  { quote: '0.5717', value: () => forward().a[2]! },
  { quote: '0.3112', value: () => forward().z[1]! },
  { quote: '0.2886', value: () => forward().z[2]! },
  { quote: '0.2350', value: () => local()[0]! },
  { quote: '0.2440', value: () => local()[1]! },
  { quote: '0.2449', value: () => local()[2]! },
  // the notes' factors: their two-decimal activations, output side first, a(1 − a)
  { quote: '0.2451', value: () => 0.57 * (1 - 0.57) },
  { quote: '0.2436', value: () => 0.58 * (1 - 0.58) },
  { quote: '0.2356', value: () => 0.62 * (1 - 0.62) },
  { quote: '0.014043', value: () => product(local()) },
  { quote: '0.0138', value: () => product([0.25, 0.24, 0.23]), note: "the notes' rounded factors, not the exact ones" },
  { quote: '1.7', value: () => 100 * (1 - product([0.25, 0.24, 0.23]) / product(local())), note: 'percent below the exact product' },
  {
    quote: '0.0144',
    value: () => product([0.57, 0.58, 0.62].map((a) => Math.round(100 * a * (1 - a)) / 100)),
    note: "the notes' two-decimal factors rounded correctly",
  },
  { quote: '2.5', value: () => 100 * (product([0.25, 0.24, 0.24]) / product(local()) - 1), note: 'percent above the exact product' },
  { quote: '0.1413', value: () => backward().dw[2]! },
  { quote: '0.02988', value: () => backward().dz[1]! },
  { quote: '0.01860', value: () => backward().dw[1]! },
  { quote: '0.003511', value: () => backward().dz[0]! },
  { quote: '0.2375', value: () => sgdStep(0.25, product([25, 0.25, 0.2]), 0.01) },
  { quote: '0.2625', value: () => 0.25 + 0.01 * 1.25, note: 'the wrong sign: adding the gradient' },
  { quote: '0.004125', value: () => product([25, 0.25, 0.22, 0.2, 0.15, 0.1]) },
  { quote: '0.24995875', value: () => sgdStep(0.25, 0.004125, 0.01) },
  { quote: '0.249959', value: () => sgdStep(0.25, 0.004125, 0.01), note: "what the notes' \"0.249999\" rounds to at six decimals" },
  { quote: '0.00004125', value: () => 0.25 - sgdStep(0.25, 0.004125, 0.01) },
  { quote: '0.249999', value: () => sgdStep(0.25, 0.004125, 0.01), kind: 'slip', note: 'the notes\' "0.249999 ~ 0.25"' },
  { quote: '0.001', value: () => 0.001, kind: 'given', note: "one of the notes' four factors" },
  { quote: '3 \\times 10^{-10}', value: () => product([0.001, 0.1, 0.001, 0.003]), note: "the notes' four small factors" },
  { quote: '3 \\times 10^{-12}', value: () => 0.01 * product([0.001, 0.1, 0.001, 0.003]) },
  { quote: '9.5367 \\times 10^{-7}', value: () => product(new Array<number>(10).fill(0.25)) },
];
