// Every op's gradient against centred finite differences (relative error < 1e-7), on seeded random inputs.
import { describe, expect, it } from 'vitest';
import * as E from '../../grader/engine/index.js';
import { Tensor, mulberry32, randomTensor } from '../../grader/engine/index.js';
import { awayFromZero, gradientErrors, uniformTensor } from './grad-check.js';

const TOL = 1e-7;
const rng = mulberry32(2024);
const randInt = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const rand = (shape: number[]) => randomTensor(shape, rng);

function expectGradientsOk(build: (...t: Tensor[]) => Tensor, inputs: Tensor[]) {
  for (const err of gradientErrors(build, inputs)) expect(err).toBeLessThan(TOL);
}

/** Random shapes of every rank, including ones with a size-1 axis. */
function someShapes(): number[][] {
  return [[], [randInt(1, 5)], [randInt(2, 5), randInt(2, 5)], [1, randInt(2, 5)], [randInt(2, 5), 1]];
}

describe('unary ops match finite differences', () => {
  const unary: [string, (a: Tensor) => Tensor, (shape: number[]) => Tensor][] = [
    ['neg', E.neg, rand],
    ['scale', (a) => E.scale(a, -2.5), rand],
    ['exp', E.exp, rand],
    ['log', E.log, (s) => uniformTensor(s, rng, 0.2, 3)],
    ['square', E.square, rand],
    ['sqrt', E.sqrt, (s) => uniformTensor(s, rng, 0.2, 3)],
    ['sigmoid', E.sigmoid, (s) => E.scale(rand(s), 3)],
    ['tanh', E.tanh, (s) => E.scale(rand(s), 2)],
    ['relu', E.relu, (s) => awayFromZero(s, rng)],
    ['leakyRelu (default slope)', (a) => E.leakyRelu(a), (s) => awayFromZero(s, rng)],
    ['leakyRelu (slope 0.2)', (a) => E.leakyRelu(a, 0.2), (s) => awayFromZero(s, rng)],
    ['elu (default alpha)', (a) => E.elu(a), (s) => awayFromZero(s, rng)],
    ['elu (alpha 0.5)', (a) => E.elu(a, 0.5), (s) => awayFromZero(s, rng)],
    ['transpose', E.transpose, rand],
    ['frobeniusNorm', E.frobeniusNorm, rand],
    ['sum', (a) => E.sum(a), rand],
    ['mean', (a) => E.mean(a), rand],
  ];
  for (const [name, op, make] of unary) {
    it(name, () => {
      for (const shape of someShapes()) expectGradientsOk(op, [make(shape)]);
    });
  }
});

describe('reductions over an axis', () => {
  for (const op of [E.sum, E.mean]) {
    it(`${op.name} over axis 0 and 1 of matrices, and axis 0 of a vector`, () => {
      const m = randInt(2, 6), n = randInt(2, 6);
      expectGradientsOk((a) => op(a, 0), [rand([m, n])]);
      expectGradientsOk((a) => op(a, 1), [rand([m, n])]);
      expectGradientsOk((a) => op(a, 0), [rand([n])]);
      expect(op(rand([m, n]), 0).shape).toEqual([n]);
      expect(op(rand([m, n]), 1).shape).toEqual([m]);
      expect(op(rand([n]), 0).shape).toEqual([]);
    });
  }
  it('computes column and row sums', () => {
    const a = Tensor.from([[1, 2, 3], [4, 5, 6]]);
    expect(E.sum(a, 0).toArray()).toEqual([5, 7, 9]);
    expect(E.sum(a, 1).toArray()).toEqual([6, 15]);
    expect(E.mean(a, 0).toArray()).toEqual([2.5, 3.5, 4.5]);
    expect(E.mean(a).item()).toBe(3.5);
  });
});

describe('binary ops match finite differences, with and without broadcasting', () => {
  const pairs = (): [number[], number[]][] => {
    const m = randInt(2, 5), n = randInt(2, 5);
    return [
      [[m, n], [m, n]],
      [[m, n], [n]],
      [[n], [m, n]],
      [[m, n], [1, n]],
      [[m, n], [m, 1]],
      [[m, 1], [m, n]],
      [[m, n], []],
      [[], [m, n]],
      [[m, 1], [1, n]],
      [[n], [m, 1]],
      [[n], [n]],
      [[n], []],
      [[], []],
    ];
  };
  const safeDivisor = (s: number[]) => {
    const t = uniformTensor(s, rng, 0.5, 2);
    return new Tensor(t.data.map((x) => (rng() < 0.5 ? -x : x)), s);
  };
  const ops: [string, (a: Tensor, b: Tensor) => Tensor, (s: number[]) => Tensor][] = [
    ['add', E.add, rand],
    ['sub', E.sub, rand],
    ['mul', E.mul, rand],
    ['div', E.div, safeDivisor],
  ];
  for (const [name, op, makeB] of ops) {
    it(name, () => {
      for (const [sa, sb] of pairs()) expectGradientsOk(op, [rand(sa), makeB(sb)]);
    });
  }
  it('the same tensor on both sides (x·x, x/x, x−x)', () => {
    const x = uniformTensor([3, 4], rng, 0.5, 2);
    expectGradientsOk((a) => E.mul(a, a), [x]);
    expectGradientsOk((a) => E.div(a, a), [x]);
    expectGradientsOk((a) => E.sub(a, a), [x]);
  });
});

describe('matmul', () => {
  it('matrix · matrix', () => {
    for (let t = 0; t < 5; t++) {
      const m = randInt(1, 6), k = randInt(1, 6), n = randInt(1, 6);
      expectGradientsOk(E.matmul, [rand([m, k]), rand([k, n])]);
    }
  });
  it('vector · matrix, matrix · vector, vector · vector (NumPy rules)', () => {
    const m = randInt(2, 5), k = randInt(2, 5), n = randInt(2, 5);
    expectGradientsOk(E.matmul, [rand([k]), rand([k, n])]);
    expectGradientsOk(E.matmul, [rand([m, k]), rand([k])]);
    expectGradientsOk(E.matmul, [rand([k]), rand([k])]);
    expect(E.matmul(rand([k]), rand([k, n])).shape).toEqual([n]);
    expect(E.matmul(rand([m, k]), rand([k])).shape).toEqual([m]);
    expect(E.matmul(rand([k]), rand([k])).shape).toEqual([]);
  });
  it('computes the product', () => {
    const a = Tensor.from([[1, 2], [3, 4], [5, 6]]);
    const b = Tensor.from([[1, 0, -1], [2, 1, 0]]);
    expect(E.matmul(a, b).toArray()).toEqual([[5, 2, -1], [11, 4, -3], [17, 6, -5]]);
  });
  it('with exact zeros in the inputs (the zero-skipping fast path) still matches', () => {
    const a = E.relu(rand([6, 5])), b = E.relu(rand([5, 4]));
    expectGradientsOk(E.matmul, [a, b]);
  });
  it('larger, odd shapes (the unrolled kernel and its remainder loop) match a naive triple loop, forward and backward', () => {
    const naive = (A: Float64Array, B: Float64Array, m: number, k: number, n: number, tA = false, tB = false) => {
      const C = new Float64Array(m * n);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++)
          for (let p = 0; p < k; p++) C[i * n + j] += (tA ? A[p * m + i]! : A[i * k + p]!) * (tB ? B[j * k + p]! : B[p * n + j]!);
      return C;
    };
    for (const [m, k, n] of [[9, 17, 5], [20, 8, 3], [1, 33, 7], [13, 1, 11]] as const) {
      for (const sparse of [false, true]) {
        const a0 = rand([m, k]), b0 = rand([k, n]);
        const A = sparse ? E.relu(a0) : a0, B = sparse ? E.relu(b0) : b0;
        const a = new Tensor(Float64Array.from(A.data), [m, k], true), b = new Tensor(Float64Array.from(B.data), [k, n], true);
        const out = E.matmul(a, b);
        expect(E.relativeError(out.data, naive(A.data, B.data, m, k, n))).toBeLessThan(1e-14);
        const G = sparse ? E.relu(rand([m, n])) : rand([m, n]);
        out.backward(G);
        expect(E.relativeError(a.grad!, naive(G.data, B.data, m, n, k, false, true))).toBeLessThan(1e-14); // G·Bᵀ
        expect(E.relativeError(b.grad!, naive(A.data, G.data, k, m, n, true, false))).toBeLessThan(1e-14); // Aᵀ·G
      }
    }
    expectGradientsOk(E.matmul, [E.relu(rand([10, 19])), rand([19, 9])]);
  });
  it('propagates NaN from 0·Infinity like IEEE arithmetic', () => {
    const out = E.matmul(Tensor.from([[0, 1]]), Tensor.from([[Infinity], [2]]));
    expect(Number.isNaN(out.item())).toBe(true);
  });
});

describe('prelu', () => {
  it('gradient flows to the input and to alpha, for scalar, 1 and 1x1 alpha', () => {
    for (const alphaShape of [[], [1], [1, 1]]) {
      for (const shape of someShapes()) {
        const alpha = new Tensor(Float64Array.of(0.1 + 0.5 * rng()), alphaShape);
        expectGradientsOk(E.prelu, [awayFromZero(shape, rng), alpha]);
      }
    }
  });
});

describe('batchNorm', () => {
  it('gradients to x, gamma and beta (gamma/beta as n or 1xn)', () => {
    for (const m of [1, 3, 5, 8]) {
      const n = randInt(1, 4);
      expectGradientsOk((x, g, b) => E.batchNorm(x, g, b), [rand([m, n]), rand([n]), rand([n])]);
      expectGradientsOk((x, g, b) => E.batchNorm(x, g, b), [rand([m, n]), rand([1, n]), rand([1, n])]);
      expectGradientsOk((x, g, b) => E.batchNorm(x, g, b, 0.1), [rand([m, n]), rand([n]), rand([n])]);
    }
    // With two examples x̂ = ±σ/√(σ²+ε) ≈ ±1 whatever x is, so dx is O(ε) and a relative error
    // would only measure finite-difference noise; a large ε makes the gradient non-degenerate.
    expectGradientsOk((x, g, b) => E.batchNorm(x, g, b, 0.5), [rand([2, 3]), rand([3]), rand([3])]);
  });
});

describe('losses', () => {
  const labels = (s: number[]) => new Tensor(Float64Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => (rng() < 0.5 ? 0 : 1)), s);
  it('bceWithLogits, gradients to z and to (soft) y, for [m] and [m,1] on either side', () => {
    const m = randInt(2, 7);
    for (const [sz, sy] of [[[m], [m]], [[m, 1], [m]], [[m], [m, 1]], [[m, 1], [m, 1]]]) {
      expectGradientsOk(E.bceWithLogits, [E.scale(rand(sz!), 3), labels(sy!)]);
      expectGradientsOk(E.bceWithLogits, [rand(sz!), uniformTensor(sy!, rng, 0, 1)]);
    }
  });
  it('bceWithLogits gradient wrt z is (sigmoid(z) - y)/m', () => {
    const z = Tensor.param([0.3, -1.2, 2.0]), y = Tensor.from([1, 0, 1]);
    E.bceWithLogits(z, y).backward();
    const expected = [0.3, -1.2, 2.0].map((v, i) => (1 / (1 + Math.exp(-v)) - [1, 0, 1][i]!) / 3);
    expect(E.relativeError(z.grad!, expected)).toBeLessThan(1e-15);
  });
  it('bce on probabilities, gradients to p and y', () => {
    const m = randInt(2, 7);
    for (const [sp, sy] of [[[m], [m]], [[m, 1], [m]]]) {
      expectGradientsOk(E.bce, [uniformTensor(sp!, rng, 0.05, 0.95), labels(sy!)]);
      expectGradientsOk(E.bce, [uniformTensor(sp!, rng, 0.05, 0.95), uniformTensor(sy!, rng, 0, 1)]);
    }
  });
  it('bce(sigmoid(z), y) equals bceWithLogits(z, y)', () => {
    const z = rand([6]), y = labels([6]);
    expect(E.bce(E.sigmoid(z), y).item()).toBeCloseTo(E.bceWithLogits(z, y).item(), 12);
  });
});

describe('composed graphs (the tape)', () => {
  it('a two-layer net built from primitives', () => {
    const X = rand([5, 3]), W1 = rand([3, 4]), b1 = rand([4]), W2 = rand([4, 1]), b2 = rand([1]);
    const y = new Tensor(Float64Array.from([1, 0, 1, 1, 0]), [5, 1]);
    const net = (x: Tensor, w1: Tensor, c1: Tensor, w2: Tensor, c2: Tensor) => {
      const h = E.tanh(E.add(E.matmul(x, w1), c1));
      const p = E.sigmoid(E.add(E.matmul(h, w2), c2));
      // −mean(y log p + (1−y) log(1−p)), spelled out with primitive ops
      const one = Tensor.from(1);
      const ll = E.add(E.mul(y, E.log(p)), E.mul(E.sub(one, y), E.log(E.sub(one, p))));
      return E.neg(E.mean(ll));
    };
    expectGradientsOk(net, [X, W1, b1, W2, b2]);
  });
  it('a shared subexpression used many times (diamond graph)', () => {
    expectGradientsOk((x) => {
      const s = E.sigmoid(x);
      return E.sum(E.add(E.mul(s, s), E.div(E.exp(s), E.add(s, Tensor.from(1)))), 0);
    }, [rand([3, 4])]);
  });
});
