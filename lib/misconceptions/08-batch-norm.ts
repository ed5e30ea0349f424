/**
 * The misconception catalogue of unit 08, shared by the public tests and the hidden suite (see
 * ../misconceptions.ts). The running-statistics slips follow from the right new value, the old one
 * and momentum (the batch statistic is (right − (1 − momentum)·old)/momentum). Slips that need a
 * whole wrong normalization (m − 1, ε outside the root, the batch statistics in eval mode, dX
 * without its mean terms) come in `ctx.known`: the hidden suite computes them on every batch; on
 * the notes' fixture they are listed below (`onTheFixture`), checked against the hidden suite's
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

/**
 * The wrong values on the notes' fixture (X, γ, β, dout of the public tests, state (0, 1), ε = 1e-5;
 * eval mode with γ = 1, β = 0, state ([2, 1], [4, 0.25]) and ε = 0), computed by the hidden suite's
 * oracle (`slipValuesOnFixture` in test/hidden/08-batch-norm.checks.ts).
 */
export const onTheFixture: {
  trainingOut: Partial<Record<string, Numeric>>;
  evalOut: Partial<Record<string, Numeric>>;
  evalState: Record<'runningMean' | 'runningVar', Partial<Record<string, Numeric>>>;
  dX: Partial<Record<string, Numeric>>;
} = {
  trainingOut: { 'unbiased-in-normalization': [[-0.721582603885, -0.15000004], [0.921582603885, 0.449999480001], [-1.54316520777, -0.749999560001], [1.74316520777, -0.34999988]], 'eps-outside': [[-0.848677298088, -0.142265239746], [1.04867729809, 0.550551883296], [-1.79735459618, -0.835082362789], [1.99735459618, -0.373204280761]] },
  evalOut: { 'batch-statistics': [[-0.632455532034, 0.115470053838], [0.632455532034, 1.50111069989], [-1.26491106407, -1.27017059222], [1.26491106407, -0.346410161514]] },
  evalState: { runningMean: { 'updated-in-eval': [2.0, 1.075] }, runningVar: { 'updated-in-eval': [3.93333333333, 0.85] } },
  dX: { 'no-mean-terms': [[0.094868140069, -0.069281958402], [0.189736280138, 0.0923759445361], [-0.474340700345, 0.023093986134], [0.284604420207, 0.046187972268]] },
};
