/**
 * Activations. At a kink (z = 0) every derivative takes its left-hand value, as the course
 * fixes it: relu' = 0, leakyRelu' = slope, elu' = alpha, prelu' = alpha.
 */
import { formatShape } from './shape.js';
import { Tensor, fromOp } from './tensor.js';

/** Never evaluates exp of a large positive number, so ±1000 give exactly 1/0 (and σ' = 0), never NaN. */
export function sigmoid(a: Tensor): Tensor {
  // Keep σ(z) and 1 − σ(z) = σ(−z) separately: computing 1 − σ(z) by subtraction loses every
  // digit once σ(z) rounds to 1, and the backward pass needs σ' accurate far into saturation.
  const A = a.data, out = new Float64Array(A.length), complement = new Float64Array(A.length);
  for (let i = 0; i < A.length; i++) {
    const z = A[i]!;
    // exp of a non-positive argument never overflows
    const e = Math.exp(-Math.abs(z));
    const onePlus = 1 + e;
    out[i] = z >= 0 ? 1 / onePlus : e / onePlus;
    complement[i] = z >= 0 ? e / onePlus : 1 / onePlus;
  }
  return fromOp(out, a.shape, [a], (g) => {
    const ga = a.grad!;
    for (let i = 0; i < g.length; i++) ga[i] += g[i]! * out[i]! * complement[i]!; // σ' = σ(1−σ)
  });
}

export function tanh(a: Tensor): Tensor {
  const A = a.data, out = new Float64Array(A.length);
  for (let i = 0; i < A.length; i++) out[i] = Math.tanh(A[i]!);
  return fromOp(out, a.shape, [a], (g) => {
    const ga = a.grad!;
    for (let i = 0; i < g.length; i++) ga[i] += g[i]! * (1 - out[i]! * out[i]!); // tanh' = 1 − tanh²
  });
}

export function relu(a: Tensor): Tensor {
  const A = a.data, out = new Float64Array(A.length);
  for (let i = 0; i < A.length; i++) out[i] = A[i]! <= 0 ? 0 : A[i]!; // written this way round so NaN propagates
  return fromOp(out, a.shape, [a], (g) => {
    const ga = a.grad!;
    for (let i = 0; i < g.length; i++) if (A[i]! > 0) ga[i] += g[i]!;
  });
}

export function leakyRelu(a: Tensor, slope = 0.01): Tensor {
  const A = a.data, out = new Float64Array(A.length);
  for (let i = 0; i < A.length; i++) out[i] = A[i]! > 0 ? A[i]! : slope * A[i]!;
  return fromOp(out, a.shape, [a], (g) => {
    const ga = a.grad!;
    for (let i = 0; i < g.length; i++) ga[i] += A[i]! > 0 ? g[i]! : slope * g[i]!;
  });
}

export function elu(a: Tensor, alpha = 1): Tensor {
  const A = a.data, out = new Float64Array(A.length);
  // expm1 keeps α(eᶻ−1) accurate for small |z|.
  for (let i = 0; i < A.length; i++) out[i] = A[i]! > 0 ? A[i]! : alpha * Math.expm1(A[i]!);
  return fromOp(out, a.shape, [a], (g) => {
    const ga = a.grad!;
    for (let i = 0; i < g.length; i++) ga[i] += A[i]! > 0 ? g[i]! : g[i]! * alpha * Math.exp(A[i]!);
  });
}

/** Leaky ReLU whose slope `alpha` (a one-element tensor) is learned: d/dα = Σ z over z ≤ 0. */
export function prelu(a: Tensor, alpha: Tensor): Tensor {
  if (alpha.size !== 1) {
    throw new Error(`prelu: alpha must have one element, got ${formatShape(alpha.shape)} (input is ${formatShape(a.shape)})`);
  }
  const A = a.data, k = alpha.data[0]!, out = new Float64Array(A.length);
  for (let i = 0; i < A.length; i++) out[i] = A[i]! > 0 ? A[i]! : k * A[i]!;
  return fromOp(out, a.shape, [a, alpha], (g) => {
    if (a.requiresGrad) {
      const ga = a.grad!;
      for (let i = 0; i < g.length; i++) ga[i] += A[i]! > 0 ? g[i]! : k * g[i]!;
    }
    if (alpha.requiresGrad) {
      let s = 0;
      for (let i = 0; i < g.length; i++) if (!(A[i]! > 0)) s += g[i]! * A[i]!;
      alpha.grad![0] += s;
    }
  });
}
