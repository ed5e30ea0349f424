/** Unit 09 — reference solution: ReLU, leaky ReLU, ELU, PReLU and dead units. */
import type { Matrix, Vector } from '@course/types';

// At the kink z = 0 every derivative takes its left-hand value (the z ≤ 0 branch), as the course fixes it.

export function relu(z: number): number {
  return z <= 0 ? 0 : z; // this way round a NaN input gives NaN, not a silent 0
}

export function reluPrime(z: number): number {
  return z > 0 ? 1 : 0;
}

export function leakyRelu(z: number, alpha = 0.01): number {
  return z > 0 ? z : alpha * z;
}

export function leakyReluPrime(z: number, alpha = 0.01): number {
  return z > 0 ? 1 : alpha;
}

export function elu(z: number, alpha = 1): number {
  // expm1(z) = e^z − 1 without the cancellation of subtracting 1 from e^z ≈ 1 near z = 0.
  return z > 0 ? z : alpha * Math.expm1(z);
}

export function eluPrime(z: number, alpha = 1): number {
  return z > 0 ? 1 : alpha * Math.exp(z); // = elu(z) + alpha on the negative side
}

export function prelu(z: number, alpha: number): number {
  return z > 0 ? z : alpha * z;
}

export function preluBackward(z: Vector, alpha: number, dout: Vector): { dz: Vector; dAlpha: number } {
  if (z.length !== dout.length) throw new Error(`z has ${z.length} elements but dout has ${dout.length}`);
  const dz = z.map((zi, i) => (zi > 0 ? dout[i]! : alpha * dout[i]!));
  // α is shared by every element, so its gradient sums the contributions of those on the z ≤ 0 side.
  const dAlpha = z.reduce((s, zi, i) => (zi > 0 ? s : s + dout[i]! * zi), 0);
  return { dz, dAlpha };
}

export function deadFraction(Z: Matrix): number {
  if (Z.length === 0 || Z[0]!.length === 0) throw new Error(`Z is ${Z.length}x${Z[0]?.length ?? 0}: no units to count`);
  const units = Z[0]!.length;
  Z.forEach((row, i) => {
    if (row.length !== units) throw new Error(`Z is ragged: row 0 has ${units} columns but row ${i} has ${row.length}`);
  });
  let dead = 0;
  for (let j = 0; j < units; j++) if (Z.every((row) => row[j]! <= 0)) dead++;
  return dead / units;
}
