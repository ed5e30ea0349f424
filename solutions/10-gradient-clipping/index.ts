/** Unit 10 — reference solution: clipping gradients by value and by global norm (PyTorch's rule). */
import type { Matrix } from '@course/types';
import type { TrainingProblem } from '@course/exploding-chain';

export function clipByValue(g: Matrix, limit: number): Matrix {
  if (!(limit >= 0)) throw new Error(`limit must be a number ≥ 0, got ${limit}`);
  return g.map((row) => row.map((x) => Math.min(limit, Math.max(-limit, x))));
}

export function clipByGlobalNorm(grads: Matrix[], maxNorm: number): { clipped: Matrix[]; totalNorm: number } {
  if (!(maxNorm >= 0)) throw new Error(`maxNorm must be a number ≥ 0, got ${maxNorm}`);
  // One norm over every entry of every matrix, as if they were one long vector.
  let squares = 0;
  for (const g of grads) for (const row of g) for (const x of row) squares += x * x;
  const totalNorm = Math.sqrt(squares);
  // torch.nn.utils.clip_grad_norm_: the 1e-6 keeps the division finite when the norm is 0.
  const scale = maxNorm / (totalNorm + 1e-6);
  const factor = scale < 1 ? scale : 1; // never scale up
  return { clipped: grads.map((g) => g.map((row) => row.map((x) => x * factor))), totalNorm };
}

export interface TrainOptions {
  lr: number;
  steps: number;
  clipNorm?: number;
  clipValue?: number;
}

export interface TrainRun {
  params: Matrix[];
  lossHistory: number[];
  gradNormHistory: number[];
  diverged: boolean;
}

export function trainWithClipping(problem: TrainingProblem, options: TrainOptions): TrainRun {
  const { lr, steps, clipNorm, clipValue } = options;
  if (!(lr > 0) || !Number.isFinite(lr)) throw new Error(`lr must be a finite number > 0, got ${lr}`);
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`steps must be a whole number ≥ 0, got ${steps}`);
  if (clipNorm !== undefined && clipValue !== undefined) throw new Error('give clipNorm or clipValue, not both');
  let params = problem.init.map((p) => p.map((row) => [...row]));
  const lossHistory: number[] = [];
  const gradNormHistory: number[] = [];
  for (let step = 0; step < steps; step++) {
    const { loss, grads } = problem.lossAndGradients(params);
    // One call measures and clips (maxNorm Infinity only measures). The norm logged is the one
    // BEFORE clipping: after it, it would always read about clipNorm.
    const { clipped, totalNorm } = clipByGlobalNorm(grads, clipNorm ?? Infinity);
    lossHistory.push(loss);
    gradNormHistory.push(totalNorm);
    if (!Number.isFinite(loss) || !Number.isFinite(totalNorm)) return { params, lossHistory, gradNormHistory, diverged: true };
    // Clip first, then step: the update is what clipping protects.
    const used = clipValue !== undefined ? grads.map((g) => clipByValue(g, clipValue)) : clipped;
    params = params.map((p, i) => p.map((row, r) => row.map((x, c) => x - lr * used[i]![r]![c]!)));
  }
  return { params, lossHistory, gradNormHistory, diverged: false };
}
