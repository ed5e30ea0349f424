/**
 * The misconception catalogue of unit 04, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). Most wrong values follow from the RIGHT answer the caller gives (m times
 * it, its transpose, its negative). Those that need a whole wrong backward pass (A·δ, g'(A), an
 * extra σ' at the output) come in `ctx.known`: the hidden suite computes them with the engine on
 * every net; on the lesson's fixture they are listed below (`onTheFixture`), and
 * test/misconceptions/catalogue.test.ts checks that list against the hidden suite's oracle.
 */
import type { Numeric } from '../compare';
import type { Activation } from '../types';
import { isNaNSomewhere, scale, transposeOf, type Known, type Slip } from '../misconceptions';

const slug = '04-backprop-mlp';
type Matrix = number[][];
type Vector = number[];
export type GradName = 'dW1' | 'db1' | 'dW2' | 'db2';

export interface DenseCall {
  b: Vector;
  right: Matrix;
}

export interface ForwardCall {
  hidden: Activation;
  right: Vector;
}

export interface LossCall {
  m: number;
  right: number;
}

export interface BackwardCall extends Known {
  field: GradName;
  m: number;
  right: Matrix | Vector;
}

const g: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  relu: (z) => Math.max(z, 0),
  leakyRelu: (z) => (z > 0 ? z : 0.01 * z),
};
const logit = (p: number) => Math.log(p / (1 - p));

export const dense: Slip<DenseCall>[] = [
  {
    id: 'bias-left-out',
    name: 'the bias b left out',
    explain: 'A dense layer is Z = A·W + b: add b[j] to every entry of column j.',
    lesson: `${slug}#the-bias-left-out`,
    predict: ({ b, right }) => right.map((row) => row.map((z, j) => z - b[j]!)),
  },
];

export const forwardYHat: Slip<ForwardCall>[] = [
  {
    id: 'hidden-activation-on-output',
    name: 'the hidden activation applied to the output unit too',
    explain: 'Only the hidden layer uses the chosen activation; the output unit is always a sigmoid, so ŷ is a probability.',
    lesson: `${slug}#the-wrong-output-unit`,
    predict: ({ hidden, right }) => right.map((p) => g[hidden](logit(p))),
  },
  {
    id: 'no-output-sigmoid',
    name: 'ŷ = Z2, without the output sigmoid',
    explain: 'ŷ is a probability: the output unit applies σ to Z2 = A1·W2 + b2.',
    lesson: `${slug}#the-wrong-output-unit`,
    predict: ({ right }) => right.map(logit),
  },
];

export const bceLoss: Slip<LossCall>[] = [
  {
    id: 'sum',
    name: 'the sum over examples instead of the mean',
    explain: ({ m }) => `The loss is the mean: divide the sum by m = ${m}.`,
    lesson: `${slug}#forgetting-to-divide-by-m`,
    predict: ({ m, right }) => m * right,
  },
  {
    id: 'missing-minus',
    name: 'a missing minus sign',
    explain: 'log of a probability is ≤ 0, so the loss −mean(y·log ŷ + (1−y)·log(1−ŷ)) is ≥ 0.',
    lesson: `${slug}#a-flipped-sign`,
    predict: ({ right }) => -right,
  },
  {
    id: 'zero-log-zero',
    name: '0·log 0 evaluated as NaN',
    explain: 'When y = 1 the term (1−y)·log(1−ŷ) has weight 0 and must contribute 0, even if ŷ is exactly 1 (log 0 = −Infinity, and 0·−Infinity is NaN). Skip terms whose weight is 0.',
    lesson: `${slug}#the-loss`,
    matches: isNaNSomewhere,
  },
];

const isMatrix = (v: Numeric) => Array.isArray(v) && Array.isArray(v[0]);

export const backward: Slip<BackwardCall>[] = [
  {
    id: 'no-divide',
    name: 'forgetting to divide by m (this gradient is m times too big)',
    explain: ({ m }) => `The loss is the MEAN over the m = ${m} examples, so every gradient carries a factor 1/m: dW = Aᵀ·δ / m and db = column MEANS of δ (not sums).`,
    lesson: `${slug}#forgetting-to-divide-by-m`,
    predict: ({ m, right }) => scale(right, m),
  },
  {
    id: 'divides-twice',
    name: 'dividing by m twice (this gradient is m times too small)',
    explain: ({ m }) => `Divide by m = ${m} once: either in δ2 = (ŷ − Y)/m or in dW = Aᵀ·δ/m and the column means, not in both.`,
    lesson: `${slug}#forgetting-to-divide-by-m`,
    predict: ({ m, right }) => scale(right, 1 / m),
  },
  {
    id: 'transposed',
    name: 'missing the transpose: the gradient came back transposed (n_out × n_in, the shape of Wᵀ)',
    explain: "In this course W is n_in × n_out, so dW = Aᵀ·δ has W's shape. δᵀ·A (or the notes-of-other-courses form dZ·Aᵀ) gives Wᵀ's shape instead.",
    lesson: `${slug}#missing-the-transpose`,
    predict: ({ right }) => (isMatrix(right) ? transposeOf(right as Matrix) : undefined),
  },
  {
    id: 'no-transpose',
    name: 'missing the transpose: A·δ instead of Aᵀ·δ',
    explain: 'dW sums over the examples, which are the rows of both A and δ, so the product is Aᵀ·δ. A·δ only runs at all because this batch happens to be square.',
    lesson: `${slug}#missing-the-transpose`,
  },
  {
    id: 'delta-sign',
    name: 'δ2 = Y − ŷ instead of ŷ − Y (every gradient has the wrong sign)',
    explain: 'dL/dZ2 = ŷ − Y for a sigmoid output with BCE. Y − ŷ is the direction to step in, the negative gradient; backward returns the gradient itself, and the update subtracts it.',
    lesson: `${slug}#the-sign-of-delta`,
    predict: ({ right }) => scale(right, -1),
  },
  {
    id: 'at-a',
    name: "g'(A1) instead of g'(Z1): the derivative taken at the activation",
    explain: "δ1 = (δ2·W2ᵀ) ⊙ g'(Z1): the derivative is taken at the pre-activation Z1. A1 = g(Z1) is already an output of g; feeding it to g' applies g twice.",
    lesson: `${slug}#using-the-derivative-at-a-instead-of-at-z`,
  },
  {
    id: 'shortcut-on-z',
    name: "the shortcut a(1−a) (or 1−a²) applied to Z1 instead of to A1",
    explain: "a(1−a) is σ'(z) written through the activation a = σ(z), and 1−a² is tanh'(z): use them with A1, or σ'/tanh' with Z1, never the shortcut with Z1.",
    lesson: `${slug}#using-the-derivative-at-a-instead-of-at-z`,
  },
  {
    id: 'extra-output-slope',
    name: "δ2 = (ŷ − Y)·σ'(Z2): an extra σ' at the output",
    explain: "With a sigmoid output and BCE, σ' cancels: dL/dZ2 = ŷ − Y exactly. Multiplying by ŷ(1−ŷ) again is the squared-error formula of other courses, which shrinks every gradient.",
    lesson: `${slug}#an-extra-slope-at-the-output`,
  },
  {
    id: 'nan',
    name: 'NaN in the gradient',
    explain: 'With finite inputs a NaN usually comes from a hand-written product reading past the end of a row (undefined × number), i.e. a product whose inner sizes do not match: often a missing transpose.',
    lesson: `${slug}#missing-the-transpose`,
    matches: isNaNSomewhere,
  },
];

/**
 * The wrong gradients on the lesson's fixture (X, Y, params of the public tests), per activation,
 * slip and gradient: what a public test puts in `known`. Computed by the hidden suite's oracle
 * (`slipValues` in grader/checks/04-backprop-mlp.checks.ts), rounded to 12 digits.
 */
export function knownOnTheFixture(hidden: Activation, field: GradName): Partial<Record<string, Numeric>> {
  return Object.fromEntries(Object.entries(onTheFixture[hidden]).flatMap(([id, byField]) => (byField?.[field] ? [[id, byField[field]!]] : [])));
}

export const onTheFixture: Record<Activation, Partial<Record<string, Partial<Record<GradName, Numeric>>>>> = {
  sigmoid: {
    'no-transpose': { dW2: [[-0.0497494162586], [-0.122370093539], [-0.0853981302926]] },
    'at-a': { dW1: [[-0.0245623923699, 0.049006682742, -0.0158345439555], [-0.0082758504745, 0.0141168565933, -0.00522808096433]], db1: [-0.0116939043234, 0.0220569675274, -0.00828183174287] },
    'shortcut-on-z': { dW1: [[0.0164315184879, -0.070663511606, -0.00726731341084], [0.0268181727828, 0.0584971236507, -0.0099153638609]], db1: [-0.000649437382417, 0.078514978344, 0.0159313721125] },
    'extra-output-slope': { dW1: [[-0.00642088362497, 0.0122705185472, -0.00403211734748], [-0.00205219035739, 0.00336124986762, -0.00146501186856]], db1: [-0.0030717837144, 0.00592668708048, -0.00227180730798], dW2: [[-0.0217010404538], [-0.0310662348842], [-0.0120339863076]], db2: [-0.0416706800536] },
  },
  tanh: {
    'no-transpose': { dW2: [[0.143374882281], [-0.144318342808], [-0.0163964820509]] },
    'at-a': { dW1: [[-0.110757000805, 0.191524487544, -0.0623903969862], [-0.0394435671638, 0.0451492105986, -0.0317393935698]], db1: [-0.0430029698242, 0.0796381659479, -0.039595488428] },
    'shortcut-on-z': { dW1: [[-0.110570785581, 0.177604208706, -0.0541993596789], [-0.0391338659391, 0.0215267482424, -0.0332158548788]], db1: [-0.0427373121145, 0.0679935324211, -0.0461979233215] },
    'extra-output-slope': { dW1: [[-0.0268775387926, 0.0451527241117, -0.0144137636508], [-0.00936369255665, 0.0083598860844, -0.00772909197491]], db1: [-0.0107742635303, 0.0190043781543, -0.0104392613289], dW2: [[-0.00291271165467], [-0.0418216814085], [0.0340303391621]], db2: [-0.0387200292493] },
  },
  relu: {
    'no-transpose': { dW2: [[0.101992213627], [-0.105865228088], [-0.0346424017936]] },
    'at-a': { dW1: [[-0.0142207022804, 0.0577373363227, -0.0629154312986], [0.0331816386543, 0.173212008968, -0.050459060902]], db1: [-0.0474023409347, 0.115474672645, -0.00210018044485] },
    'extra-output-slope': { dW1: [[-0.00354557967823, 0.0140886815873, -0.0155217542628], [0.00827301924921, 0.0422660447619, -0.0122844270761]], db1: [-0.0118185989274, 0.0281773631746, -0.000371181835678], dW2: [[-0.00709115935647], [-0.0295862313333], [0.0264642813055]], db2: [-0.0412512389365] },
  },
  leakyRelu: {
    'no-transpose': { dW2: [[0.102569179492], [-0.106370064484], [-0.0344425041608]] },
    'at-a': { dW1: [[-0.0151641258324, 0.0593506897928, -0.0630595119724], [0.0324221544103, 0.172382563613, -0.0502481964197]], db1: [-0.0474299859437, 0.115364958631, -0.00239169562026] },
    'extra-output-slope': { dW1: [[-0.00377826131222, 0.0144873254439, -0.0155548700727], [0.00808806415318, 0.0420545720186, -0.012230563741]], db1: [-0.0118231303171, 0.0281482933063, -0.000444629775896], dW2: [[-0.00704556755009], [-0.0297472265283], [0.0265899169745]], db2: [-0.0412213695739] },
  },
};

// ---- checkBackward: the gradient check of a backward pass ----

/**
 * One parameter's check: `f` is the loss as a function of that parameter's entries (flattened row by
 * row), `x` those entries, `analytic` the gradient handed to the check (flattened the same way),
 * `numeric` the right centred differences of f at x and `right` the right error (both from the caller).
 */
export interface CheckCall {
  f: (x: Vector) => number;
  x: Vector;
  analytic: Vector;
  numeric: Vector;
  right: number;
}

const H = 1e-5;
const norm = (v: Vector) => Math.sqrt(v.reduce((s, t) => s + t * t, 0));
const relErr = (a: Vector, b: Vector) => {
  const d = norm(a) + norm(b);
  return d === 0 ? 0 : norm(a.map((t, i) => t - b[i]!)) / d;
};

/** (f(x + h·e_i) − f(x)) / h: perturbing by +h only. */
function forwardDifferences(f: (x: Vector) => number, x: Vector): Vector {
  const fx = f([...x]);
  return x.map((xi, i) => {
    const probe = [...x];
    probe[i] = xi + H;
    return (f(probe) - fx) / H;
  });
}

/** Centred differences whose probe keeps x_i − h after coordinate i: the perturbed entry never restored. */
function unrestoredDifferences(f: (x: Vector) => number, x: Vector): Vector {
  const probe = [...x];
  return x.map((xi, i) => {
    probe[i] = xi + H;
    const plus = f([...probe]);
    probe[i] = xi - H;
    const minus = f([...probe]);
    return (plus - minus) / (2 * H);
  });
}

const fixUnit03 = (what: string) =>
  `Unit 03 needs fixing: checkBackward's numbers come from your unit 03, and ${what} Fix it in exercises/03-gradient-check/index.ts; \`npm test -- 03\` shows where (if you wrote your own probing loop here instead, the same fix applies to it).`;

/** The slips of a gradient check, as the error they report; unit 05's checkDeepBackward shares them. */
export const checkBackward: Slip<CheckCall>[] = [
  {
    id: 'one-sided',
    name: 'perturbing by +h only: a one-sided difference (f(x+h) − f(x))/h in the numerical gradient',
    explain: fixUnit03('its numericalGradient steps one way only, which is off by about h/2·f″ ≈ 1e-6: enough to fail a right gradient. Step both ways and divide by 2h.'),
    lesson: '03-gradient-check#one-sided-differences',
    predict: ({ f, x, analytic }) => relErr(analytic, forwardDifferences(f, x)),
  },
  {
    id: 'not-restored',
    name: 'forgetting to restore the perturbed entry: x_i is not put back after probing it',
    explain: fixUnit03('its numericalGradient leaves each probed entry at x_i − h, so every later entry is differentiated at a shifted point.'),
    lesson: '03-gradient-check#forgetting-to-put-x-back',
    predict: ({ f, x, analytic }) => relErr(analytic, unrestoredDifferences(f, x)),
  },
  {
    id: 'divides-by-h',
    name: 'dividing by h instead of 2h in the numerical gradient',
    explain: fixUnit03('its numericalGradient divides f(x+h) − f(x−h) by h, which doubles every derivative (the two probes are 2h apart).'),
    lesson: '03-gradient-check#dividing-by-h-instead-of-2h',
    predict: ({ numeric, analytic }) => relErr(analytic, numeric.map((t) => 2 * t)),
  },
  {
    id: 'absolute',
    name: 'the absolute error ‖a − b‖ instead of the relative error',
    explain: fixUnit03('its relativeError (or gradientCheck) reports ‖a − b‖ without dividing by ‖a‖ + ‖b‖, so the 1e-7 threshold depends on the gradients\' scale.'),
    lesson: '03-gradient-check#absolute-instead-of-relative-error',
    predict: ({ numeric, analytic }) => norm(analytic.map((t, i) => t - numeric[i]!)),
  },
  {
    id: 'norms',
    name: 'comparing the norms ‖analytic‖ and ‖numerical‖ instead of the entries',
    explain: 'Two gradients of the same size can point in different directions: a missing transpose or a g\'(A1) keeps the norm roughly right and gets the entries wrong. Hand gradientCheck the whole flattened gradient, so that it compares entry by entry: ‖a − b‖ / (‖a‖ + ‖b‖).',
    lesson: `${slug}#comparing-norms-instead-of-entries`,
    predict: ({ numeric, analytic }) => Math.abs(norm(analytic) - norm(numeric)) / (norm(analytic) + norm(numeric)),
  },
];

