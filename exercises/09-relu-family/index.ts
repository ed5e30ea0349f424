/**
 * Unit 09 — ReLU, dying ReLU and its fixes.
 * Lesson: lessons/09-relu-family.md
 *
 * Replace each `throw` with your code. `npm test -- 09` checks this file.
 * At the kink z = 0 every derivative takes its LEFT-hand value: reluPrime(0) = 0,
 * leakyReluPrime(0) = alpha, eluPrime(0) = alpha.
 */
import type { Matrix, Vector } from '@course/types';

/** ReLU: max(0, z). */
export function relu(z: number): number {
  throw new Error('TODO: write relu(z) — see lessons/09-relu-family.md#relu');
}

/** d/dz relu(z): 1 for z > 0, 0 for z ≤ 0 (0 at z = 0). */
export function reluPrime(z: number): number {
  throw new Error('TODO: write reluPrime(z) — see lessons/09-relu-family.md#relu');
}

/** Leaky ReLU: z for z > 0, alpha·z otherwise. */
export function leakyRelu(z: number, alpha = 0.01): number {
  throw new Error('TODO: write leakyRelu(z, alpha) — see lessons/09-relu-family.md#leaky-relu');
}

/** d/dz leakyRelu(z, alpha): 1 for z > 0, alpha for z ≤ 0. */
export function leakyReluPrime(z: number, alpha = 0.01): number {
  throw new Error('TODO: write leakyReluPrime(z, alpha) — see lessons/09-relu-family.md#leaky-relu');
}

/** ELU: z for z > 0, alpha·(e^z − 1) otherwise. elu(−1) = −0.6321206. */
export function elu(z: number, alpha = 1): number {
  throw new Error('TODO: write elu(z, alpha) — see lessons/09-relu-family.md#elu');
}

/** d/dz elu(z, alpha): 1 for z > 0, alpha·e^z (= elu(z) + alpha) for z ≤ 0. */
export function eluPrime(z: number, alpha = 1): number {
  throw new Error('TODO: write eluPrime(z, alpha) — see lessons/09-relu-family.md#elu');
}

/** PReLU: leaky ReLU whose slope alpha is a learned parameter (no default). */
export function prelu(z: number, alpha: number): number {
  throw new Error('TODO: write prelu(z, alpha) — see lessons/09-relu-family.md#prelu-a-learned-slope');
}

/**
 * Backward pass of PReLU over a vector of pre-activations z sharing one alpha, given
 * dout = d loss / d prelu(z). Returns dz (one entry per element) and dAlpha, a single number:
 * the sum over the elements with z ≤ 0 of dout·z.
 * Throws when z and dout have different lengths (name both).
 */
export function preluBackward(z: Vector, alpha: number, dout: Vector): { dz: Vector; dAlpha: number } {
  throw new Error('TODO: write preluBackward(z, alpha, dout) — see lessons/09-relu-family.md#prelu-a-learned-slope');
}

/**
 * The fraction of units (columns of Z, an m × n matrix of pre-activations, rows are examples)
 * that are ≤ 0 for EVERY example: ReLU units that pass no gradient on this batch.
 */
export function deadFraction(Z: Matrix): number {
  throw new Error('TODO: write deadFraction(Z) — see lessons/09-relu-family.md#dead-units');
}
