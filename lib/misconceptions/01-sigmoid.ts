/**
 * The misconception catalogue of unit 01, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). Every wrong value is predicted from the input z and the RIGHT answer the
 * caller gives (σ'(z) or tanh'(z)), never from a reference implementation.
 */
import { isNaNSomewhere, type Slip } from '../misconceptions';

const slug = '01-sigmoid';

export interface ScalarCall {
  z: number;
  /** the right answer of the function being judged at z */
  right: number;
}

/** σ(z) recovered from the right σ'(z) = s(1 − s): the root on z's side of 1/2. */
const sigmaFrom = ({ z, right }: ScalarCall) => (1 + Math.sign(z) * Math.sqrt(Math.max(0, 1 - 4 * right))) / 2;
/** tanh(z) recovered from the right tanh'(z) = 1 − t². */
const tanhFrom = ({ z, right }: ScalarCall) => Math.sign(z) * Math.sqrt(Math.max(0, 1 - right));

const overflow = (lesson: string): Slip<ScalarCall> => ({
  id: 'overflow-nan',
  name: 'e^(−z) (or e^z) overflowing to Infinity, giving Infinity/Infinity = NaN',
  explain: "For |z| in the hundreds the exponential is larger than the biggest double. Choose the form whose exponential has a negative argument, or write σ'(z) through σ itself.",
  lesson,
  matches: isNaNSomewhere,
});

export const sigmoid: Slip<ScalarCall>[] = [
  {
    id: 'exponent-sign',
    name: '1/(1+e^z): the sign of the exponent is flipped',
    explain: 'σ(z) = 1/(1+e^(−z)) rises from 0 to 1; with e^(+z) the curve falls instead (it computes σ(−z) = 1 − σ(z)).',
    lesson: `${slug}#a-flipped-sign-in-the-exponent`,
    predict: ({ right }) => 1 - right,
  },
  overflow(`${slug}#computing-it-without-overflow`),
];

export const sigmoidPrime: Slip<ScalarCall>[] = [
  {
    id: 'one-minus-z',
    name: 'σ(z)·(1−z) instead of σ(z)·(1−σ(z))',
    explain: 'The derivative multiplies σ(z) by one minus σ(z), not one minus z: both factors are outputs of the sigmoid.',
    lesson: `${slug}#using-z-where-the-activation-belongs`,
    predict: (c) => sigmaFrom(c) * (1 - c.z),
  },
  {
    id: 'a-one-minus-a-on-z',
    name: 'a(1−a) applied to z instead of to a = σ(z)',
    explain: 'The formula a(1−a) is written in terms of the activation a = σ(z). Compute σ(z) first, then use it in place of a.',
    lesson: `${slug}#using-z-where-the-activation-belongs`,
    predict: ({ z }) => z * (1 - z),
  },
  {
    id: 'plus-sign',
    name: 'σ(z)·(1+σ(z)) instead of σ(z)·(1−σ(z))',
    explain: 'Differentiating 1/(1+e^(−z)) gives e^(−z)/(1+e^(−z))², which is σ(z)·(1−σ(z)): the sign is a minus.',
    lesson: `${slug}#a-plus-where-the-minus-belongs`,
    predict: (c) => sigmaFrom(c) * (1 + sigmaFrom(c)),
  },
  {
    id: 'negated',
    name: "−σ(z)·(1−σ(z)): the chain rule's minus sign counted twice",
    explain: 'd/dz (1+e^(−z))^(−1) = −(1+e^(−z))^(−2) · (−e^(−z)): the two minus signs cancel, so σ\' is positive everywhere.',
    lesson: `${slug}#a-plus-where-the-minus-belongs`,
    predict: ({ right }) => -right,
  },
  {
    id: 'square-dropped',
    name: 'e^(−z)/(1+e^(−z)) (the square of the denominator dropped)',
    explain: 'The derivative of 1/u is −u\'/u²: the denominator is squared, e^(−z)/(1+e^(−z))². Without the square you get 1 − σ(z).',
    lesson: `${slug}#a-dropped-square`,
    predict: (c) => 1 - sigmaFrom(c),
  },
  {
    id: 'sigma-itself',
    name: 'σ(z) returned instead of its derivative',
    explain: "sigmoidPrime is the slope σ'(z) = σ(z)·(1−σ(z)), at most 0.25; σ(z) itself runs from 0 to 1.",
    lesson: `${slug}#the-derivative`,
    predict: (c) => sigmaFrom(c),
  },
  overflow(`${slug}#computing-it-without-overflow`),
];

export const tanhPrime: Slip<ScalarCall>[] = [
  {
    id: 'one-minus-z-squared',
    name: '1 − z² instead of 1 − tanh(z)²',
    explain: "Like σ', tanh' is written through the activation: square tanh(z), not z.",
    lesson: `${slug}#using-z-where-the-activation-belongs`,
    predict: ({ z }) => 1 - z * z,
  },
  {
    id: 'square-dropped',
    name: '1 − tanh(z) instead of 1 − tanh(z)²',
    explain: 'd/dz tanh(z) = 1 − tanh²(z): the tanh is squared.',
    lesson: `${slug}#a-dropped-square`,
    predict: (c) => 1 - tanhFrom(c),
  },
  {
    id: 'plus-sign',
    name: '1 + tanh(z)² instead of 1 − tanh(z)²',
    explain: "tanh' = sech² = 1 − tanh²: it is at most 1, at z = 0, and falls to 0 as |z| grows.",
    lesson: `${slug}#a-plus-where-the-minus-belongs`,
    predict: ({ right }) => 2 - right,
  },
  overflow(`${slug}#tanh-saturates-too`),
];
