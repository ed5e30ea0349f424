/**
 * The misconception catalogue of unit 03, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). Wrong values come from the inputs (f may be evaluated: it is an input)
 * and the right answers the caller gives; a slip whose value needs the reference algorithm with
 * one line changed (x_i not put back, the default h) reads that value from the caller too.
 */
import { isNaNSomewhere, scale, type Slip } from '../misconceptions';

const slug = '03-gradient-check';
type Vec = number[];

export interface NumericalCall {
  f: (x: Vec) => number;
  x: Vec;
  h: number;
  right: Vec;
  /** the centred differences of a loop that never puts x_i back (when the caller has them) */
  unrestored?: Vec;
  /** the centred differences with h = 1e-5, whatever h was asked (when the caller has them) */
  atDefaultH?: Vec;
}

export interface RelativeCall {
  a: number | Vec;
  b: number | Vec;
  right: number;
}

export interface CheckCall {
  right: number;
  /** the relative error against one-sided differences (h = 1e-5) */
  oneSidedError: number;
  /** ‖analytic − numerical‖ */
  absoluteError: number;
}

/** (f(x ± h·e_i) − f(x)) / (±h): the one-sided differences the lesson warns about. */
function oneSided(f: (x: Vec) => number, x: Vec, h: number, direction: 1 | -1): Vec {
  const fx = f([...x]);
  return x.map((xi, i) => {
    const probe = [...x];
    probe[i] = xi + direction * h;
    return (direction * (f(probe) - fx)) / h;
  });
}

const norm = (v: Vec) => Math.sqrt(v.reduce((s, t) => s + t * t, 0));
const asVec = (v: number | Vec) => (typeof v === 'number' ? [v] : v);
const difference = ({ a, b }: RelativeCall) => norm(asVec(a).map((t, i) => t - asVec(b)[i]!));

export const numericalGradient: Slip<NumericalCall>[] = [
  {
    id: 'one-sided-forward',
    name: 'a one-sided difference (f(x+h) − f(x))/h instead of a centred one',
    explain: "A one-sided difference has error O(h), about h/2·f'' — around 1e-6 at h = 1e-5, enough to fail a correct gradient. Step both ways: (f(x+h) − f(x−h)) / 2h has error O(h²).",
    lesson: `${slug}#one-sided-differences`,
    predict: ({ f, x, h }) => oneSided(f, x, h, 1),
  },
  {
    id: 'one-sided-backward',
    name: 'a one-sided difference (f(x) − f(x−h))/h instead of a centred one',
    explain: 'A backward difference is as inaccurate as a forward one: error O(h). Step both ways and divide by 2h: the error becomes O(h²).',
    lesson: `${slug}#one-sided-differences`,
    predict: ({ f, x, h }) => oneSided(f, x, h, -1),
  },
  {
    id: 'divides-by-h',
    name: 'dividing by h instead of 2h',
    explain: 'The two probes x + h and x − h are 2h apart, so their difference is divided by 2h; dividing by h doubles every derivative.',
    lesson: `${slug}#dividing-by-h-instead-of-2h`,
    predict: ({ right }) => scale(right, 2),
  },
  {
    id: 'sign-flipped',
    name: '(f(x−h) − f(x+h)) / 2h: the difference taken the wrong way round',
    explain: 'The slope is rise over run from x − h to x + h: f(x+h) − f(x−h) on top. The other order flips every sign.',
    lesson: `${slug}#dividing-by-h-instead-of-2h`,
    predict: ({ right }) => scale(right, -1),
  },
  {
    id: 'not-restored',
    name: 'x_i not put back after probing it',
    explain: 'After the two evaluations for coordinate i, reset probe[i] to x[i]; otherwise every later coordinate is differentiated at a shifted point.',
    lesson: `${slug}#forgetting-to-put-x-back`,
    predict: ({ unrestored }) => unrestored,
  },
  {
    id: 'h-ignored',
    name: 'the h argument is ignored',
    explain: 'numericalGradient(f, x, h) must step by the h it is given; 1e-5 is only the default.',
    lesson: `${slug}#choosing-h`,
    predict: ({ h, atDefaultH }) => (h === 1e-5 ? undefined : atDefaultH),
  },
];

export const relativeError: Slip<RelativeCall>[] = [
  {
    id: 'absolute',
    name: 'the absolute error ‖a − b‖ instead of the relative error',
    explain: "An absolute difference depends on the gradients' scale. Divide by ‖a‖ + ‖b‖ so that the error means the same for gradients of size 1e-10 and 1e3.",
    lesson: `${slug}#absolute-instead-of-relative-error`,
    predict: difference,
  },
  {
    id: 'by-b-only',
    name: 'dividing by ‖b‖ only instead of ‖a‖ + ‖b‖',
    explain: "The course's measure is symmetric: ‖a − b‖ / (‖a‖ + ‖b‖). Dividing by one side only makes err(a, b) ≠ err(b, a) and is undefined when that side is zero.",
    lesson: `${slug}#the-wrong-denominator`,
    predict: (c) => difference(c) / norm(asVec(c.b)),
  },
  {
    // Listed after by-b-only: where ‖b‖ is the larger norm the two give the same number.
    id: 'by-max',
    name: 'dividing by max(‖a‖, ‖b‖) instead of ‖a‖ + ‖b‖',
    explain: "That is another course's convention, about twice this one. Here the denominator is the sum ‖a‖ + ‖b‖.",
    lesson: `${slug}#the-wrong-denominator`,
    predict: (c) => difference(c) / Math.max(norm(asVec(c.a)), norm(asVec(c.b))),
  },
  {
    id: 'squared-norms',
    name: 'squared norms instead of norms',
    explain: '‖v‖ is the square root of the sum of squares; forgetting the square roots changes the value.',
    lesson: `${slug}#the-wrong-denominator`,
    predict: (c) => difference(c) ** 2 / (norm(asVec(c.a)) ** 2 + norm(asVec(c.b)) ** 2),
  },
  {
    id: 'no-absolute-values',
    name: '(a − b) / (a + b) without the absolute values',
    explain: 'For numbers the norms are absolute values: |a − b| / (|a| + |b|). Without them the error can be negative or blow up when a ≈ −b.',
    lesson: `${slug}#the-wrong-denominator`,
    predict: ({ a, b }) => (typeof a === 'number' && typeof b === 'number' ? (a - b) / (a + b) : undefined),
  },
  {
    id: 'zeros-nan',
    name: '0/0 = NaN when both inputs are zero',
    explain: 'Two zero gradients agree perfectly. When ‖a‖ + ‖b‖ is 0, return 0 instead of dividing.',
    lesson: `${slug}#nan-for-two-zero-gradients`,
    matches: isNaNSomewhere,
  },
];

export const gradientCheckError: Slip<CheckCall>[] = [
  {
    id: 'one-sided',
    name: 'a one-sided difference inside the check',
    explain: 'With (f(x+h) − f(x))/h the numerical gradient itself is off by O(h) ≈ 1e-6, so even a correct analytic gradient shows an error far above 1e-7. Use centred differences.',
    lesson: `${slug}#one-sided-differences`,
    predict: ({ oneSidedError }) => oneSidedError,
  },
  {
    id: 'absolute',
    name: 'the absolute error ‖a − b‖ instead of the relative error',
    explain: 'gradientCheck reports ‖a − b‖ / (‖a‖ + ‖b‖), so that its threshold 1e-7 means the same for every gradient scale.',
    lesson: `${slug}#absolute-instead-of-relative-error`,
    predict: ({ absoluteError }) => absoluteError,
  },
];
