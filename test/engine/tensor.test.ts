// The Tensor itself: construction, conversion, and the semantics of backward().
import { describe, expect, it } from 'vitest';
import { Tensor, add, exp, mul, scale, sum, tanh } from '../../grader/engine/index.js';

describe('Tensor construction', () => {
  it('from a number, vector or matrix, with the matching shape', () => {
    expect(Tensor.from(2.5).shape).toEqual([]);
    expect(Tensor.from([1, 2, 3]).shape).toEqual([3]);
    expect(Tensor.from([[1, 2], [3, 4], [5, 6]]).shape).toEqual([3, 2]);
    expect(Tensor.from([[1, 2], [3, 4], [5, 6]]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(Tensor.from([1, 2, 3]).toArray()).toEqual([1, 2, 3]);
    expect(Tensor.from(2.5).toArray()).toBe(2.5);
    expect(Tensor.from([]).shape).toEqual([0]);
  });
  it('copies its input', () => {
    const rows = [[1, 2], [3, 4]];
    const t = Tensor.from(rows);
    rows[0]![0] = 99;
    expect(t.toArray()).toEqual([[1, 2], [3, 4]]);
    const out = t.toArray() as number[][];
    out[0]![0] = 42;
    expect(t.data[0]).toBe(1);
  });
  it('copies NaN and ±Infinity as they are', () => {
    const t = Tensor.from([NaN, Infinity, -Infinity]);
    expect(Number.isNaN(t.data[0])).toBe(true);
    expect(t.data[1]).toBe(Infinity);
    expect(t.data[2]).toBe(-Infinity);
  });
  it('rejects ragged, too deep and non-numeric arrays with a clear message', () => {
    expect(() => Tensor.from([[1, 2], [3]])).toThrow(/ragged.*row 1 has 1 entries but row 0 has 2/);
    expect(() => Tensor.from([[[1]]] as unknown as number[][])).toThrow(/not a number/);
    expect(() => Tensor.from([1, [2]] as unknown as number[])).toThrow(Error);
    expect(() => Tensor.from(['1'] as unknown as number[])).toThrow(Error);
  });
  it('zeros and param', () => {
    const z = Tensor.zeros([2, 3]);
    expect(z.toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(z.requiresGrad).toBe(false);
    expect(Tensor.zeros([2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(Tensor.param([1, 2]).requiresGrad).toBe(true);
    expect(Tensor.from([1, 2]).requiresGrad).toBe(false);
    expect(() => Tensor.zeros([2, 2, 2])).toThrow(/shape/);
    expect(() => Tensor.zeros([-1])).toThrow(/shape/);
  });
  it('size and item', () => {
    expect(Tensor.from([[1, 2, 3]]).size).toBe(3);
    expect(Tensor.from(4).item()).toBe(4);
    expect(Tensor.from([4]).item()).toBe(4);
    expect(Tensor.from([[4]]).item()).toBe(4);
    expect(() => Tensor.from([[1, 2], [3, 4]]).item()).toThrow(/2x2/);
  });
  it('shape is frozen, so no op can be confused by a shape changing under it', () => {
    expect(() => (Tensor.from([1, 2]).shape as number[]).push(3)).toThrow(TypeError);
  });
});

describe('backward', () => {
  it('grad is null before backward, gradArray gives zeros', () => {
    const x = Tensor.param([[1, 2]]);
    expect(x.grad).toBeNull();
    expect(x.gradArray()).toEqual([[0, 0]]);
  });
  it('seeds a single-element output with 1 by default, or with a number', () => {
    const x = Tensor.param([1, 2, 3]);
    sum(mul(x, x)).backward();
    expect(x.gradArray()).toEqual([2, 4, 6]);
    x.zeroGrad();
    sum(mul(x, x)).backward(0.5);
    expect(x.gradArray()).toEqual([1, 2, 3]);
  });
  it('a non-scalar output needs a seed tensor of its shape', () => {
    const x = Tensor.param([[1, 2], [3, 4], [5, 6]]);
    const y = scale(x, 2);
    expect(() => y.backward()).toThrow(/output has shape 3x2.*seed/);
    expect(() => y.backward(1)).toThrow(/seed/);
    expect(() => y.backward(Tensor.from([1, 2]))).toThrow(/seed is 2 but the output is 3x2/);
    y.backward(Tensor.from([[1, 0], [0, 1], [1, 1]]));
    expect(x.gradArray()).toEqual([[2, 0], [0, 2], [2, 2]]);
  });
  it('says so when nothing requires a gradient', () => {
    expect(() => sum(Tensor.from([1, 2])).backward()).toThrow(/requiresGrad/);
  });
  it('accumulates into leaves across calls but not into intermediates', () => {
    const x = Tensor.param([1, 2]);
    const y = mul(x, x);
    const loss = sum(y);
    loss.backward();
    loss.backward();
    expect(x.gradArray()).toEqual([4, 8]); // 2 × 2x
    expect(Array.from(y.grad!)).toEqual([1, 1]); // this pass only
  });
  it('sums the contributions of a tensor used on several paths', () => {
    const x = Tensor.param([0.5, -1]);
    // f = Σ (x·x + x + eˣ)  →  f' = 2x + 1 + eˣ
    sum(add(add(mul(x, x), x), exp(x))).backward();
    expect(x.gradArray()).toEqual([0.5, -1].map((v) => 2 * v + 1 + Math.exp(v)));
  });
  it('leaves tensors without requiresGrad alone', () => {
    const x = Tensor.param([1, 2]), c = Tensor.from([3, 4]);
    sum(mul(x, c)).backward();
    expect(c.grad).toBeNull();
    expect(x.gradArray()).toEqual([3, 4]);
  });
  it('a constant-only computation records no graph', () => {
    const y = mul(Tensor.from([1, 2]), Tensor.from([3, 4]));
    expect(y.requiresGrad).toBe(false);
    expect(y.parents).toEqual([]);
  });
  it('handles a very deep graph without overflowing the stack', () => {
    const x = Tensor.param([0.1]);
    let y = x;
    for (let i = 0; i < 20_000; i++) y = tanh(y);
    y.backward();
    expect(Number.isFinite(x.grad![0]!)).toBe(true);
    expect(x.grad![0]).toBeGreaterThan(0);
  });
});
