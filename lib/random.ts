import type { Rng } from './types';

/**
 * A small, fast, seeded uniform generator (mulberry32). The same seed always gives the
 * same stream, so experiments and figures are reproducible. Returns numbers in [0, 1).
 */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One standard-normal sample from a uniform generator (Box–Muller). */
export function gaussian(rng: Rng, mean = 0, std = 1): number {
  // 1 - u keeps the argument of log in (0, 1], so log never sees 0.
  const u = 1 - rng();
  const v = rng();
  return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A rows × cols matrix of independent samples from `sample`. */
export function randomMatrix(rows: number, cols: number, sample: () => number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, sample));
}
