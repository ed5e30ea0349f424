// The staged batch-norm graph (unit 08's oracle for each stage): every stage's gradient is the
// derivative of the loss with respect to that stage's value, all later stages recomputed from it
// (centred differences), and the end result is the fused op's.
import { describe, expect, it } from 'vitest';
import { batchNormGradients, batchNormStages, mulberry32, numericalGradient, randomTensor, relativeError } from '../../grader/engine/index.js';

const rng = mulberry32(808);
const [m, n] = [6, 3];
const rows = (t: { data: Float64Array }) => Array.from({ length: m }, (_, i) => Array.from(t.data.subarray(i * n, (i + 1) * n)));
const X = rows(randomTensor([m, n], rng, { scale: 2 }));
const dout = rows(randomTensor([m, n], rng));
const gamma = [0.7, 1.3, -0.4];
const beta = [0.1, -0.2, 0.3];
const eps = 1e-5;
const staged = batchNormStages(X, gamma, beta, dout, eps);

/** Σ dout ⊙ (γ·x̂ + β) given x̂. */
const lossOfXHat = (xHat: (i: number, j: number) => number) =>
  dout.reduce((s, row, i) => s + row.reduce((t, g, j) => t + g * (gamma[j]! * xHat(i, j) + beta[j]!), 0), 0);
const c = staged.centred;
const flat = (M: number[][]) => Float64Array.from(M.flat());
const expectGradient = (analytic: number[] | number[][], f: (v: Float64Array) => number, at: Float64Array) =>
  expect(relativeError(Float64Array.from((analytic as number[]).flat()), numericalGradient(f, at))).toBeLessThan(1e-7);

describe('batchNormStages', () => {
  it('ends where the fused op ends: out, dX, dγ, dβ', () => {
    const fused = batchNormGradients(X, gamma, beta, dout, eps);
    for (const part of ['out', 'dX', 'dGamma', 'dBeta'] as const) {
      expect(relativeError(Float64Array.from(staged[part].flat()), Float64Array.from(fused[part].flat()))).toBeLessThan(1e-12);
    }
  });

  it('each stage holds ∂L/∂(that stage), by finite differences of the rest of the graph', () => {
    const variance = c[0]!.map((_, j) => c.reduce((s, row) => s + row[j]! ** 2, 0) / m);
    const std = variance.map((v) => Math.sqrt(v + eps));
    expectGradient(staged.dXHat, (h) => lossOfXHat((i, j) => h[i * n + j]!), flat(staged.centred.map((row) => row.map((ci, j) => ci * staged.invStd[j]!))));
    expectGradient(staged.dInvStd, (iota) => lossOfXHat((i, j) => c[i]![j]! * iota[j]!), Float64Array.from(staged.invStd));
    expectGradient(staged.dStd, (s) => lossOfXHat((i, j) => c[i]![j]! / s[j]!), Float64Array.from(std));
    expectGradient(staged.dVar, (v) => lossOfXHat((i, j) => c[i]![j]! / Math.sqrt(v[j]! + eps)), Float64Array.from(variance));
    const normalizeCentred = (cc: Float64Array) => (i: number, j: number) => {
      let v = 0;
      for (let k = 0; k < m; k++) v += cc[k * n + j]! ** 2;
      return cc[i * n + j]! / Math.sqrt(v / m + eps);
    };
    expectGradient(staged.dCentred, (cc) => lossOfXHat(normalizeCentred(cc)), flat(c));
    const mu = X[0]!.map((_, j) => X.reduce((s, row) => s + row[j]!, 0) / m);
    expectGradient(staged.dMean, (mm) => lossOfXHat(normalizeCentred(flat(X.map((row) => row.map((x, j) => x - mm[j]!))))), Float64Array.from(mu));
  });
});
