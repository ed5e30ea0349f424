/** Seeded randomness, so every engine test and every oracle value is reproducible. */
import { type Shape, checkShape, sizeOf } from './shape.js';
import { Tensor } from './tensor.js';

/**
 * mulberry32 (a tiny 32-bit generator, uniform in [0, 1)) and Box–Muller normals: the very
 * generator the course ships to learners, so engine oracles and learner experiments agree.
 */
export { seededRng as mulberry32 } from '../../lib/random.js';
import { gaussian } from '../../lib/random.js';

/** One standard-normal sample (Box–Muller). */
export function randn(rng: () => number): number {
  return gaussian(rng);
}

/** A tensor of independent N(0, scale²) samples (scale defaults to 1). */
export function randomTensor(shape: Shape, rng: () => number, opts: { requiresGrad?: boolean; scale?: number } = {}): Tensor {
  checkShape('randomTensor', shape);
  const k = opts.scale ?? 1;
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = k * randn(rng);
  return new Tensor(data, shape, opts.requiresGrad ?? false);
}
