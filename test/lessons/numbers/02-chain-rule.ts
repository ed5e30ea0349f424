import type { LessonClaim } from '../../../src/lessons/claims';
import { chainBackward, chainForward, chainLocalGradients, product, sgdStep } from '../../../solutions/02-chain-rule/index';

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
  { quote: '0.245', value: () => local()[2]!, note: 'the exact last-layer factor to three decimals' },
  { quote: '0.244', value: () => local()[1]! },
  { quote: '0.235', value: () => local()[0]! },
  { quote: '0.014043', value: () => product(local()) },
  { quote: '0.0138', value: () => product([0.25, 0.24, 0.23]), note: "the notes' rounded factors, not the exact ones" },
  { quote: '0.1413', value: () => backward().dw[2]! },
  { quote: '0.02988', value: () => backward().dz[1]! },
  { quote: '0.01860', value: () => backward().dw[1]! },
  { quote: '0.003511', value: () => backward().dz[0]! },
  { quote: '0.2375', value: () => sgdStep(0.25, product([25, 0.25, 0.2]), 0.01) },
  { quote: '0.2625', value: () => 0.25 + 0.01 * 1.25, note: 'the wrong sign: adding the gradient' },
  { quote: '0.004125', value: () => product([25, 0.25, 0.22, 0.2, 0.15, 0.1]) },
  { quote: '0.24995875', value: () => sgdStep(0.25, 0.004125, 0.01) },
  { quote: '0.00004125', value: () => 0.25 - sgdStep(0.25, 0.004125, 0.01) },
  { quote: '9.5367 \\times 10^{-7}', value: () => product(new Array<number>(10).fill(0.25)) },
];
