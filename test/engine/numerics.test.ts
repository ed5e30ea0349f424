// Saturation, kinks and the other places where naive formulas give NaN or the wrong side.
import { describe, expect, it } from 'vitest';
import * as E from '../../grader/engine/index.js';
import { Tensor } from '../../grader/engine/index.js';

function valueAndGrad(op: (t: Tensor) => Tensor, xs: number[]) {
  const x = Tensor.param(xs);
  const y = op(x);
  y.backward(Tensor.from(xs.map(() => 1)));
  return { y: Array.from(y.data), dy: Array.from(x.grad!) };
}

describe('saturation is stable', () => {
  it('sigmoid at ±1000 is 1 and 0 with derivative 0, never NaN', () => {
    const { y, dy } = valueAndGrad(E.sigmoid, [1000, -1000, 800, -800]);
    expect(y).toEqual([1, 0, 1, 0]);
    expect(dy.map(Math.abs)).toEqual([0, 0, 0, 0]);
  });
  it('sigmoid keeps tiny tails accurate on the negative side', () => {
    expect(valueAndGrad(E.sigmoid, [-30]).y[0]).toBeCloseTo(9.357622968840175e-14, 25);
    expect(valueAndGrad(E.sigmoid, [0]).y[0]).toBe(0.5);
    expect(valueAndGrad(E.sigmoid, [0]).dy[0]).toBe(0.25);
  });
  it('tanh at ±1000 is ±1 with derivative 0', () => {
    const { y, dy } = valueAndGrad(E.tanh, [1000, -1000]);
    expect(y).toEqual([1, -1]);
    expect(dy).toEqual([0, 0]);
  });
  it('bceWithLogits stays finite for huge logits, with the exact gradient', () => {
    const z = Tensor.param([1000, -1000, 1000, -1000]);
    const loss = E.bceWithLogits(z, Tensor.from([1, 0, 0, 1]));
    expect(loss.item()).toBeCloseTo((0 + 0 + 1000 + 1000) / 4, 10);
    loss.backward();
    expect(Array.from(z.grad!)).toEqual([0, 0, 0.25, -0.25]);
  });
  it('bce uses 0·log 0 = 0 when a prediction is exactly right', () => {
    expect(E.bce(Tensor.from([1, 0]), Tensor.from([1, 0])).item()).toBe(0);
    expect(E.bce(Tensor.from([0]), Tensor.from([1])).item()).toBe(Infinity);
  });
  it('elu for large negative inputs tends to −alpha with derivative → 0', () => {
    const { y, dy } = valueAndGrad((t) => E.elu(t, 2), [-1000]);
    expect(y).toEqual([-2]);
    expect(dy).toEqual([0]);
  });
  it('frobeniusNorm of zeros has gradient 0, not NaN', () => {
    const x = Tensor.param([[0, 0], [0, 0]]);
    E.frobeniusNorm(x).backward();
    expect(x.gradArray()).toEqual([[0, 0], [0, 0]]);
    expect(E.frobeniusNorm(Tensor.from([[3, 4]])).item()).toBe(5);
  });
});

describe('kinks take the left-hand derivative at 0', () => {
  it('relu: value 0, derivative 0', () => {
    expect(valueAndGrad(E.relu, [0, 2, -2])).toEqual({ y: [0, 2, 0], dy: [0, 1, 0] });
  });
  it('leakyRelu: derivative = slope (0.01 by default)', () => {
    expect(valueAndGrad((t) => E.leakyRelu(t), [0, 2, -2])).toEqual({ y: [0, 2, -0.02], dy: [0.01, 1, 0.01] });
    expect(valueAndGrad((t) => E.leakyRelu(t, 0.2), [0]).dy).toEqual([0.2]);
  });
  it('elu: derivative = alpha; elu(−1) = −0.6321206', () => {
    expect(valueAndGrad((t) => E.elu(t), [0]).dy).toEqual([1]);
    expect(valueAndGrad((t) => E.elu(t, 0.5), [0]).dy).toEqual([0.5]);
    expect(valueAndGrad((t) => E.elu(t), [-1]).y[0]).toBeCloseTo(-0.6321206, 7);
  });
  it('prelu: derivative = alpha, and dAlpha = Σ g·z over z ≤ 0', () => {
    const x = Tensor.param([0, 2, -3]), alpha = Tensor.param(0.25);
    const y = E.prelu(x, alpha);
    expect(y.toArray()).toEqual([0, 2, -0.75]);
    y.backward(Tensor.from([1, 1, 2]));
    expect(x.gradArray()).toEqual([0.25, 1, 0.5]);
    expect(alpha.gradArray()).toBe(-6);
  });
  it('NaN propagates through relu instead of turning into 0', () => {
    expect(Number.isNaN(E.relu(Tensor.from([NaN])).item())).toBe(true);
  });
});
