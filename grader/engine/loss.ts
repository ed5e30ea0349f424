/**
 * Mean binary cross-entropy, fused: one scalar output, closed-form gradients.
 * Predictions and targets are length-m vectors or m×1 columns (either form on either side);
 * they are never broadcast against each other, since m×1 against m would silently become m×m.
 */
import { stableSigmoid } from './scalar.js';
import { formatShape } from './shape.js';
import { Tensor, fromOp } from './tensor.js';

function checkPair(op: string, aName: string, a: Tensor, bName: string, b: Tensor): void {
  const isColumn = (t: Tensor) => t.shape.length <= 1 || t.shape[1] === 1;
  if (!isColumn(a) || !isColumn(b) || a.size !== b.size) {
    throw new Error(`${op}: ${aName} is ${formatShape(a.shape)} but ${bName} is ${formatShape(b.shape)} (expected two length-m vectors or m×1 columns)`);
  }
}

/**
 * mean over i of −[yᵢ log σ(zᵢ) + (1−yᵢ) log(1−σ(zᵢ))], written as max(z,0) − z·y + log(1+e^{−|z|})
 * so that no exp overflows and no log sees 0. d/dz = (σ(z) − y)/m, d/dy = −z/m.
 */
export function bceWithLogits(z: Tensor, y: Tensor): Tensor {
  checkPair('bceWithLogits', 'z', z, 'y', y);
  const Z = z.data, Y = y.data, m = Z.length;
  let total = 0;
  for (let i = 0; i < m; i++) {
    const zi = Z[i]!;
    total += Math.max(zi, 0) - zi * Y[i]! + Math.log1p(Math.exp(-Math.abs(zi)));
  }
  return fromOp(Float64Array.of(total / m), [], [z, y], (g) => {
    const k = g[0]! / m;
    if (z.requiresGrad) {
      const gz = z.grad!;
      for (let i = 0; i < m; i++) gz[i] += k * (stableSigmoid(Z[i]!) - Y[i]!);
    }
    if (y.requiresGrad) {
      const gy = y.grad!;
      for (let i = 0; i < m; i++) gy[i] += -k * Z[i]!;
    }
  });
}

/**
 * −mean(y log p + (1−y) log(1−p)) on probabilities p. A term whose weight is exactly 0 is
 * dropped (the 0·log 0 = 0 convention), so p = y = 0 or p = y = 1 gives 0 rather than NaN;
 * otherwise p at 0 or 1 gives Infinity, as the maths does. Use bceWithLogits for training.
 */
export function bce(yHat: Tensor, y: Tensor): Tensor {
  checkPair('bce', 'yHat', yHat, 'y', y);
  const P = yHat.data, Y = y.data, m = P.length;
  let total = 0;
  for (let i = 0; i < m; i++) {
    const p = P[i]!, t = Y[i]!;
    if (t !== 0) total -= t * Math.log(p);
    if (t !== 1) total -= (1 - t) * Math.log(1 - p);
  }
  return fromOp(Float64Array.of(total / m), [], [yHat, y], (g) => {
    const k = g[0]! / m;
    if (yHat.requiresGrad) {
      const gp = yHat.grad!;
      for (let i = 0; i < m; i++) {
        const p = P[i]!, t = Y[i]!;
        let d = 0; // d/dp of the per-example loss
        if (t !== 0) d -= t / p;
        if (t !== 1) d += (1 - t) / (1 - p);
        gp[i] += k * d;
      }
    }
    if (y.requiresGrad) {
      const gy = y.grad!;
      for (let i = 0; i < m; i++) gy[i] += -k * (Math.log(P[i]!) - Math.log(1 - P[i]!));
    }
  });
}
