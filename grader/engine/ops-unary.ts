/** Elementwise unary maths: one forward loop, one backward loop with the local derivative. */
import { Tensor, fromOp } from './tensor.js';

export function neg(a: Tensor): Tensor {
  return scale(a, -1);
}

/** k·a for a plain number k (no gradient flows to k). */
export function scale(a: Tensor, k: number): Tensor {
  const A = a.data, out = new Float64Array(A.length);
  for (let i = 0; i < A.length; i++) out[i] = k * A[i]!;
  return fromOp(out, a.shape, [a], (g) => {
    const ga = a.grad!;
    for (let i = 0; i < g.length; i++) ga[i] += k * g[i]!;
  });
}

export function exp(a: Tensor): Tensor {
  const A = a.data, out = new Float64Array(A.length);
  for (let i = 0; i < A.length; i++) out[i] = Math.exp(A[i]!);
  return fromOp(out, a.shape, [a], (g) => {
    const ga = a.grad!;
    for (let i = 0; i < g.length; i++) ga[i] += g[i]! * out[i]!; // (eˣ)' = eˣ, already computed
  });
}

/** Natural log; log of a negative number is NaN and log(0) is -Infinity, as in Math.log. */
export function log(a: Tensor): Tensor {
  const A = a.data, out = new Float64Array(A.length);
  for (let i = 0; i < A.length; i++) out[i] = Math.log(A[i]!);
  return fromOp(out, a.shape, [a], (g) => {
    const ga = a.grad!;
    for (let i = 0; i < g.length; i++) ga[i] += g[i]! / A[i]!;
  });
}

export function square(a: Tensor): Tensor {
  const A = a.data, out = new Float64Array(A.length);
  for (let i = 0; i < A.length; i++) out[i] = A[i]! * A[i]!;
  return fromOp(out, a.shape, [a], (g) => {
    const ga = a.grad!;
    for (let i = 0; i < g.length; i++) ga[i] += 2 * A[i]! * g[i]!;
  });
}

export function sqrt(a: Tensor): Tensor {
  const A = a.data, out = new Float64Array(A.length);
  for (let i = 0; i < A.length; i++) out[i] = Math.sqrt(A[i]!);
  return fromOp(out, a.shape, [a], (g) => {
    const ga = a.grad!;
    for (let i = 0; i < g.length; i++) ga[i] += (0.5 * g[i]!) / out[i]!; // (√x)' = 1/(2√x)
  });
}
