/**
 * The misconception catalogue of unit 07, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). The inits are random, so a slip is recognised by a statistic of the
 * weights: the sample variance of a normal init, the largest |w| of a uniform one (both judged
 * with the checks' 5% and 0.5% bands). Each entry predicts that statistic from the layer's fans,
 * as the lesson's formulas do.
 */
import type { Slip } from '../misconceptions';

const slug = '07-weight-init';

export interface InitCall {
  fanIn: number;
  fanOut: number;
  /** smallUniform's limit argument (0.5 when omitted) */
  limit?: number;
}

export interface SignsCall {
  /** the fraction of negative weights in the sample */
  negativeFraction: number;
}

export interface GainCall {
  nonlinearity: string;
  param?: number;
}

const varianceAsStd = (variance: (c: InitCall) => number, formula: string): Slip<InitCall> => ({
  id: 'variance-as-std',
  name: `the variance used as the standard deviation (std = ${formula} instead of √(${formula}))`,
  explain: `${formula} is the variance the weights should have; their standard deviation is its square root. gaussian(rng, 0, std) takes a standard deviation.`,
  lesson: `${slug}#the-variance-used-as-the-standard-deviation`,
  predict: (c) => variance(c) ** 2,
});

const fanOutInstead = (variance: (n: number) => number, formula: string): Slip<InitCall> => ({
  id: 'fan-out',
  name: 'fan_out instead of fan_in',
  explain: `He and LeCun divide by the number of inputs of the layer, fanIn (the first argument, the rows of W): here ${formula}. On a square layer the two agree; on this one they do not.`,
  lesson: `${slug}#fan-out-instead-of-fan-in`,
  predict: ({ fanOut }) => variance(fanOut),
});

/** Slips of the normal inits, recognised by the sample variance. */
export const lecunNormal: Slip<InitCall>[] = [varianceAsStd(({ fanIn }) => 1 / fanIn, '1/n'), fanOutInstead((n) => 1 / n, 'Var(w) = 1/fanIn')];

export const xavierNormal: Slip<InitCall>[] = [
  varianceAsStd(({ fanIn, fanOut }) => 2 / (fanIn + fanOut), '2/(n_in + n_out)'),
  {
    id: 'lecun-called-xavier',
    name: '√(1/n) called Xavier: that is LeCun initialization',
    explain: "Many courses and blog posts call std = √(1/n) \"Xavier\", but Var(w) = 1/n_in is LeCun's. Xavier (Glorot) uses both fans: Var(w) = 2/(n_in + n_out). They agree only when n_in = n_out.",
    lesson: `${slug}#calling-1n-xavier`,
    predict: ({ fanIn }) => 1 / fanIn,
  },
  {
    id: 'lecun-called-xavier-fan-out',
    name: '√(1/n) called Xavier: that is LeCun initialization (here with fan_out)',
    explain: "Var(w) = 1/n is LeCun's rule, whichever fan n is. Xavier (Glorot) uses both fans: Var(w) = 2/(n_in + n_out).",
    lesson: `${slug}#calling-1n-xavier`,
    predict: ({ fanOut }) => 1 / fanOut,
  },
  {
    id: 'missing-2',
    name: 'Var(w) = 1/(n_in + n_out): the 2 of Xavier is missing',
    explain: 'Xavier averages the two fans: Var(w) = 2/(n_in + n_out) = 1/((n_in + n_out)/2).',
    lesson: `${slug}#calling-1n-xavier`,
    predict: ({ fanIn, fanOut }) => 1 / (fanIn + fanOut),
  },
];

export const heNormal: Slip<InitCall>[] = [
  varianceAsStd(({ fanIn }) => 2 / fanIn, '2/n'),
  fanOutInstead((n) => 2 / n, 'Var(w) = 2/fanIn'),
  {
    id: 'lecun-for-relu',
    name: 'Var(w) = 1/n_in (LeCun) for a ReLU layer: the factor 2 is missing',
    explain: "ReLU keeps only half of the mean square, E[relu(z)²] = Var(z)/2, and He's factor 2 puts it back.",
    lesson: `${slug}#he-initialization`,
    predict: ({ fanIn }) => 1 / fanIn,
  },
  {
    id: 'gain-on-std',
    name: 'the ReLU gain 2 multiplying the standard deviation (std = 2·√(1/n) instead of √2·√(1/n))',
    explain: "The gain scales the standard deviation; ReLU's variance factor 2 is a gain of √2.",
    lesson: `${slug}#the-gain-of-relu-as-2`,
    predict: ({ fanIn }) => 4 / fanIn,
  },
];

const A2 = 'U(−a, a) has variance a²/3, so the limit for a target variance v is a = √(3v)';
const limitSlip = (id: string, name: string, explain: string, predict: (c: InitCall) => number): Slip<InitCall> => ({
  id,
  name,
  explain,
  lesson: `${slug}#a-uniform-limit-that-misses-the-variance`,
  predict,
});

/** Slips of the uniform inits, recognised by the largest |w| (the limit the weights reach). */
export const heUniform: Slip<InitCall>[] = [
  // On a square layer √(3/n_in) and the Xavier limit √(6/(n_in + n_out)) are the same number, so
  // neither is named there (the grader's and the public tests' non-square layers tell them apart).
  limitSlip('sqrt-3', 'the limit √(3/n_in) instead of √(6/n_in)', `${A2} = √(3·2/n_in) = √(6/n_in); √(3/n_in) gives LeCun's variance 1/n_in, half of He's.`, ({ fanIn, fanOut }) => (fanIn === fanOut ? NaN : Math.sqrt(3 / fanIn))),
  limitSlip('std-as-limit', 'the standard deviation √(2/n_in) used as the uniform limit', `${A2}: the limit is √3 times the standard deviation, √(6/n_in).`, ({ fanIn }) => Math.sqrt(2 / fanIn)),
  limitSlip('twelve', 'a²/12 taken as the variance of U(−a, a) (limit √(24/n_in))', `a²/12 is the variance of U(0, a); U(−a, a) is twice as wide and has variance a²/3. ${A2}.`, ({ fanIn }) => Math.sqrt(24 / fanIn)),
  { ...limitSlip('fan-out', 'the limit √(6/fan_out): fan_out instead of fan_in', 'He divides by the number of inputs of the layer, fanIn (the rows of W): a = √(6/fanIn).', ({ fanOut }) => Math.sqrt(6 / fanOut)), lesson: `${slug}#fan-out-instead-of-fan-in` },
  limitSlip('xavier-limit', 'the Xavier limit √(6/(n_in + n_out)) for He uniform', 'He uniform uses only the fan-in, a = √(6/n_in); √(6/(n_in + n_out)) is Xavier uniform.', ({ fanIn, fanOut }) => (fanIn === fanOut ? NaN : Math.sqrt(6 / (fanIn + fanOut)))),
];

export const xavierUniform: Slip<InitCall>[] = [
  limitSlip('sqrt-3', 'the limit √(3/(n_in + n_out)) instead of √(6/(n_in + n_out))', `${A2} = √(3·2/(n_in + n_out)); √(3/(n_in + n_out)) gives half the variance.`, ({ fanIn, fanOut }) => Math.sqrt(3 / (fanIn + fanOut))),
  limitSlip('std-as-limit', 'the standard deviation √(2/(n_in + n_out)) used as the uniform limit', `${A2}: the limit is √3 times the standard deviation, √(6/(n_in + n_out)).`, ({ fanIn, fanOut }) => Math.sqrt(2 / (fanIn + fanOut))),
  limitSlip('twelve', 'a²/12 taken as the variance of U(−a, a) (limit √(24/(n_in + n_out)))', `a²/12 is the variance of U(0, a); U(−a, a) has variance a²/3. ${A2}.`, ({ fanIn, fanOut }) => Math.sqrt(24 / (fanIn + fanOut))),
  { ...limitSlip('lecun-limit', 'the limit √(3/n_in): LeCun uniform called Xavier', "Var(w) = 1/n_in is LeCun's rule. Xavier uses both fans: a = √(6/(n_in + n_out)).", ({ fanIn }) => Math.sqrt(3 / fanIn)), lesson: `${slug}#calling-1n-xavier` },
  limitSlip('he-limit', 'the He limit √(6/n_in) for Xavier uniform', 'Xavier uses both fans, a = √(6/(n_in + n_out)); √(6/n_in) is He uniform.', ({ fanIn }) => Math.sqrt(6 / fanIn)),
];

/** Slips of smallUniform, recognised by the largest |w|. */
export const smallUniformLimit: Slip<InitCall>[] = [
  {
    id: 'half-range',
    name: '(rng() − 0.5)·limit: the range [−limit/2, limit/2) instead of [−limit, limit)',
    explain: 'rng() − 0.5 lies in [−0.5, 0.5), so scaling it by limit covers only half the range; use (2·rng() − 1)·limit.',
    lesson: `${slug}#no-negative-weights-or-half-the-range`,
    predict: ({ limit = 0.5 }) => limit / 2,
  },
  {
    id: 'limit-ignored',
    name: 'the limit argument ignored (always [−0.5, 0.5])',
    explain: "0.5 is only limit's default: smallUniform(fanIn, fanOut, rng, 0.1) draws from [−0.1, 0.1].",
    lesson: `${slug}#no-negative-weights-or-half-the-range`,
    predict: ({ limit = 0.5 }) => (limit === 0.5 ? undefined : 0.5),
  },
];

/** Recognised by the signs of the sample. */
export const smallUniformSigns: Slip<SignsCall>[] = [
  {
    id: 'one-sided',
    name: 'U(0, limit) instead of U(−limit, limit)',
    explain: "The notes' weights have mixed signs: (2·rng() − 1)·limit spreads them over [−limit, limit].",
    lesson: `${slug}#no-negative-weights-or-half-the-range`,
    matches: (_actual, { negativeFraction }) => negativeFraction === 0,
  },
];

export const calculateGain: Slip<GainCall>[] = [
  {
    id: 'sigmoid-slope',
    name: "σ'(0) = 0.25 as the sigmoid gain",
    explain: "PyTorch's recommended gain for the sigmoid is simply 1.",
    lesson: `${slug}#gains`,
    predict: ({ nonlinearity }) => (nonlinearity === 'sigmoid' ? 0.25 : undefined),
  },
  {
    id: 'relu-two',
    name: 'the variance factor 2 instead of the gain √2',
    explain: "The gain multiplies the standard deviation: ReLU's variance factor 2 is a gain of √2.",
    lesson: `${slug}#the-gain-of-relu-as-2`,
    predict: ({ nonlinearity }) => (nonlinearity === 'relu' ? 2 : undefined),
  },
  {
    id: 'tanh-one',
    name: 'a gain of 1 for tanh',
    explain: "tanh squashes: PyTorch's recommended gain for it is 5/3, larger than 1, to keep the signal's size through the layers.",
    lesson: `${slug}#gains`,
    predict: ({ nonlinearity }) => (nonlinearity === 'tanh' ? 1 : undefined),
  },
  {
    id: 'leaky-default-zero',
    name: "a default negative slope of 0 (that is plain ReLU's √2)",
    explain: "PyTorch's leaky_relu gain uses the slope 0.01 when no param is given: √(2/(1 + 0.01²)) = 1.41414…",
    lesson: `${slug}#gains`,
    predict: ({ nonlinearity, param }) => (nonlinearity === 'leaky_relu' && param === undefined ? Math.SQRT2 : undefined),
  },
  {
    id: 'leaky-not-squared',
    name: '√(2/(1 + a)) instead of √(2/(1 + a²))',
    explain: 'A leaky ReLU keeps (1 + a²)/2 of the mean square: the slope is squared.',
    lesson: `${slug}#gains`,
    predict: ({ nonlinearity, param = 0.01 }) => (nonlinearity === 'leaky_relu' ? Math.sqrt(2 / (1 + param)) : undefined),
  },
];

// ---- the two experiments ----

export interface DepthCall {
  depth: number;
  /** the right RMS of each layer's activations */
  rms: number[];
  /** each layer's mean activation, when the caller knows it (a deterministic run) */
  mean?: number[];
}

/** Slips of activationStatsThroughDepth, recognised on a run whose right answer the caller knows. */
export const activationStatsThroughDepth: Slip<DepthCall>[] = [
  {
    id: 'input-included',
    name: 'the input X counted as a layer (depth + 1 numbers instead of depth)',
    explain: 'Record the statistics after each of the depth layers, first to last; the standard-normal input X is where the experiment starts, not one of its layers.',
    lesson: `${slug}#counting-the-input-as-a-layer`,
    matches: (actual, { depth }) => Array.isArray(actual) && actual.length === depth + 1,
  },
  {
    id: 'std-not-rms',
    name: 'the standard deviation of the activations instead of their RMS',
    explain: 'The RMS is √(mean of a²), measured from 0, not from the mean: sigmoid and ReLU activations are not centred, and a layer where every a is 0.5 has RMS 0.5 but standard deviation 0.',
    lesson: `${slug}#the-standard-deviation-instead-of-the-rms`,
    predict: ({ rms, mean }) => (mean ? rms.map((r, l) => Math.sqrt(Math.max(0, r * r - mean[l]! ** 2))) : undefined),
  },
];

export interface SpreadCall {
  W1: number[][];
}

/** Slips of hiddenUnitSpread, predicted from the W1 it was given. */
export const hiddenUnitSpread: Slip<SpreadCall>[] = [
  {
    id: 'rows-not-columns',
    name: 'the rows of W1 compared instead of its columns',
    explain: 'W1 is n_in × hidden (Z = X·W1): a hidden unit is a COLUMN of W1, its weights from every input. The rows are the inputs; two rows differ even when every hidden unit is a copy.',
    lesson: `${slug}#comparing-rows-of-w1-instead-of-its-columns`,
    predict: ({ W1 }) => Math.max(0, ...W1.flatMap((row) => row.map((w, j) => Math.abs(w - W1[0]![j]!)))),
  },
  {
    id: 'all-entries',
    name: "the spread of all of W1's weights (largest minus smallest) instead of the difference between hidden units",
    explain: 'Units that are copies still have different weights for different inputs, so the weights as a whole are spread out even when symmetry was never broken. Compare each unit (column) with the first, input by input.',
    lesson: `${slug}#the-spread-of-all-the-weights`,
    predict: ({ W1 }) => Math.max(...W1.flat()) - Math.min(...W1.flat()),
  },
];
