// Batch norm: the unit-08 fixture, finite differences, and the fused op against the same maths composed from primitives.
import { describe, expect, it } from 'vitest';
import * as E from '../../grader/engine/index.js';
import { Tensor, batchNormGradients, mulberry32, numericalGradient, randomTensor, relativeError } from '../../grader/engine/index.js';

// COURSE.md, unit 08.
const X = [[1, 2], [3, 5], [0, -1], [4, 1]];
const gamma = [1.5, 0.5];
const beta = [0.1, -0.2];
const dout = [[0.1, -0.3], [0.2, 0.4], [-0.5, 0.1], [0.3, 0.2]];
const expectedDX = [[0.232426, -0.094839], [0.004744, 0.037258], [-0.175507, 0.027097], [-0.061663, 0.030484]];

describe('batchNormGradients on the unit-08 fixture', () => {
  const r = batchNormGradients(X, gamma, beta, dout);
  it('dX matches the course notes to 1e-6', () => {
    r.dX.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - expectedDX[i]![j]!)).toBeLessThan(1e-6)));
  });
  it('dBeta is the column sums of dout; the output has per-column mean beta and spread gamma', () => {
    expect(relativeError(r.dBeta, [0.1, 0.4])).toBeLessThan(1e-15);
    const cols = [0, 1].map((j) => r.out.map((row) => row[j]!));
    cols.forEach((c, j) => {
      const mu = c.reduce((s, x) => s + x, 0) / c.length;
      const v = c.reduce((s, x) => s + (x - mu) ** 2, 0) / c.length;
      expect(mu).toBeCloseTo(beta[j]!, 12);
      expect(v).toBeCloseTo(gamma[j]! ** 2 * (1 - 1e-5 / (1e-5 + [2.5, 4.6875][j]!)), 9); // var(x̂) = σ²/(σ²+ε)
    });
  });
  it('all three gradients agree with finite differences of Σ out ⊙ dout', () => {
    const f = (x: number[][], g: number[], b: number[]) =>
      batchNormGradients(x, g, b, dout).out.flat().reduce((s, v, k) => s + v * dout.flat()[k]!, 0);
    const nX = numericalGradient((v) => f([0, 1, 2, 3].map((i) => [v[2 * i]!, v[2 * i + 1]!]), gamma, beta), Float64Array.from(X.flat()));
    const nG = numericalGradient((v) => f(X, Array.from(v), beta), Float64Array.from(gamma));
    const nB = numericalGradient((v) => f(X, gamma, Array.from(v)), Float64Array.from(beta));
    expect(relativeError(r.dX.flat(), nX)).toBeLessThan(1e-7);
    expect(relativeError(r.dGamma, nG)).toBeLessThan(1e-7);
    expect(relativeError(r.dBeta, nB)).toBeLessThan(1e-7);
  });
  it('does not mutate its inputs', () => {
    const copy = structuredClone({ X, gamma, beta, dout });
    batchNormGradients(X, gamma, beta, dout);
    expect({ X, gamma, beta, dout }).toEqual(copy);
  });
});

/** The same batch norm spelled out with primitive ops: an independent route through the autodiff. */
function composedBatchNorm(x: Tensor, g: Tensor, b: Tensor, eps: number): Tensor {
  const centered = E.sub(x, E.mean(x, 0));
  const variance = E.mean(E.square(centered), 0);
  const xHat = E.div(centered, E.sqrt(E.add(variance, Tensor.from(eps))));
  return E.add(E.mul(g, xHat), b);
}

describe('fused batchNorm equals the composed one', () => {
  it('in value and in all gradients, on random inputs', () => {
    const rng = mulberry32(11);
    for (const [m, n] of [[4, 2], [16, 5], [1, 3], [2, 1]] as const) {
      const data = [randomTensor([m, n], rng, { scale: 3 }), randomTensor([n], rng), randomTensor([n], rng)];
      const seed = randomTensor([m, n], rng);
      const run = (op: typeof composedBatchNorm) => {
        const [x, g, b] = data.map((t) => new Tensor(Float64Array.from(t.data), t.shape, true)) as [Tensor, Tensor, Tensor];
        const out = op(x, g, b, 1e-5);
        out.backward(seed);
        return [out.data, x.grad!, g.grad!, b.grad!];
      };
      const fused = run(E.batchNorm), composed = run(composedBatchNorm);
      fused.forEach((arr, k) => expect(relativeError(arr, composed[k]!)).toBeLessThan(1e-10));
    }
  });
});
