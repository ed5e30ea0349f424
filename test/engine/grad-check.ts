/**
 * Test helper: compares an op's autodiff gradients with centred finite differences.
 * The output is contracted with a random seed tensor R (L = Σ out ⊙ R), so every output
 * element's gradient path is exercised, not just an all-ones sum.
 */
import { Tensor, mulberry32, numericalGradient, randomTensor, relativeError } from '../../grader/engine/index.js';

export function gradientErrors(build: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], seed = 7): number[] {
  const before = inputs.map((t) => Float64Array.from(t.data));
  const params = inputs.map((t) => new Tensor(Float64Array.from(t.data), t.shape, true));
  const out = build(...params);
  const R = randomTensor(out.shape, mulberry32(seed));
  out.backward(R);
  const errors = params.map((p, k) => {
    const loss = (xk: Float64Array) => {
      const args = params.map((q, i) => new Tensor(i === k ? Float64Array.from(xk) : Float64Array.from(q.data), q.shape));
      const y = build(...args).data;
      let s = 0;
      for (let i = 0; i < y.length; i++) s += y[i]! * R.data[i]!;
      return s;
    };
    return relativeError(p.grad!, numericalGradient(loss, p.data));
  });
  // Inputs are never mutated, neither by the forward pass nor by backward.
  params.forEach((p, k) => {
    if (!p.data.every((x, i) => Object.is(x, before[k]![i]))) throw new Error(`input ${k} was mutated`);
  });
  return errors;
}

/** N(0,1) samples pushed at least `gap` away from 0, so kinked ops (relu, …) are differentiable there. */
export function awayFromZero(shape: number[], rng: () => number, gap = 0.05): Tensor {
  const t = randomTensor(shape, rng);
  const d = Float64Array.from(t.data, (x) => (Math.abs(x) < gap ? (x < 0 ? -gap : gap) : x));
  return new Tensor(d, shape);
}

/** Values in [lo, hi). */
export function uniformTensor(shape: number[], rng: () => number, lo: number, hi: number): Tensor {
  const t = Tensor.zeros(shape);
  const d = Float64Array.from(t.data, () => lo + (hi - lo) * rng());
  return new Tensor(d, shape);
}
