import type { LessonClaim, LessonStatement } from '../../../src/lessons/claims';
import { deepLinearOutput, matrixPower, reluChainBackward, reluChainForward } from '@impl/06-exploding-gradients';
import { gaussian, randomMatrix, seededRng } from '../../../lib/random';

const diag = (d: number) => [[d, 0], [0, d]];
const threes = (n: number) => Array.from({ length: n }, () => 3);

export const claims: LessonClaim[] = [
  { quote: '3486784401', value: () => reluChainForward(1, threes(20))[19]! },
  { quote: '3486784401', value: () => reluChainBackward(1, threes(20))[0]! * 3, note: 'dL/dx = w_1 · dL/dz_1 for a 20-layer chain' },
  { quote: '3486784401', value: () => matrixPower([[3]], 20)[0]![0]! },
  { quote: '127834', value: () => deepLinearOutput(diag(1.5), 30, [1, 1])[0]! },
  { quote: '127834', value: () => bpttToFirstStep(diag(1.5), 30, [1, 1])[0]!, note: 'a 30-step linear RNN with W_h = diag(1.5)' },
  { quote: '1.8626 \\times 10^{-9}', value: () => bpttToFirstStep(diag(0.5), 30, [1, 1])[0]!, note: 'the same with diag(0.5)' },
  { quote: '191751', value: () => deepLinearOutput(diag(1.5), 31, [1, 1])[0]!, note: "the notes' 1.5^(30) for L = 30 is the L = 31 value" },
  { quote: '1.8626 \\times 10^{-9}', value: () => deepLinearOutput(diag(0.5), 30, [1, 1])[0]! },
  { quote: '9.31 \\times 10^{-10}', value: () => deepLinearOutput(diag(0.5), 31, [1, 1])[0]!, note: "the notes' 0.5^30 is the L = 31 value" },
  { quote: '9.3132 \\times 10^{-10}', value: () => deepLinearOutput(diag(0.5), 31, [1, 1])[0]! },
];

/**
 * Backprop through time for a linear recurrent net h_t = W_h·h_{t−1} + W_x·x_t: a loss at step T sends
 * ∂L/∂h_T back one step at a time, ∂L/∂h_{t−1} = W_hᵀ·∂L/∂h_t.
 */
function bpttToFirstStep(Wh: number[][], T: number, dLdhT: number[]): number[] {
  let g = dLdhT;
  for (let t = T; t > 1; t--) g = Wh[0]!.map((_, i) => Wh.reduce((acc, row, k) => acc + row[i]! * g[k]!, 0));
  return g;
}
const transpose = (M: number[][]) => M[0]!.map((_, j) => M.map((row) => row[j]!));

export const statements: LessonStatement[] = [
  {
    says: 'for a linear $g$ that product is exactly the power',
    holds: () => {
      const rng = seededRng(606);
      const Wh = randomMatrix(3, 3, () => gaussian(rng, 0, 0.7));
      const g = [0.3, -1, 2];
      const power = matrixPower(transpose(Wh), 29);
      const viaPower = power.map((row) => row.reduce((acc, p, k) => acc + p * g[k]!, 0));
      const viaBptt = bpttToFirstStep(Wh, 30, g);
      return viaBptt.every((v, i) => Math.abs(v - viaPower[i]!) <= 1e-9 * (Math.abs(v) + 1e-300));
    },
  },
];
