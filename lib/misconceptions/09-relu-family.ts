/**
 * The misconception catalogue of unit 09, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). Wrong values follow from the inputs and the RIGHT answer the caller gives;
 * the two deadFraction slips that differ from the right count by one comparison (z < 0, "any"
 * example) come in `ctx.known`, computed by the caller.
 */
import { type Known, type Slip } from '../misconceptions';

const slug = '09-relu-family';

export interface ScalarCall {
  z: number;
  /** the alpha passed, when one is */
  alpha?: number;
  right: number;
}

export interface DzCall {
  z: number[];
  dout: number[];
  right: number[];
}

export interface DAlphaCall {
  z: number[];
  dout: number[];
  right: number;
}

export interface DeadCall extends Known {
  Z: number[][];
  right: number;
}

const atZero = (lesson = `${slug}#the-derivative-at-zero`): Slip<ScalarCall>[] => [
  {
    id: 'right-hand-at-zero',
    name: 'the derivative at z = 0 taken as 1 (the right-hand value)',
    explain: 'At the kink the derivative does not exist; the course, like the frameworks, uses the left-hand value (the z ≤ 0 branch): 0 for ReLU, alpha for leaky ReLU, ELU and PReLU.',
    lesson,
    predict: ({ z }) => (z === 0 ? 1 : undefined),
  },
  {
    id: 'average-at-zero',
    name: 'the derivative at z = 0 taken as the average of the two sides',
    explain: 'Any value between the two one-sided slopes is a valid subgradient, but the course (like PyTorch) fixes the left-hand one so that results are reproducible.',
    lesson,
    predict: ({ z, right }) => (z === 0 ? (1 + right) / 2 : undefined),
  },
];

const alphaIgnored = (predict: (c: ScalarCall) => number | undefined): Slip<ScalarCall> => ({
  id: 'alpha-ignored',
  name: 'alpha ignored (the slope fixed at 0.01)',
  explain: 'The default slope is 0.01, but a caller may pass another alpha; use the parameter.',
  lesson: `${slug}#alpha-ignored`,
  predict: (c) => (c.alpha === undefined || c.alpha === 0.01 ? undefined : predict(c)),
});

export const reluPrime: Slip<ScalarCall>[] = [
  {
    id: 'activation',
    name: 'reluPrime returning relu(z) (the activation) instead of its slope',
    explain: 'The derivative of max(0, z) is a step: 1 where z > 0, 0 elsewhere.',
    lesson: `${slug}#the-activation-instead-of-its-slope`,
    predict: ({ z, right }) => z * right,
  },
  ...atZero(),
];

const slopeOnPositiveSide = (predict: (c: ScalarCall & { alpha: number }) => number | undefined): Slip<ScalarCall> => ({
  id: 'slope-on-positive-side',
  name: 'the leaky slope applied to the positive side (the two branches swapped)',
  explain: 'Leaky ReLU is the identity for z > 0, exactly like ReLU; only the z ≤ 0 side gets the small slope alpha, so that a unit pushed negative still passes a little gradient.',
  lesson: `${slug}#leaky-slope-on-the-wrong-side`,
  predict: ({ z, alpha = 0.01, right }) => (z === 0 ? undefined : predict({ z, alpha, right })),
});

export const leakyRelu: Slip<ScalarCall>[] = [
  alphaIgnored(({ z, alpha, right }) => (z > 0 ? right : (right * 0.01) / alpha!)),
  slopeOnPositiveSide(({ z, alpha, right }) => (z > 0 ? alpha * right : right / alpha)),
];

export const leakyReluPrime: Slip<ScalarCall>[] = [
  alphaIgnored(({ z, right }) => (z > 0 ? right : 0.01)),
  slopeOnPositiveSide(({ z, alpha }) => (z > 0 ? alpha : 1)),
  ...atZero(),
];

export const elu: Slip<ScalarCall>[] = [
  {
    id: 'without-minus-one',
    name: 'alpha·e^z without the − 1',
    explain: 'ELU is alpha·(e^z − 1) for z ≤ 0: the − 1 makes it 0 at z = 0 (continuous) and sends it to −alpha, not 0, as z → −∞.',
    lesson: `${slug}#the-elu-formulas`,
    predict: ({ z, alpha = 1, right }) => (z <= 0 ? right + alpha : undefined),
  },
];

export const eluPrime: Slip<ScalarCall>[] = [
  {
    id: 'exp-for-positive',
    name: 'the ELU derivative written as alpha·e^z for z > 0 too',
    explain: 'For z > 0, ELU is just z, so its derivative there is 1. The alpha·e^z form belongs to the negative branch only.',
    lesson: `${slug}#the-elu-formulas`,
    predict: ({ z, alpha = 1 }) => (z > 0 ? alpha * Math.exp(z) : undefined),
  },
  {
    id: 'elu-itself',
    name: 'the ELU derivative written as elu(z) instead of elu(z) + alpha',
    explain: 'On the negative side d/dz alpha·(e^z − 1) = alpha·e^z, which is elu(z) + alpha: the "− 1" of elu disappears when differentiating, so add alpha back.',
    lesson: `${slug}#the-elu-formulas`,
    predict: ({ z, alpha = 1, right }) => (z <= 0 ? right - alpha : undefined),
  },
  ...atZero(),
];

/** Any of the activations at ±1000 or ±1e300: an exponential on the branch that is not used. */
export const overflow: Slip<ScalarCall>[] = [
  {
    id: 'overflow',
    name: 'e^z overflowing (Infinity or NaN) on a branch that should not be used',
    explain: 'Math.exp(1000) is Infinity: compute the exponential only on the z ≤ 0 branch (or use Math.expm1 there), never for large positive z.',
    lesson: `${slug}#the-elu-formulas`,
    matches: (actual, { right }) => typeof actual === 'number' && !Number.isFinite(actual) && Number.isFinite(right),
  },
];

export const preluDz: Slip<DzCall>[] = [
  {
    id: 'right-hand-at-zero',
    name: 'the derivative at z = 0 taken as 1 (the right-hand value)',
    explain: 'An element with z = 0 is on the alpha side: its dz is alpha·dout, the left-hand slope.',
    lesson: `${slug}#the-derivative-at-zero`,
    predict: ({ z, dout, right }) => (z.includes(0) ? right.map((g, i) => (z[i] === 0 ? dout[i]! : g)) : undefined),
  },
];

export const preluDAlpha: Slip<DAlphaCall>[] = [
  {
    id: 'not-summed',
    name: 'dAlpha not summed: one value per element returned',
    explain: "alpha is a single parameter shared by every element, so its gradient is a single number: the sum of every element's contribution dout·z (over z ≤ 0).",
    lesson: `${slug}#dalpha-not-summed`,
    matches: (actual) => Array.isArray(actual),
  },
  {
    id: 'positive-too',
    name: 'dAlpha summed over the positive elements too',
    explain: 'alpha only multiplies the elements with z ≤ 0; for z > 0 PReLU is z and does not depend on alpha, so those elements contribute nothing to dAlpha.',
    lesson: `${slug}#dalpha-not-summed`,
    predict: ({ z, dout, right }) => right + z.reduce((s, zi, i) => (zi > 0 ? s + dout[i]! * zi : s), 0),
  },
  {
    id: 'averaged',
    name: 'dAlpha averaged instead of summed',
    explain: 'A shared parameter collects the SUM of the gradients of every place it is used; dividing by the number of elements is not part of the chain rule.',
    lesson: `${slug}#dalpha-not-summed`,
    predict: ({ z, right }) => right / z.length,
  },
];

export const deadFraction: Slip<DeadCall>[] = [
  {
    id: 'entries',
    name: 'counting entries ≤ 0 instead of units (columns) that are ≤ 0 for every example',
    explain: 'A unit is dead when it outputs 0 for EVERY example in the batch; one negative entry just means the unit is off for that example.',
    lesson: `${slug}#counting-dead-units-wrongly`,
    predict: ({ Z }) => Z.flat().filter((z) => z <= 0).length / Z.flat().length,
  },
  {
    id: 'rows',
    name: 'counting rows (examples) instead of columns (units)',
    explain: 'Rows are examples and columns are units. A dead unit is a column that is ≤ 0 all the way down.',
    lesson: `${slug}#counting-dead-units-wrongly`,
    predict: ({ Z }) => Z.filter((row) => row.every((z) => z <= 0)).length / Z.length,
  },
  {
    id: 'any-example',
    name: 'a unit counted as dead when ANY example is ≤ 0 (instead of every example)',
    explain: 'A unit that is positive for even one example still passes gradient for that example, so it is alive.',
    lesson: `${slug}#counting-dead-units-wrongly`,
  },
  {
    id: 'strict',
    name: 'z < 0 instead of z ≤ 0',
    explain: 'A ReLU unit whose pre-activation is exactly 0 outputs 0 and (with the left-hand derivative) passes no gradient: it is dead too.',
    lesson: `${slug}#counting-dead-units-wrongly`,
  },
  {
    id: 'count',
    name: 'the number of dead units instead of their fraction',
    explain: 'deadFraction divides the number of dead columns by the number of columns.',
    lesson: `${slug}#counting-dead-units-wrongly`,
    predict: ({ Z, right }) => right * Z[0]!.length,
  },
];

/** trainAndWatchDeadUnits: `right` is the dead fraction at step 0 of a run with this biasShift. */
export interface TrainCall {
  biasShift: number;
  right: number;
}

export const trainAndWatchDeadUnits: Slip<TrainCall>[] = [
  {
    id: 'shift-not-applied',
    name: 'biasShift not added to the hidden biases (the layer starts healthy)',
    explain: 'Every hidden bias b1 must START at biasShift; with biases of −10 every z is below −7 and the whole layer is dead from the first step.',
    lesson: `${slug}#dead-units-in-the-training-loop`,
    // On the course's mirrored toy problem an unshifted layer has no dead unit at all.
    predict: ({ biasShift, right }) => (biasShift !== 0 && right === 1 ? 0 : undefined),
  },
  {
    id: 'any-example',
    name: 'a healthy layer counted dead: a unit taken as dead when ANY example is ≤ 0',
    explain: 'On the mirrored toy problem every unit is negative on one example of each pair and positive on the other, so it is alive; only a unit ≤ 0 on EVERY example is dead.',
    lesson: `${slug}#dead-units-in-the-training-loop`,
    predict: ({ biasShift, right }) => (biasShift === 0 && right === 0 ? 1 : undefined),
  },
];
