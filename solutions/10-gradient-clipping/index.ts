/** Unit 10 — reference solution: clipping gradients by value and by global norm (PyTorch's rule). */
import type { Matrix } from '@course/types';

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
