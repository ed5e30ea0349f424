import type { LessonClaim, LessonStatement } from '../../../src/lessons/claims';
import { batchNormBackward, batchNormBackwardStaged, batchNormForward, checkBatchNormGradients } from '@impl/08-batch-norm';
import { gaussian, randomMatrix, seededRng } from '../../../lib/random';

// The course's fixture (rows are examples).
const X = [[1, 2], [3, 5], [0, -1], [4, 1]];
const gamma = [1.5, 0.5];
const beta = [0.1, -0.2];
const dout = [[0.1, -0.3], [0.2, 0.4], [-0.5, 0.1], [0.3, 0.2]];
const initial = { runningMean: [0, 0], runningVar: [1, 1] };
const train = () => batchNormForward(X, gamma, beta, initial, { training: true });
const xHat = (i: number, j: number) => train().cache.xHat[i]![j]!;
const out = (i: number, j: number) => train().out[i]![j]!;
const grads = () => batchNormBackward(dout, train().cache);
const dX = (i: number, j: number) => grads().dX[i]![j]!;
const std = (j: number) => 1 / train().cache.invStd[j]!;
/** The variance the solution's momentum-1 update stores: the unbiased batch variance. */
const unbiased = (j: number) => batchNormForward(X, gamma, beta, initial, { training: true, momentum: 1 }).state.runningVar[j]!;
/** Normalizing with the unbiased variance instead (the misconception), via eval mode with runningVar = s². */
const withUnbiased = () =>
  batchNormForward(X, gamma, beta, { runningMean: [2, 1.75], runningVar: [unbiased(0), unbiased(1)] }, { training: false });

/**
 * The backward pass stage by stage (the lesson's table), for one column, in plain code; `varianceM`
 * is the variance stage's divisor (m, or 1 for the slip that drops it), and `throughMean` adds the
 * variance's path through μ written out on its own, as the original paper does.
 */
function stagedColumn(x: number[], g: number[], gammaJ: number, eps = 1e-5, { varianceM = x.length, throughMean = false } = {}) {
  const m = x.length;
  const mu = x.reduce((acc, v) => acc + v, 0) / m;
  const c = x.map((v) => v - mu);
  const v = c.reduce((acc, ci) => acc + ci * ci, 0) / m;
  const s = Math.sqrt(v + eps);
  const dxHat = g.map((gi) => gammaJ * gi);
  const dIota = dxHat.reduce((acc, d, i) => acc + d * c[i]!, 0);
  const ds = -dIota / (s * s);
  const dv = ds / (2 * s);
  const dc = dxHat.map((d, i) => d / s + ((2 * c[i]!) / varianceM) * dv);
  // Without the paper's term, ∂L/∂μ collects only the path through x̂ and the path inside dc.
  const dmu = -dxHat.reduce((acc, d) => acc + d / s, 0) + (throughMean ? dv * c.reduce((acc, ci) => acc - (2 * ci) / m, 0) : 0);
  const dmuFromDc = -dc.reduce((acc, d) => acc + d, 0);
  return { dIota, ds, dv, dc, dmu: dmuFromDc, dmuSeparate: dmu, dx: dc.map((d) => d + dmuFromDc / m) };
}
const column = (M: number[][], j: number) => M.map((row) => row[j]!);
const staged = (j: number) => stagedColumn(column(X, j), column(dout, j), gamma[j]!);

/** Σᵢ x̂ᵢ₁·∂L/∂xᵢ₁ on the fixture's first column (0 only without ε). */
const stretchSum = () => grads().dX.reduce((acc, row, i) => acc + row[0]! * xHat(i, 0), 0);

export const claims: LessonClaim[] = [
  { quote: '3.333333', value: () => unbiased(0) },
  { quote: '4.6875', value: () => std(1) ** 2 - 1e-5 },
  { quote: '0.547722', value: () => -(withUnbiased().cache.xHat[0]![0]!), note: 'x̂₁₁ normalized with the unbiased variance' },
  { quote: '0.632454', value: () => train().cache.invStd[0]! },
  { quote: '0.00316', value: () => Math.sqrt(1e-8 + 1e-5) },
  { quote: '0.175', value: () => train().state.runningMean[1]! },
  { quote: '1.233333', value: () => train().state.runningVar[0]! },
  { quote: '1.525', value: () => train().state.runningVar[1]! },
  { quote: '1.36875', value: () => 0.9 + 0.1 * (std(1) ** 2 - 1e-5), note: 'running var with the biased variance (the misconception)' },
  { quote: '1.581142', value: () => std(0) },
  { quote: '2.165066', value: () => std(1) },
  { quote: '0.461880', value: () => train().cache.invStd[1]! },
  { quote: '0.115470', value: () => xHat(0, 1) },
  { quote: '1.501109', value: () => xHat(1, 1) },
  { quote: '−1.264909', value: () => xHat(2, 0) },
  { quote: '−1.270169', value: () => xHat(2, 1) },
  { quote: '−0.346410', value: () => xHat(3, 1) },
  { quote: '−0.848681', value: () => out(0, 0) },
  { quote: '−0.142265', value: () => out(0, 1) },
  { quote: '1.048681', value: () => out(1, 0) },
  { quote: '0.550555', value: () => out(1, 1) },
  { quote: '−1.797363', value: () => out(2, 0) },
  { quote: '−0.835085', value: () => out(2, 1) },
  { quote: '1.997363', value: () => out(3, 0) },
  { quote: '−0.373205', value: () => out(3, 1) },
  { quote: '1.075172', value: () => grads().dGamma[0]! },
  { quote: '0.369504', value: () => grads().dGamma[1]! },
  { quote: '0.232426', value: () => dX(0, 0) },
  { quote: '−0.094839', value: () => dX(0, 1) },
  { quote: '0.004744', value: () => dX(1, 0) },
  { quote: '0.037258', value: () => dX(1, 1) },
  { quote: '−0.175507', value: () => dX(2, 0) },
  { quote: '0.027097', value: () => dX(2, 1) },
  { quote: '−0.061663', value: () => dX(3, 0) },
  { quote: '0.030484', value: () => dX(3, 1) },
  { quote: '4.1 \\times 10^{-6}', value: stretchSum },
  { quote: '2.55', value: () => staged(0).dIota },
  { quote: '-1.019996', value: () => staged(0).ds },
  { quote: '0.739969', value: () => stagedColumn(column(X, 0), column(dout, 0), gamma[0]!, 1e-5, { varianceM: 1 }).dc[0]!, note: 'the variance stage without its 1/m (the slip)' },
  {
    quote: '0.559015',
    value: () => checkBatchNormGradients(X, gamma, beta, dout, (d, cache) => ({ ...batchNormBackward(d, cache), dX: d.map((row) => row.map((g, j) => gamma[j]! * g * cache.invStd[j]!)) })).dX.error,
    note: 'gradientCheck of a dX with the mean terms dropped',
  },
  { quote: '-0.322550', value: () => staged(0).dv },
  ...(['0.256143', '0.028461', '-0.151790', '-0.037946'] as const).map((quote, i) => ({ quote, value: () => staged(0).dc[i]! })),
  { quote: '-0.094868', value: () => staged(0).dmu },
  {
    quote: '4.1 \\times 10^{-6}',
    value: () => gamma[0]! * train().cache.invStd[0]! * grads().dGamma[0]! * (1e-5 / (std(0) ** 2)),
    note: "the lesson's closed form (γ/s)·dγ·ε/(σ² + ε), with s² = σ² + ε",
  },
  { quote: '0.094868', value: () => gamma[0]! * train().cache.invStd[0]! * dout[0]![0]!, note: 'the direct path γ/s·dout alone' },
  { quote: '−0.721583', value: () => withUnbiased().out[0]![0]!, note: 'out₁₁ normalized with the unbiased variance' },
];

/** A random batch, to check statements on more than the fixture. */
const rng = seededRng(808);
const Z = randomMatrix(16, 5, () => gaussian(rng, 0.3, 2));
const G = randomMatrix(16, 5, () => gaussian(rng));
const ones = Array<number>(5).fill(1);
const zeros = Array<number>(5).fill(0);
const state5 = { runningMean: zeros, runningVar: ones };
const trainOn = (batch: number[][], eps = 1e-5) => batchNormForward(batch, ones, zeros, state5, { training: true, eps });
const maxAbs = (values: number[]) => Math.max(...values.map(Math.abs));
const columnSums = (M: number[][]) => M[0]!.map((_, j) => M.reduce((acc, row) => acc + row[j]!, 0));

const checksOnFixture = () => [checkBatchNormGradients(X, gamma, beta, dout), checkBatchNormGradients(X, gamma, beta, dout, batchNormBackwardStaged)];

export const statements: LessonStatement[] = [
  {
    says: 'a staged graph that forgets it gets the same',
    holds: () =>
      [0, 1, 2, 3, 4].every((j) => {
        const { dmu, dmuSeparate } = stagedColumn(column(Z, j), column(G, j), 1);
        return Math.abs(dmu - dmuSeparate) < 1e-12 * (1 + Math.abs(dmu));
      }),
  },
  {
    says: 'both of your backward passes should pass with relative errors far below the',
    holds: () => checksOnFixture().every((r) => [r.dX, r.dGamma, r.dBeta].every((c) => c.ok && c.error < 1e-9)),
  },
  {
    says: 'while its $d\\gamma$ and $d\\beta$ (which are right) pass',
    holds: () => {
      const r = checkBatchNormGradients(X, gamma, beta, dout, (d, cache) => ({ ...batchNormBackward(d, cache), dX: d.map((row) => row.map((g, j) => gamma[j]! * g * cache.invStd[j]!)) }));
      return !r.dX.ok && r.dGamma.ok && r.dBeta.ok;
    },
  },
  {
    says: 'the true $dX$ is 0',
    holds: () => maxAbs(batchNormBackward(Z.map(() => [0.3, -1, 2, 0.5, 1]), trainOn(Z).cache).dX.flat()) < 1e-12,
  },
  {
    says: 'Computed on the same cache they must agree to',
    holds: () =>
      [0, 1].every((j) => staged(j).dx.every((d, i) => Math.abs(d - dX(i, j)) < 1e-12)) &&
      [0, 1, 2, 3, 4].every((j) => {
        const { dX: formula } = batchNormBackward(G, trainOn(Z).cache);
        return stagedColumn(column(Z, j), column(G, j), 1).dx.every((d, i) => Math.abs(d - formula[i]![j]!) < 1e-12);
      }),
  },
  {
    says: 'so the output does not depend on $b_j$ at all',
    holds: () => {
      const shifted = Z.map((row) => row.map((z, j) => z + [3, -7, 0.5, 100, -0.01][j]!));
      return maxAbs(trainOn(Z).out.flat().map((v, k) => v - trainOn(shifted).out.flat()[k]!)) < 1e-9;
    },
  },
  {
    says: 'which is exactly 0 (the first check of the backward pass)',
    holds: () => maxAbs(columnSums(batchNormBackward(G, trainOn(Z).cache).dX)) < 1e-12 && maxAbs(columnSums(grads().dX)) < 1e-15,
  },
  {
    says: 'exactly 0 only for $\\varepsilon = 0$',
    holds: () => {
      const stretch = (eps: number) => {
        const forward = trainOn(Z, eps);
        const { dX } = batchNormBackward(G, forward.cache);
        return columnSums(dX.map((row, i) => row.map((d, j) => d * forward.cache.xHat[i]![j]!)));
      };
      return maxAbs(stretch(0)) < 1e-12 && Math.min(...stretch(1e-5).map(Math.abs)) > 1e-9;
    },
  },
];
