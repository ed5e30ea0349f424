/** Seeded randomness, so every engine test and every oracle value is reproducible. */
import { type Shape, checkShape, sizeOf } from './shape.js';
import { Tensor } from './tensor.js';

/** mulberry32: a tiny 32-bit generator; uniform in [0, 1), same stream for the same seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One standard-normal sample (Box–Muller). 1 − u lies in (0, 1], so log never sees 0. */
export function randn(rng: () => number): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A tensor of independent N(0, scale²) samples (scale defaults to 1). */
export function randomTensor(shape: Shape, rng: () => number, opts: { requiresGrad?: boolean; scale?: number } = {}): Tensor {
  checkShape('randomTensor', shape);
  const k = opts.scale ?? 1;
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = k * randn(rng);
  return new Tensor(data, shape, opts.requiresGrad ?? false);
}
