// The oracles of unit 07: the 30-layer experiment's bookkeeping (exact cases where the answer does
// not depend on the random input) and the 2-layer trainer (one step is θ − lr·∂L/∂θ with ∂L/∂θ from
// finite differences of the loss; a constant init keeps every hidden unit a copy).
import { describe, expect, it } from 'vitest';
import { activationStatsReference, hiddenUnitSpreadReference, mlpGradients, mulberry32, numericalGradient, randn, relativeError, trainTwoLayerReference } from '../../grader/engine/index.js';

const fill = (n: number, m: number, v: (i: number, j: number) => number) => Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => v(i, j)));

describe('activationStatsReference', () => {
  it('zero weights: RMS 0 for relu and tanh and 0.5 for sigmoid at every layer, nothing saturated', () => {
    for (const [activation, a] of [['relu', 0], ['tanh', 0], ['sigmoid', 0.5]] as const) {
      const { rms, saturated } = activationStatsReference(() => fill(5, 5, () => 0), activation, { depth: 3, width: 5, batch: 2 }, mulberry32(1));
      expect(rms).toEqual([a, a, a]);
      expect(saturated).toEqual([0, 0, 0]);
    }
  });

  it('identity weights with relu keep relu(X) at every layer; 100·I saturates tanh where |x| > atanh(0.99)/100', () => {
    const identity = (k: number) => () => fill(8, 8, (i, j) => (i === j ? k : 0));
    const { rms } = activationStatsReference(identity(1), 'relu', { depth: 3, width: 8, batch: 4 }, mulberry32(2));
    expect(new Set(rms).size).toBe(1);
    const rng = mulberry32(3);
    const X = Array.from({ length: 32 }, () => randn(rng));
    const expected = X.filter((x) => Math.abs(Math.tanh(100 * x)) > 0.99).length / 32;
    expect(activationStatsReference(identity(100), 'tanh', { depth: 1, width: 8, batch: 4 }, mulberry32(3)).saturated).toEqual([expected]);
  });
});

describe('trainTwoLayerReference', () => {
  const X = [[0.5, 1.5], [-1.2, 0.2], [0.3, -0.7]];
  const Y = [1, 0, 1];
  const W1 = [[0.1, 0.4, -0.5], [-0.2, 0.3, 0.2]];
  const W2 = [[0.3], [-0.6], [0.2]];

  it('one step is θ − lr·∂L/∂θ, with ∂L/∂θ agreeing with finite differences of the loss', () => {
    const { params, lossHistory } = trainTwoLayerReference(W1, W2, { X, Y }, 'tanh', 1, 0.5);
    const flat = Float64Array.from([...W1.flat(), 0, 0, 0, ...W2.flat(), 0]);
    const loss = (v: Float64Array) => mlpGradients([{ W: [[v[0]!, v[1]!, v[2]!], [v[3]!, v[4]!, v[5]!]], b: [v[6]!, v[7]!, v[8]!] }, { W: [[v[9]!], [v[10]!], [v[11]!]], b: [v[12]!] }], X, Y, 'tanh').loss;
    const grad = numericalGradient(loss, flat);
    const stepped = Float64Array.from(flat, (v, k) => v - 0.5 * grad[k]!);
    const got = Float64Array.from([...params.W1.flat(), ...params.b1, ...params.W2.flat(), ...params.b2]);
    expect(relativeError(got, stepped)).toBeLessThan(1e-8);
    expect(lossHistory).toHaveLength(2);
    expect(lossHistory[0]).toBeCloseTo(loss(flat), 12);
    expect(lossHistory[1]).toBeCloseTo(loss(got), 12);
  });

  it('from a constant init every hidden unit stays a copy (spread exactly 0); from distinct weights it does not', () => {
    const copies = trainTwoLayerReference(fill(2, 4, () => 0.5), fill(4, 1, () => 0.5), { X, Y }, 'sigmoid', 50, 1);
    expect(hiddenUnitSpreadReference(copies.params)).toBe(0);
    expect(hiddenUnitSpreadReference(trainTwoLayerReference(W1, W2, { X, Y }, 'sigmoid', 50, 1).params)).toBeGreaterThan(0.1);
  });

  it('hiddenUnitSpreadReference compares columns: the largest |W1[i][j] − W1[i][0]|', () => {
    expect(hiddenUnitSpreadReference({ W1: [[0.2, -0.1, 0.4], [0.5, 0.3, 0.9]] })).toBeCloseTo(0.4, 15);
    expect(hiddenUnitSpreadReference({ W1: [[1, 1], [2, 2]] })).toBe(0);
  });
});
