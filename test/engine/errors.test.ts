// Every shape mismatch throws an Error that names both shapes.
import { describe, expect, it } from 'vitest';
import * as E from '../../grader/engine/index.js';
import { Tensor } from '../../grader/engine/index.js';

const m32 = Tensor.from([[1, 2], [3, 4], [5, 6]]);
const m41 = Tensor.from([[1], [2], [3], [4]]);

describe('shape errors name both shapes', () => {
  it.each([
    ['add', E.add],
    ['sub', E.sub],
    ['mul', E.mul],
    ['div', E.div],
  ] as const)('%s', (name, op) => {
    expect(() => op(m32, m41)).toThrow(`${name}: cannot broadcast 3x2 with 4x1`);
  });
  it('matmul', () => {
    expect(() => E.matmul(m32, m41)).toThrow(/^matmul: a is 3x2 but b is 4x1/);
    expect(() => E.matmul(Tensor.from([1, 2]), m32)).toThrow(/a is 2 but b is 3x2/);
    expect(() => E.matmul(Tensor.from(2), m32)).toThrow(/a is scalar but b is 3x2/);
  });
  it('prelu with a non-scalar alpha', () => {
    expect(() => E.prelu(m32, Tensor.from([0.1, 0.2]))).toThrow(/alpha .*2.*input is 3x2/);
  });
  it('batchNorm with gamma/beta of the wrong length', () => {
    expect(() => E.batchNorm(m32, Tensor.from([1, 2, 3]), Tensor.from([0, 0]))).toThrow('x is 3x2 but gamma is 3');
    expect(() => E.batchNorm(m32, Tensor.from([1, 2]), Tensor.from([[0], [0]]))).toThrow('x is 3x2 but beta is 2x1');
    expect(() => E.batchNorm(Tensor.from([1, 2]), Tensor.from([1]), Tensor.from([0]))).toThrow(/matrix/);
  });
  it('losses with mismatched predictions and targets', () => {
    expect(() => E.bceWithLogits(Tensor.from([1, 2, 3]), Tensor.from([1, 0]))).toThrow('z is 3 but y is 2');
    expect(() => E.bce(Tensor.from([[0.5, 0.5]]), Tensor.from([1, 0]))).toThrow('yHat is 1x2 but y is 2');
  });
  it('reductions over an axis the tensor does not have', () => {
    expect(() => E.sum(Tensor.from([1, 2]), 1)).toThrow(/axis 1 .* shape 2/);
    expect(() => E.mean(Tensor.from(3), 0)).toThrow(/axis 0 .* shape scalar/);
  });
  it('relativeError with different lengths', () => {
    expect(() => E.relativeError([1, 2], [1, 2, 3])).toThrow(/2 elements but b has 3/);
  });
  it('mlpGradients with a W that does not fit', () => {
    const X = [[1, 2], [3, 4]];
    expect(() => E.mlpGradients([{ W: [[1], [2], [3]], b: [0] }], X, [1, 0], 'relu')).toThrow(/W is 3x1 but expected 2x1/);
    expect(() => E.mlpGradients([{ W: [[1], [2]], b: [0, 0] }], X, [1, 0], 'relu')).toThrow(/W is 2x1 but b is 2/);
    expect(() => E.mlpGradients([{ W: [[1], [2]], b: [0] }], X, [1], 'relu')).toThrow(/X is 2x2 but Y has 1/);
  });
  it('all are plain Errors', () => {
    try {
      E.add(m32, m41);
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
    }
  });
});
