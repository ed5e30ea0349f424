/**
 * The misconception catalogue of unit 08, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). The running-statistics slips follow from the right new value, the old one
 * and momentum (the batch statistic is (right − (1 − momentum)·old)/momentum). Slips that need a
 * whole wrong normalization (m − 1, ε outside the root, the batch statistics in eval mode, dX
 * without its mean terms) come in `ctx.known`: the hidden suite computes them on every batch; on
 * the course's fixture they are listed below (`onTheFixture`), checked against the hidden suite's
 * oracle by test/misconceptions/catalogue.test.ts.
 */
import type { Numeric } from '../compare';
import { isNaNSomewhere, scale, type Known, type Slip } from '../misconceptions';

const slug = '08-batch-norm';

export type OutCall = Known;

export interface RunningCall extends Known {
  which: 'runningMean' | 'runningVar';
  old: number[];
  right: number[];
  momentum: number;
  /** the number of rows in the batch */
  m: number;
}

export interface GradCall extends Known {
  part: 'dX' | 'dGamma' | 'dBeta';
  m: number;
  right: Numeric;
}

const batchOf = ({ old, right, momentum }: RunningCall) => right.map((r, j) => (r - (1 - momentum) * old[j]!) / momentum);

/** Training-mode `out`. */
export const trainingOut: Slip<OutCall>[] = [
  {
    id: 'unbiased-in-normalization',
    name: 'the unbiased variance (divide by m − 1) in the normalization',
    explain: 'Training mode normalizes each column by the spread of THIS batch, the biased variance Σ(x − μ)²/m. The unbiased m − 1 version belongs only in the running variance.',
    lesson: `${slug}#the-unbiased-variance-in-the-normalization`,
  },
  {
    id: 'eps-outside',
    name: 'ε outside the square root: (x − μ)/(√σ² + ε)',
    explain: 'ε is added to the variance before the square root, x̂ = (x − μ)/√(σ² + ε). Outside it no longer keeps a nearly constant feature from being blown up.',
    lesson: `${slug}#epsilon-outside-the-square-root`,
  },
  {
    id: 'eps-left-out',
    name: 'ε left out: (x − μ)/σ',
    explain: 'Without ε a constant feature gives 0/0 = NaN; ε goes under the square root, x̂ = (x − μ)/√(σ² + ε).',
    lesson: `${slug}#epsilon-outside-the-square-root`,
    matches: isNaNSomewhere,
  },
];

/** Eval-mode `out`. */
export const evalOut: Slip<OutCall>[] = [
  {
    id: 'batch-statistics',
    name: 'eval mode using the batch statistics',
    explain: 'At inference the output for one example must not depend on the others in the batch (a batch may even hold one example), so eval mode uses the running mean and variance gathered during training.',
    lesson: `${slug}#eval-mode-using-the-batch-statistics`,
  },
];

/** The new running statistics after a training step. */
export const runningUpdate: Slip<RunningCall>[] = [
  {
    id: 'biased-running-var',
    name: 'the running variance updated with the biased variance (divide by m)',
    explain: 'The running variance estimates the variance of the whole population for use at inference, so it uses the unbiased Σ(x − μ)²/(m − 1), as PyTorch does; only the normalization uses m.',
    lesson: `${slug}#the-running-statistics-updated-the-wrong-way`,
    predict: (c) => (c.which === 'runningVar' ? batchOf(c).map((v, j) => (1 - c.momentum) * c.old[j]! + (c.momentum * v * (c.m - 1)) / c.m) : undefined),
  },
  {
    id: 'momentum-swapped',
    name: 'momentum weighting the old value: momentum·running + (1 − momentum)·batch',
    explain: "In PyTorch's convention momentum is the weight of the NEW batch: running ← (1 − momentum)·running + momentum·batch (Keras uses the opposite convention).",
    lesson: `${slug}#the-running-statistics-updated-the-wrong-way`,
    predict: (c) => batchOf(c).map((v, j) => c.momentum * c.old[j]! + (1 - c.momentum) * v),
  },
  {
    id: 'replaced-by-batch',
    name: 'the running statistics replaced by the batch statistics',
    explain: 'The running averages blend the old value with the new batch: running ← (1 − momentum)·running + momentum·batch.',
    lesson: `${slug}#the-running-statistics-updated-the-wrong-way`,
    predict: (c) => (c.momentum === 1 ? undefined : batchOf(c)),
  },
  {
    id: 'state-ignored',
    name: 'the state passed in ignored (every step starts again from the initial running statistics)',
    explain: 'Each call must start from the state it is given, the one the previous call returned; that is how the running averages accumulate over batches.',
    lesson: `${slug}#the-running-statistics-updated-the-wrong-way`,
  },
];

/** The running statistics returned in eval mode (they must come back unchanged). */
export const evalState: Slip<Known>[] = [
  {
    id: 'updated-in-eval',
    name: 'the running statistics updated in eval mode',
    explain: 'Only training mode updates the running averages; in eval mode they are read, and returned as they were.',
    lesson: `${slug}#eval-mode-using-the-batch-statistics`,
  },
];

export const backward: Slip<GradCall>[] = [
  {
    id: 'no-mean-terms',
    name: 'dX = γ/σ·dout, dropping the mean terms',
    explain: 'In training mode μ and σ² are computed from every x in the column, so each x also moves the output through them: dX = γ/(m·√(σ²+ε))·(m·dout − Σdout − x̂·Σ(dout·x̂)). γ/σ·dout is only the direct path (and is right in eval mode).',
    lesson: `${slug}#dx-without-the-mean-terms`,
  },
  {
    id: 'averaged',
    name: 'dγ and dβ averaged over the batch instead of summed',
    explain: 'γ and β are shared by every row, so their gradients add up the contributions of all m rows: dβ = Σ dout, dγ = Σ dout·x̂ (no division by m here).',
    lesson: `${slug}#dx-without-the-mean-terms`,
    predict: ({ part, m, right }) => (part === 'dX' ? undefined : scale(right, 1 / m)),
  },
];

/** The stages of batchNormBackwardStaged, in the order the backward pass reaches them, then its result. */
export const STAGES = ['dXHat', 'dInvStd', 'dStd', 'dVar', 'dCentred', 'dMean'] as const;
export type StageName = (typeof STAGES)[number];
export type StagedPart = StageName | 'dX';

export interface StagedCall extends Known {
  /** which gradient of batchNormBackwardStaged is being judged */
  part: StagedPart;
}

/**
 * The staged backward pass (batchNormBackwardStaged). Every slip here changes a whole chain of later
 * stages, so its wrong values come in `ctx.known` (per part): from the hidden suite's oracle, or on
 * the course's fixture from `onTheFixture.staged`.
 */
export const staged: Slip<StagedCall>[] = [
  {
    id: 'centred-one-path',
    name: "∂L/∂c taken from the path through x̂ only (c feeds the variance too)",
    explain: 'c = x − μ is used twice, in x̂ = c·ι and in v = mean(c²), so its gradient is the SUM of both contributions: ι·∂L/∂x̂ from the first, (2c/m)·∂L/∂v from the second.',
    lesson: `${slug}#a-value-used-twice-one-path-summed`,
  },
  {
    id: 'mean-stage-skipped',
    name: 'dX = ∂L/∂c, the mean stage skipped (x reaches the loss through μ as well)',
    explain: 'x is used twice too: in c = x − μ and in μ = mean(x). After ∂L/∂μ comes back from the centring stage, the mean stage hands each x its share, (1/m)·∂L/∂μ, which is added to ∂L/∂c.',
    lesson: `${slug}#a-value-used-twice-one-path-summed`,
  },
  {
    id: 'inverse-sign',
    name: 'the inverse stage without its minus sign: ∂L/∂s = +∂L/∂ι/s²',
    explain: 'ι = 1/s, and the derivative of 1/s is −1/s²: ∂L/∂s = −∂L/∂ι/s². A larger spread means a smaller x̂, so the sign flips here and in every stage after it.',
    lesson: `${slug}#the-sign-of-the-inverse-stage`,
  },
  {
    id: 'variance-without-1-over-m',
    name: "the variance stage's local gradient 2c instead of 2c/m",
    explain: 'v = (1/m)·Σ c², so ∂v/∂cᵢ = 2cᵢ/m: the 1/m of the mean stays in the derivative, and c gets (2c/m)·∂L/∂v from this path.',
    lesson: `${slug}#the-variance-stage-without-dividing-by-m`,
  },
];

/** What your unit 03's gradientCheck must say about Σ x² at (1, −2, 3): its gradient 2x, and 4x (relative error exactly 1/3). */
export const UNIT03_PROBE = { x: [1, -2, 3], wrongError: 1 / 3 };

/**
 * When checkBatchNormGradients gets a check wrong, the first suspect is the learner's unit 03 (it does
 * the checking): probe their gradientCheck on Σ x², whose right answer is known exactly. Returns the
 * message to give when unit 03 is at fault, or undefined when it answers the probe correctly.
 */
export function unit03Fault(gradientCheck: unknown, call: string): string | undefined {
  if (typeof gradientCheck !== 'function') return undefined;
  const check = gradientCheck as (f: (x: number[]) => number, g: (x: number[]) => number[], x: number[]) => { error: number; ok: boolean };
  const f = (x: number[]) => x.reduce((s, v) => s + v * v, 0);
  const probe = (k: number) => {
    try {
      return check(f, (x) => x.map((v) => k * v), [...UNIT03_PROBE.x]);
    } catch (error) {
      return { thrown: error instanceof Error ? error.message : String(error) };
    }
  };
  const right = probe(2);
  const wrong = probe(4);
  const says = (r: unknown) => JSON.stringify(r);
  const fine = (r: unknown, ok: boolean, error?: number) => {
    const { ok: o, error: e } = (r ?? {}) as { ok?: unknown; error?: unknown };
    return o === ok && typeof e === 'number' && (error === undefined ? e < 1e-7 : Math.abs(e - error) < 1e-6);
  };
  if (fine(right, true) && fine(wrong, false, UNIT03_PROBE.wrongError)) return undefined;
  return `${call} relies on your unit 03's gradientCheck, and that is what is wrong: for f(x) = Σ x² at x = [1, −2, 3], gradientCheck(f, x ↦ 2x, x) returned ${says(right)} (should be ok with an error below 1e-7) and gradientCheck(f, x ↦ 4x, x) returned ${says(wrong)} (should be { error: 0.333…, ok: false }). Fix unit 03 first (npm test -- 03).`;
}

/**
 * The wrong values on the course's fixture (X, γ, β, dout of the public tests, state (0, 1), ε = 1e-5;
 * eval mode with γ = 1, β = 0, state ([2, 1], [4, 0.25]) and ε = 0), computed by the hidden suite's
 * oracle (`slipValuesOnFixture` in grader/checks/08-batch-norm.checks.ts).
 */
export const onTheFixture: {
  trainingOut: Partial<Record<string, Numeric>>;
  evalOut: Partial<Record<string, Numeric>>;
  evalState: Record<'runningMean' | 'runningVar', Partial<Record<string, Numeric>>>;
  dX: Partial<Record<string, Numeric>>;
  staged: Partial<Record<string, Partial<Record<StagedPart, Numeric>>>>;
} = {
  trainingOut: { 'unbiased-in-normalization': [[-0.721582603885, -0.15000004], [0.921582603885, 0.449999480001], [-1.54316520777, -0.749999560001], [1.74316520777, -0.34999988]], 'eps-outside': [[-0.848677298088, -0.142265239746], [1.04867729809, 0.550551883296], [-1.79735459618, -0.835082362789], [1.99735459618, -0.373204280761]] },
  evalOut: { 'batch-statistics': [[-0.632455532034, 0.115470053838], [0.632455532034, 1.50111069989], [-1.26491106407, -1.27017059222], [1.26491106407, -0.346410161514]] },
  evalState: { runningMean: { 'updated-in-eval': [2.0, 1.075] }, runningVar: { 'updated-in-eval': [3.93333333333, 0.85] } },
  dX: { 'no-mean-terms': [[0.094868140069, -0.069281958402], [0.189736280138, 0.0923759445361], [-0.474340700345, 0.023093986134], [0.284604420207, 0.046187972268]] },
  staged: {
    'centred-one-path': { dCentred: [[0.094868140069, -0.069281958402], [0.189736280138, 0.0923759445361], [-0.474340700345, 0.023093986134], [0.284604420207, 0.046187972268]], dX: [[0.0711511050517, -0.0923759445361], [0.166019245121, 0.069281958402], [-0.498057735362, -3.46944695195e-18], [0.26088738519, 0.023093986134]] },
    'mean-stage-skipped': { dX: [[0.256143333085, -0.0717453116678], [0.0284610871215, 0.0603523520806], [-0.151790314312, 0.0501908720579], [-0.037945965826, 0.0535780320654]] },
    'inverse-sign': { dStd: [1.01999592002, 0.0853331512893], dVar: [0.322550386033, 0.0197068261265], dCentred: [[-0.0664070529475, -0.0668186051362], [0.351011473154, 0.124399536992], [-0.796891086378, -0.00400289978987], [0.60715480624, 0.0387979124706]], dX: [[-0.0901240879647, -0.0899125912702], [0.327294438137, 0.101305550858], [-0.820608121395, -0.0270968859239], [0.583437771223, 0.0157039263366]] },
    'variance-without-1-over-m': { dCentred: [[0.739968912135, -0.0791353714653], [-0.455364491928, -0.035718425286], [0.815860843787, 0.13148152983], [-1.00559712392, 0.0757482114577]], dX: [[0.716251877118, -0.102229357599], [-0.479081526945, -0.05881241142], [0.79214380877, 0.108387543696], [-1.02931415894, 0.0526542253237]] },
  },
};
