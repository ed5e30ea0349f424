// NumPy broadcasting (rank ≤ 2): values, and gradients summed over the broadcast axes.
import { describe, expect, it } from 'vitest';
import { Tensor, add, div, mul, sub, sum } from '../../grader/engine/index.js';

const M = [[1, 2, 3], [4, 5, 6]]; // 2x3

describe('broadcasting', () => {
  it('a row vector (n or 1xn) over a matrix: gradient is the column sums of the seed', () => {
    for (const row of [Tensor.param([10, 20, 30]), Tensor.param([[10, 20, 30]])]) {
      const x = Tensor.param(M);
      const y = add(x, row);
      expect(y.toArray()).toEqual([[11, 22, 33], [14, 25, 36]]);
      y.backward(Tensor.from([[1, 2, 3], [4, 5, 6]]));
      expect(row.gradArray()).toEqual(row.shape.length === 1 ? [5, 7, 9] : [[5, 7, 9]]);
      expect(x.gradArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    }
  });
  it('a column (mx1) over a matrix: gradient is the row sums of the seed', () => {
    const col = Tensor.param([[10], [20]]);
    const y = mul(Tensor.from(M), col);
    expect(y.toArray()).toEqual([[10, 20, 30], [80, 100, 120]]);
    y.backward(Tensor.from([[1, 1, 1], [1, 0, 1]]));
    expect(col.gradArray()).toEqual([[1 + 2 + 3], [4 + 6]]);
  });
  it('a scalar over a matrix: gradient is the total', () => {
    const s = Tensor.param(2);
    const y = sub(Tensor.from(M), s);
    expect(y.toArray()).toEqual([[-1, 0, 1], [2, 3, 4]]);
    sum(y).backward();
    expect(s.gradArray()).toBe(-6);
    const one = Tensor.param([[2]]);
    sum(div(Tensor.from(M), one)).backward();
    expect(one.gradArray()).toEqual([[-21 / 4]]);
  });
  it('column (mx1) with row (1xn) gives the outer m×n grid', () => {
    const c = Tensor.param([[1], [2]]), r = Tensor.param([10, 20, 30]);
    const y = add(c, r);
    expect(y.shape).toEqual([2, 3]);
    expect(y.toArray()).toEqual([[11, 21, 31], [12, 22, 32]]);
    sum(y).backward();
    expect(c.gradArray()).toEqual([[3], [3]]);
    expect(r.gradArray()).toEqual([2, 2, 2]);
  });
  it('keeps the higher rank: vector + scalar is a vector, vector + 1x1 is 1xn', () => {
    expect(add(Tensor.from([1, 2]), Tensor.from(1)).shape).toEqual([2]);
    expect(add(Tensor.from([1, 2]), Tensor.from([[1]])).shape).toEqual([1, 2]);
    expect(add(Tensor.from(1), Tensor.from(2)).shape).toEqual([]);
  });
  it('refuses incompatible shapes, naming both', () => {
    expect(() => add(Tensor.from([[1, 2], [3, 4], [5, 6]]), Tensor.from([[1], [2], [3], [4]]))).toThrow(
      'add: cannot broadcast 3x2 with 4x1',
    );
    expect(() => mul(Tensor.from([1, 2, 3]), Tensor.from([1, 2]))).toThrow('mul: cannot broadcast 3 with 2');
  });
});
