// The engine's oracle utilities and seeded randomness.
import { describe, expect, it } from 'vitest';
import { Tensor, fromOp, mulberry32, numericalGradient, randn, randomTensor, relativeError } from '../../grader/engine/index.js';
import { gradientErrors } from './grad-check.js';

describe('numericalGradient', () => {
  it('recovers known gradients and leaves x untouched', () => {
    const x = Float64Array.of(1, -2, 0.5);
    const g = numericalGradient((v) => v[0]! ** 2 + 3 * v[1]! + Math.sin(v[2]!), x);
    expect(relativeError(g, [2, 3, Math.cos(0.5)])).toBeLessThan(1e-9);
    expect(Array.from(x)).toEqual([1, -2, 0.5]);
  });
});

describe('relativeError', () => {
  it('is ‖a−b‖/(‖a‖+‖b‖), and 0 when both are zero', () => {
    expect(relativeError([0, 0], [0, 0])).toBe(0);
    expect(relativeError([1, 0], [0, 1])).toBeCloseTo(Math.SQRT2 / 2, 15);
    expect(relativeError([3, 4], [3, 4])).toBe(0);
    expect(relativeError(Float64Array.of(1), [-1])).toBe(1);
  });
});

describe('the gradient checker catches a wrong gradient', () => {
  it('e.g. a sigmoid whose backward uses σ(z)(1−z) instead of σ(z)(1−σ(z))', () => {
    const wrongSigmoid = (a: Tensor) => {
      const out = Float64Array.from(a.data, (z) => 1 / (1 + Math.exp(-z)));
      return fromOp(out, a.shape, [a], (g) => {
        for (let i = 0; i < g.length; i++) a.grad![i] += g[i]! * out[i]! * (1 - a.data[i]!);
      });
    };
    const [err] = gradientErrors(wrongSigmoid, [Tensor.from([[0.3, -1.2], [2, 0.7]])]);
    expect(err).toBeGreaterThan(1e-2);
  });
});

describe('seeded randomness', () => {
  it('mulberry32 is deterministic and in [0, 1)', () => {
    const a = mulberry32(42), b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });
  it('randn has mean ≈ 0 and variance ≈ 1', () => {
    const rng = mulberry32(1);
    const xs = Array.from({ length: 50_000 }, () => randn(rng));
    const mu = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - mu) ** 2, 0) / xs.length;
    expect(Math.abs(mu)).toBeLessThan(0.02);
    expect(Math.abs(v - 1)).toBeLessThan(0.03);
  });
  it('randomTensor has the shape, scale and requiresGrad asked for', () => {
    const t = randomTensor([300, 100], mulberry32(3), { scale: 0.1, requiresGrad: true });
    expect(t.shape).toEqual([300, 100]);
    expect(t.requiresGrad).toBe(true);
    const rms = Math.sqrt(t.data.reduce((s, x) => s + x * x, 0) / t.size);
    expect(rms).toBeGreaterThan(0.095);
    expect(rms).toBeLessThan(0.105);
    expect(randomTensor([], mulberry32(3)).shape).toEqual([]);
  });
});
