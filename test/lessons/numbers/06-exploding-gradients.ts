import type { LessonClaim } from '../../../src/lessons/claims';
import { deepLinearOutput, matrixPower, reluChainBackward, reluChainForward } from '../../../solutions/06-exploding-gradients/index';

const diag = (d: number) => [[d, 0], [0, d]];
const threes = (n: number) => Array.from({ length: n }, () => 3);

export const claims: LessonClaim[] = [
  { quote: '3486784401', value: () => reluChainForward(1, threes(20))[19]! },
  { quote: '3486784401', value: () => reluChainBackward(1, threes(20))[0]! * 3, note: 'dL/dx = w_1 · dL/dz_1 for a 20-layer chain' },
  { quote: '3486784401', value: () => matrixPower([[3]], 20)[0]![0]! },
  { quote: '127834', value: () => deepLinearOutput(diag(1.5), 30, [1, 1])[0]! },
  { quote: '191751', value: () => deepLinearOutput(diag(1.5), 31, [1, 1])[0]!, note: "the notes' 1.5^(30) for L = 30 is the L = 31 value" },
  { quote: '1.8626 \\times 10^{-9}', value: () => deepLinearOutput(diag(0.5), 30, [1, 1])[0]! },
  { quote: '9.31 \\times 10^{-10}', value: () => deepLinearOutput(diag(0.5), 31, [1, 1])[0]!, note: "the notes' 0.5^30 is the L = 31 value" },
  { quote: '9.3132 \\times 10^{-10}', value: () => deepLinearOutput(diag(0.5), 31, [1, 1])[0]! },
];
