import type { LessonClaim } from '../../../src/lessons/claims';
import { chainForward, chainLocalGradients } from '@impl/02-chain-rule';
import { gradientCheck, numericalGradient, relativeError } from '@impl/03-gradient-check';

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

// The figure's experiment: e^x at x = 1, relative errors of both differences against the step h.
const expError = {
  oneSided: (h: number) => relativeError((Math.exp(1 + h) - Math.exp(1)) / h, Math.E),
  centred: (h: number) => relativeError(numericalGradient((x) => Math.exp(x[0]!), [1], h)[0]!, Math.E),
};
/** Steps 10^e for e from −13 to −1, `perDecade` per decade (the figure uses 4). */
const steps = (perDecade: number) => Array.from({ length: 12 * perDecade + 1 }, (_, i) => 10 ** (-13 + i / perDecade));
/** The median error over 1001 steps evenly spaced in log10 h from 10^lo to 10^hi. */
function medianError(error: (h: number) => number, lo: number, hi: number): number {
  const errors = Array.from({ length: 1001 }, (_, i) => error(10 ** (lo + ((hi - lo) * i) / 1000))).sort((a, b) => a - b);
  return errors[500]!;
}
const lowest = (error: (h: number) => number, perDecade: number) => Math.min(...steps(perDecade).map(error));

export const claims: LessonClaim[] = [
  {
    quote: '2.5000 \\times 10^{-6}',
    value: () => relativeError((Math.exp(1 + 1e-5) - Math.exp(1)) / 1e-5, Math.E),
    note: 'one-sided difference of e^x at 1 with h = 1e-5: h/4 in the course measure',
  },
  { quote: '1.0 \\times 10^{-11}', value: () => medianError(expError.centred, -5.5, -4.5) },
  { quote: '6.7 \\times 10^{-9}', value: () => medianError(expError.oneSided, -8.5, -7.5) },
  { quote: '1.2 \\times 10^{-9}', value: () => lowest(expError.oneSided, 4), note: "the one-sided minimum on the figure's grid" },
  { quote: '1.7 \\times 10^{-11}', value: () => lowest(expError.oneSided, 1000), note: 'the same minimum on a grid 250 times finer' },
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

