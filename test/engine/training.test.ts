// The oracles of units 11 and 12: residualGradients against centred finite differences of its own
// loss, and trainReference's bookkeeping (one loss and depth norms per step, clipping that only
// ever shortens, the same run for the same seeds).
import { describe, expect, it } from 'vitest';
import { type Activation, mulberry32, numericalGradient, randn, relativeError, residualGradients, spirals, trainReference, type TrainConfig } from '../../grader/engine/index.js';

const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu'];

describe('residualGradients', () => {
  it.each(ACTIVATIONS)('agrees with finite differences of the loss (%s, 3 blocks of width 3)', (activation) => {
    const rng = mulberry32(11);
    const n = 3;
    const m = () => Array.from({ length: n }, () => Array.from({ length: n }, () => 0.6 * randn(rng)));
    const blocks = [0, 1, 2].map(() => ({ W: m(), b: Array.from({ length: n }, () => 0.1 * randn(rng)) }));
    const head = { W: [[0.5], [-0.4], [0.3]], b: [0.1] };
    const X = [[0.5, -1, 0.2], [1, 0.3, -0.7], [-0.4, 0.8, 1.1], [0.9, -0.2, 0.05]];
    const Y = [1, 0, 1, 0];
    const layers = [...blocks, head];
    const flat = Float64Array.from(layers.flatMap(({ W, b }) => [...W.flat(), ...b]));
    const rebuild = (v: Float64Array) => {
      let k = 0;
      return layers.map(({ W, b }) => ({ W: W.map((row) => row.map(() => v[k++]!)), b: b.map(() => v[k++]!) }));
    };
    const loss = (v: Float64Array) => {
      const ls = rebuild(v);
      return residualGradients(ls.slice(0, -1), ls[ls.length - 1]!, X, Y, activation).loss;
    };
    const numeric = numericalGradient(loss, flat);
    const analytic = Float64Array.from(residualGradients(blocks, head, X, Y, activation).grads.flatMap(({ dW, db }) => [...dW.flat(), ...db]));
    expect(relativeError(analytic, numeric)).toBeLessThan(1e-7);
  });

  it('names both shapes when a block does not fit', () => {
    expect(() => residualGradients([{ W: [[1, 2]], b: [0, 0] }], { W: [[1]], b: [0] }, [[1]], [1], 'relu')).toThrow(/1x2.*1x1|1x1.*1x2/);
  });
});

describe('trainReference', () => {
  const config: TrainConfig = { depth: 4, width: 5, activation: 'tanh', init: 'xavierNormal', lr: 0.5, steps: 7, batchSize: 6, batchNorm: true, residual: true };
  const data = spirals(10, mulberry32(1));

  it('records one loss and depth norms per step, and the same run for the same seeds', () => {
    const a = trainReference(config, data, mulberry32(2));
    expect(a.lossHistory).toHaveLength(7);
    expect(a.gradNormHistory.every((norms) => norms.length === 4 && norms.every((x) => x >= 0))).toBe(true);
    expect(a.accuracy * 20).toBeCloseTo(Math.round(a.accuracy * 20), 12);
    expect(trainReference(config, data, mulberry32(2))).toEqual(a);
  });

  it('clipping leaves the first step (norms are taken before it) and changes the run after it', () => {
    const plain = trainReference(config, data, mulberry32(3));
    const clipped = trainReference({ ...config, clipNorm: 1e-3 }, data, mulberry32(3));
    expect(clipped.lossHistory[0]).toBe(plain.lossHistory[0]);
    expect(clipped.gradNormHistory[0]).toEqual(plain.gradNormHistory[0]);
    expect(clipped.lossHistory).not.toEqual(plain.lossHistory);
  });

  it('spirals: class 0 first, radius t = i/n, noise-free points exactly on the spirals', () => {
    const d = spirals(4, mulberry32(1), 0);
    expect(d.Y).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    d.X.forEach(([x, y], r) => expect(Math.hypot(x!, y!)).toBeCloseTo((r % 4) / 4, 12));
  });
});
