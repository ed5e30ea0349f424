/** Unit 09 — reference solution: ReLU, leaky ReLU, ELU, PReLU and dead units. */
import { gaussian } from '@course/random';
import type { Matrix, Vector } from '@course/types';
import { backward, bceLoss, forward, type Params } from '../04-backprop-mlp/index';

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

export interface DeadUnitsConfig {
  activation: 'relu' | 'leakyRelu';
  width: number;
  biasShift: number;
  lr: number;
  steps: number;
}

export interface DeadUnitsHistory {
  deadFraction: number[];
  loss: number[];
  hiddenGradNorm: number[];
}

const frobeniusSquared = (values: number[]) => values.reduce((s, v) => s + v * v, 0);

export function trainAndWatchDeadUnits(config: DeadUnitsConfig, data: { X: Matrix; Y: Vector }, rng: () => number): DeadUnitsHistory {
  const { activation, width, biasShift, lr, steps } = config;
  if (activation !== 'relu' && activation !== 'leakyRelu') throw new Error(`unknown activation '${String(activation)}': use relu or leakyRelu`);
  if (!Number.isInteger(width) || width < 1) throw new Error(`width must be a positive whole number, got ${width}`);
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`steps must be a whole number ≥ 0, got ${steps}`);
  const { X, Y } = data;
  if (X.length !== Y.length) throw new Error(`X has ${X.length} rows but Y has ${Y.length} entries`);
  const nIn = X[0]?.length ?? 0;
  const params: Params = {
    W1: Array.from({ length: nIn }, () => Array.from({ length: width }, () => gaussian(rng, 0, Math.sqrt(2 / nIn)))),
    b1: Array<number>(width).fill(biasShift),
    W2: Array.from({ length: width }, () => [gaussian(rng, 0, Math.sqrt(1 / width))]),
    b2: [0],
  };
  const history: DeadUnitsHistory = { deadFraction: [], loss: [], hiddenGradNorm: [] };
  for (let step = 0; step < steps; step++) {
    const { yHat, cache } = forward(params, X, activation);
    // Measured before the update, on the whole batch: a unit dead here gets no gradient in this step.
    history.deadFraction.push(deadFraction(cache.Z1));
    history.loss.push(bceLoss(yHat, Y));
    const g = backward(params, cache, Y, activation);
    history.hiddenGradNorm.push(Math.sqrt(frobeniusSquared(g.dW1.flat()) + frobeniusSquared(g.db1)));
    params.W1 = params.W1.map((row, k) => row.map((w, j) => w - lr * g.dW1[k]![j]!));
    params.b1 = params.b1.map((b, j) => b - lr * g.db1[j]!);
    params.W2 = params.W2.map((row, j) => row.map((w, o) => w - lr * g.dW2[j]![o]!));
    params.b2 = params.b2.map((b, o) => b - lr * g.db2[o]!);
  }
  return history;
}
