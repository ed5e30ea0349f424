import type { LessonClaim } from '../../../src/lessons/claims';
import { chainForward, chainLocalGradients } from '../../../solutions/02-chain-rule/index';
import { gradientCheck, numericalGradient, relativeError } from '../../../solutions/03-gradient-check/index';

const sumOfSquares = (x: number[]) => x.reduce((s, v) => s + v * v, 0);

// Unit 02's chain: the output a_3 as a function of the weights, and backprop with and without the weights.
const chainOutput = (w: number[]) => chainForward(1, w).a.at(-1)!;
function backpropWithoutWeights(w: number[]): number[] {
  const { a } = chainForward(1, w);
  const local = chainLocalGradients(1, w);
  const dw: number[] = [];
  let upstream = 1;
  for (let k = w.length - 1; k >= 0; k--) {
    const dz = upstream * local[k]!;
    dw[k] = dz * (k === 0 ? 1 : a[k - 1]!);
    upstream = dz; // the missing factor w_k
  }
  return dw;
}

/** The centred difference of x² at x = 1 with every operation rounded to float32. */
function float32CentredSquare(): number {
  const f32 = Math.fround;
  const h = f32(1e-5);
  const plus = f32(f32(1) + h);
  const minus = f32(f32(1) - h);
  return f32(f32(f32(plus * plus) - f32(minus * minus)) / f32(2 * h));
}

export const claims: LessonClaim[] = [
  {
    quote: '2.5000 \\times 10^{-6}',
    value: () => relativeError((Math.exp(1 + 1e-5) - Math.exp(1)) / 1e-5, Math.E),
    note: 'one-sided difference of e^x at 1 with h = 1e-5: h/4 in the course measure',
  },
  { quote: '6 \\times 10^{-6}', value: () => Math.cbrt(Number.EPSILON) },
  { quote: '2.2 \\times 10^{-16}', value: () => Number.EPSILON },
  { quote: '1.2 \\times 10^{-7}', value: () => 2 ** -23, note: 'float32 machine epsilon' },
  { quote: '0.3333', value: () => gradientCheck(sumOfSquares, (x) => x, [1, -2, 3]).error },
  { quote: '0.07385', value: () => gradientCheck(chainOutput, backpropWithoutWeights, [0.5, 0.5, 0.5]).error },
  { quote: '0.2903', value: () => relativeError(numericalGradient((x) => Math.max(0, x[0]!), [1e-6])[0]!, 1) },
  { quote: '0.55', value: () => numericalGradient((x) => Math.max(0, x[0]!), [1e-6])[0]! },
  { quote: '2.0027', value: float32CentredSquare },
  { quote: '6.8 \\times 10^{-4}', value: () => relativeError(float32CentredSquare(), 2) },
];

