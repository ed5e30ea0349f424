// The oracle of units 04 and 05's gradient checks: mlpLoss is mlpGradients' loss, and
// layerGradientChecks passes the engine's own gradients and measures a scaled one exactly.
import { describe, expect, it } from 'vitest';
import { type Activation, type DenseLayer, layerGradientChecks, mlpGradients, mlpLoss } from '../../grader/engine/index.js';
import { gaussian, randomMatrix, seededRng } from '../../lib/random';

const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu'];

function net(seed: number, widths: number[], m: number) {
  const rng = seededRng(seed);
  const layers: DenseLayer[] = widths.slice(1).map((nOut, l) => ({ W: randomMatrix(widths[l]!, nOut, () => gaussian(rng)), b: Array.from({ length: nOut }, () => gaussian(rng, 0, 0.1)) }));
  return { layers, X: randomMatrix(m, widths[0]!, () => gaussian(rng)), Y: Array.from({ length: m }, (_, i) => i % 2) };
}

describe('mlpLoss and layerGradientChecks', () => {
  it("mlpLoss equals mlpGradients' loss, also with a saturated output", () => {
    for (const [i, activation] of ACTIVATIONS.entries()) {
      const { layers, X, Y } = net(30 + i, [3, 4, 2, 1], 5);
      expect(mlpLoss(layers, X, Y, activation)).toBeCloseTo(mlpGradients(layers, X, Y, activation).loss, 13);
      const loud = layers.map(({ W, b }) => ({ W: W.map((r) => r.map((w) => 40 * w)), b }));
      expect(mlpLoss(loud, X, Y, activation)).toBeCloseTo(mlpGradients(loud, X, Y, activation).loss, 10);
    }
  });

  it("the engine's own gradients pass; twice the gradient has error exactly 1/3 in every parameter", () => {
    for (const [i, activation] of ACTIVATIONS.entries()) {
      const { layers, X, Y } = net(40 + i, [2, 3, 3, 1], 4);
      const { grads } = mlpGradients(layers, X, Y, activation);
      for (const { W, b } of layerGradientChecks(layers, X, Y, activation, grads)) {
        expect(W.error).toBeLessThan(1e-8);
        expect(b.error).toBeLessThan(1e-8);
      }
      const doubled = grads.map(({ dW, db }) => ({ dW: dW.map((r) => r.map((x) => 2 * x)), db: db.map((x) => 2 * x) }));
      for (const { W, b } of layerGradientChecks(layers, X, Y, activation, doubled)) {
        expect(W.error).toBeCloseTo(1 / 3, 8);
        expect(b.error).toBeCloseTo(1 / 3, 8);
      }
    }
  });
});
