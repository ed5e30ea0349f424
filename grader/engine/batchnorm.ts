/**
 * Training-mode batch normalization as one fused op with the closed-form backward.
 * For each column (feature) j of the m×n input, over the m rows (examples):
 *   μ = mean(x),  σ² = mean((x−μ)²)  (biased, as in the normalization of every framework),
 *   x̂ = (x−μ)/√(σ²+ε),  out = γ·x̂ + β.
 * Backward (g = d loss/d out):
 *   dβ = Σᵢ g,  dγ = Σᵢ g·x̂,  dx = γ/(m·√(σ²+ε)) · (m·g − dβ − x̂·dγ).
 * The tests check it against finite differences and against the same formula composed from primitive ops.
 */
import { formatShape } from './shape.js';
import { Tensor, fromOp } from './tensor.js';

export function batchNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  if (x.shape.length !== 2) throw new Error(`batchNorm: x must be a matrix (examples × features), got ${formatShape(x.shape)}`);
  const [m, n] = x.shape as [number, number];
  for (const [name, t] of [['gamma', gamma], ['beta', beta]] as const) {
    const ok = t.size === n && (t.shape.length === 1 || (t.shape.length === 2 && t.shape[0] === 1));
    if (!ok) throw new Error(`batchNorm: x is ${formatShape(x.shape)} but ${name} is ${formatShape(t.shape)} (expected ${n} or 1x${n})`);
  }
  const X = x.data, G = gamma.data, B = beta.data;
  const mu = new Float64Array(n), invStd = new Float64Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) mu[j] += X[i * n + j]!;
  for (let j = 0; j < n; j++) mu[j] /= m;
  // Two passes (mean, then squared deviations) avoid the cancellation of E[x²]−E[x]².
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const d = X[i * n + j]! - mu[j]!;
      invStd[j] += d * d;
    }
  }
  for (let j = 0; j < n; j++) invStd[j] = 1 / Math.sqrt(invStd[j]! / m + eps);
  const xHat = new Float64Array(m * n), out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const h = (X[i * n + j]! - mu[j]!) * invStd[j]!;
      xHat[i * n + j] = h;
      out[i * n + j] = G[j]! * h + B[j]!;
    }
  }
  return fromOp(out, [m, n], [x, gamma, beta], (g) => {
    const dBeta = new Float64Array(n), dGamma = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        dBeta[j] += g[i * n + j]!;
        dGamma[j] += g[i * n + j]! * xHat[i * n + j]!;
      }
    }
    if (beta.requiresGrad) for (let j = 0; j < n; j++) beta.grad![j] += dBeta[j]!;
    if (gamma.requiresGrad) for (let j = 0; j < n; j++) gamma.grad![j] += dGamma[j]!;
    if (x.requiresGrad) {
      const gx = x.grad!;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const k = (G[j]! * invStd[j]!) / m;
          gx[i * n + j] += k * (m * g[i * n + j]! - dBeta[j]! - xHat[i * n + j]! * dGamma[j]!);
        }
      }
    }
  });
}
