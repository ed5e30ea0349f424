// The oracles of units 11 and 12: residualGradients against centred finite differences of its own
// loss; trainReference's gradients (every W, b, γ, β) against centred finite differences of the
// mini-batch's mean BCE, computed here by a forward pass of its own; and trainReference's
// bookkeeping (one loss and depth norms per step, clipping that only ever shortens, the same run for
// the same seeds).
import { describe, expect, it } from 'vitest';
import { type Activation, mulberry32, numericalGradient, randn, relativeError, residualGradients, spirals, type StepGradients, trainReference, type TrainConfig } from '../../grader/engine/index.js';

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

/**
 * The mean BCE of a mini-batch for the net trainReference builds, written out here with plain loops:
 * params[l] = [W (row-major), b, γ?, β?]; hidden layers g(BN(A·W + b)) in training mode (biased
 * variance, ε = 1e-5), A + H for the residual layers 1 … depth − 2, one sigmoid output.
 */
function miniBatchLoss(params: Float64Array[][], X: number[][], Y: number[], g: (z: number) => number, residual: boolean): number {
  let A = X;
  params.forEach(([W, b, gamma, beta], l) => {
    const nOut = b!.length;
    const Z = A.map((row) => Array.from({ length: nOut }, (_, j) => row.reduce((s, a, i) => s + a * W![i * nOut + j]!, b![j]!)));
    if (l === params.length - 1) {
      A = Z;
      return;
    }
    if (gamma) {
      for (let j = 0; j < nOut; j++) {
        const mean = Z.reduce((s, r) => s + r[j]!, 0) / Z.length;
        const variance = Z.reduce((s, r) => s + (r[j]! - mean) ** 2, 0) / Z.length;
        for (const r of Z) r[j] = gamma[j]! * ((r[j]! - mean) / Math.sqrt(variance + 1e-5)) + beta![j]!;
      }
    }
    const H = Z.map((r) => r.map(g));
    A = residual && l > 0 ? A.map((r, i) => r.map((a, j) => a + H[i]![j]!)) : H;
  });
  return -A.reduce((s, [z], i) => s + (Y[i]! === 1 ? -Math.log1p(Math.exp(-z!)) : -Math.log1p(Math.exp(z!))), 0) / A.length;
}

describe('trainReference: gradients of the mini-batch mean BCE', () => {
  const cases: [string, TrainConfig, (z: number) => number][] = [
    ['3 sigmoid layers of width 4, batch norm, batch 4', { depth: 3, width: 4, activation: 'sigmoid', init: 'smallUniform', batchNorm: true, lr: 0.5, steps: 1, batchSize: 4 }, (z) => 1 / (1 + Math.exp(-z))],
    ['4 tanh layers of width 3, batch norm and residual blocks, batch 5', { depth: 4, width: 3, activation: 'tanh', init: 'xavierNormal', batchNorm: true, residual: true, lr: 0.5, steps: 1, batchSize: 5 }, Math.tanh],
  ];
  it.each(cases)('every dW, db, dγ, dβ agrees with finite differences (%s)', (_, config, g) => {
    const data = spirals(6, mulberry32(21));
    let seen: StepGradients | undefined;
    trainReference(config, data, mulberry32(22), { onGradients: (step) => (seen = { ...step, params: step.params.map((p) => p.map((a) => Float64Array.from(a))), grads: step.grads.map((p) => p.map((a) => Float64Array.from(a))) }) });
    const { rows, params, grads } = seen!;
    const X = rows.map((i) => data.X[i]!);
    const Y = rows.map((i) => data.Y[i]!);
    expect(new Set(rows).size, 'a batch of distinct rows, so batch norm is not degenerate').toBeGreaterThan(2);
    params.forEach((layer, l) =>
      layer.forEach((values, k) => {
        const numeric = numericalGradient((v) => miniBatchLoss(params.map((p, i) => p.map((a, j) => (i === l && j === k ? v : a))), X, Y, g, config.residual === true), values);
        // Each parameter group on its own, so small dγ, dβ are not hidden by larger dW. The b before a
        // batch norm has gradient 0 (the normalization subtracts it again): there, both must be ~0.
        const what = `layer ${l} ${['dW', 'db', 'dγ', 'dβ'][k]}`;
        const largest = (a: Float64Array) => Math.max(...a.map(Math.abs));
        if (largest(numeric) < 1e-9) expect(largest(grads[l]![k]!), what).toBeLessThan(1e-9);
        else expect(relativeError(grads[l]![k]!, numeric), what).toBeLessThan(1e-7);
      }),
    );
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
