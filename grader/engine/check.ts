/** The engine's own oracle: centred finite differences and the course's relative error. */

/**
 * ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for every i. Error O(h²), so h = 1e-5 gives
 * ~1e-10 relative accuracy on smooth functions. Works on a copy: `x` is never touched.
 */
export function numericalGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-5): Float64Array {
  const probe = Float64Array.from(x);
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const xi = probe[i]!;
    probe[i] = xi + h;
    const plus = f(probe);
    probe[i] = xi - h;
    const minus = f(probe);
    probe[i] = xi;
    grad[i] = (plus - minus) / (2 * h);
  }
  return grad;
}

/** ‖a − b‖ / (‖a‖ + ‖b‖), 0 when both are zero. Lengths must agree. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`relativeError: a has ${a.length} elements but b has ${b.length}`);
  let diff = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    diff += (x - y) * (x - y);
    na += x * x;
    nb += y * y;
  }
  const denominator = Math.sqrt(na) + Math.sqrt(nb);
  return denominator === 0 ? 0 : Math.sqrt(diff) / denominator;
}
