/** Unit 03 — reference solution: numerical gradients and the gradient check. */
import type { Vector } from '@course/types';

export function numericalGradient(f: (x: Vector) => number, x: Vector, h = 1e-5): Vector {
  // Probe a copy, so the caller's x is never touched, and restore each coordinate after use.
  const probe = [...x];
  return x.map((xi, i) => {
    probe[i] = xi + h;
    const plus = f(probe);
    probe[i] = xi - h;
    const minus = f(probe);
    probe[i] = xi;
    // Centred difference: the h² terms of the two Taylor expansions cancel, error O(h²).
    return (plus - minus) / (2 * h);
  });
}

function norm(values: number[]): number {
  return Math.sqrt(values.reduce((s, v) => s + v * v, 0));
}

export function relativeError(a: number | Vector, b: number | Vector): number {
  const va = typeof a === 'number' ? [a] : a;
  const vb = typeof b === 'number' ? [b] : b;
  if (va.length !== vb.length) {
    throw new Error(`relativeError: a has length ${va.length} but b has length ${vb.length}`);
  }
  const denominator = norm(va) + norm(vb);
  // Two zero vectors agree perfectly; 0/0 would be NaN.
  if (denominator === 0) return 0;
  return norm(va.map((v, i) => v - vb[i]!)) / denominator;
}

export function gradientCheck(
  f: (x: Vector) => number,
  analyticGrad: (x: Vector) => Vector,
  x: Vector,
): { error: number; ok: boolean } {
  const analytic = analyticGrad([...x]);
  const numeric = numericalGradient(f, x);
  const error = relativeError(analytic, numeric);
  return { error, ok: error < 1e-7 };
}
