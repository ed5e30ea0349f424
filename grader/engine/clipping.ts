/**
 * Oracle for unit 10's training loop: small problems whose gradients explode, with every gradient
 * from the engine's autodiff, PyTorch's two clipping rules, and plain gradient descent that clips
 * inside the loop (before the update). The hidden suite compares a learner's trainWithClipping with
 * `trainClipped` run on the same problem; nothing here comes from solutions/.
 */
import { matmul } from './ops-linalg.js';
import { mul, sub } from './ops-binary.js';
import { scale, square } from './ops-unary.js';
import { sum } from './ops-reduce.js';
import { randn } from './random.js';
import { mulberry32 } from './random.js';
import { Tensor } from './tensor.js';

type Matrix = number[][];

/** What unit 10's loop trains: starting parameters and the loss with its gradient at any parameters. */
export interface ClipProblem {
  init: Matrix[];
  lossAndGradients(params: Matrix[]): { loss: number; grads: Matrix[] };
}

export interface ClipRunOptions {
  lr: number;
  steps: number;
  clipNorm?: number;
  clipValue?: number;
}

export interface ClipRun {
  params: Matrix[];
  lossHistory: number[];
  gradNormHistory: number[];
  diverged: boolean;
}

/** Loss and gradients of `build(params)` by reverse-mode autodiff, one gradient matrix per parameter. */
function autodiff(params: Matrix[], build: (leaves: Tensor[]) => Tensor): { loss: number; grads: Matrix[] } {
  const leaves = params.map((p) => Tensor.param(p));
  const loss = build(leaves);
  loss.backward();
  return { loss: loss.item(), grads: leaves.map((leaf) => leaf.gradArray() as Matrix) };
}

/** The lesson's chain: ŷ = w₁·w₂·…·w_L·x with x = 1, loss ½(ŷ − 1)², each weight its own 1×1 matrix. */
export function chainClipProblem(weights: number[]): ClipProblem {
  return {
    init: weights.map((w) => [[w]]),
    lossAndGradients: (params) =>
      autodiff(params, (leaves) => {
        const y = leaves.reduce((acc, w) => mul(acc, w), Tensor.from([[1]]));
        return scale(square(sub(y, Tensor.from([[1]]))), 0.5);
      }),
  };
}

/** The lesson's weights: L of them, 1.2·(1 + 0.05·N(0, 1)) from the seeded generator. */
export function chainWeights(depth: number, seed: number): number[] {
  const rng = mulberry32(seed);
  return Array.from({ length: depth }, () => 1.2 * (1 + 0.05 * randn(rng)));
}

/**
 * A deep linear net with matrices of several shapes: ŷ = X·W₁·W₂·…·W_L, loss ½·mean over rows of
 * ‖ŷ − Y‖², X and Y fixed by the seed, every W ≈ `gain`·N(0, 1/fanIn) so the product grows with depth.
 */
export function linearNetClipProblem(widths: number[], seed: number, gain: number, rows = 4): ClipProblem {
  const rng = mulberry32(seed);
  const matrix = (r: number, c: number, std: number) => Array.from({ length: r }, () => Array.from({ length: c }, () => std * randn(rng)));
  const X = matrix(rows, widths[0]!, 1);
  const Y = matrix(rows, widths.at(-1)!, 1);
  const init = widths.slice(1).map((out, l) => matrix(widths[l]!, out, gain / Math.sqrt(widths[l]!)));
  return {
    init,
    lossAndGradients: (params) =>
      autodiff(params, (leaves) => {
        const y = leaves.reduce((acc, W) => matmul(acc, W), Tensor.from(X));
        return scale(sum(square(sub(y, Tensor.from(Y)))), 0.5 / rows);
      }),
  };
}

/** The global norm of a list of matrices, as one long vector. */
export function globalNorm(grads: Matrix[]): number {
  let squares = 0;
  for (const g of grads) for (const row of g) for (const x of row) squares += x * x;
  return Math.sqrt(squares);
}

/** torch.nn.utils.clip_grad_norm_: one factor maxNorm/(norm + 1e-6) for all, applied only when below 1. */
export function clipGlobalNormReference(grads: Matrix[], maxNorm: number): Matrix[] {
  const factor = Math.min(1, maxNorm / (globalNorm(grads) + 1e-6));
  return grads.map((g) => g.map((row) => row.map((x) => x * factor)));
}

/** torch.nn.utils.clip_grad_value_: every entry clamped to [−limit, limit]. */
export function clipValueReference(grads: Matrix[], limit: number): Matrix[] {
  return grads.map((g) => g.map((row) => row.map((x) => Math.min(limit, Math.max(-limit, x)))));
}

/**
 * Gradient descent with clipping before each update: every step records the loss and the pre-clip
 * global norm, stops (diverged) at the first non-finite one, clips, then updates. `clip` replaces
 * the clipping rule (the hidden suite passes wrong ones to predict a slip's whole run).
 */
export function trainClipped(problem: ClipProblem, options: ClipRunOptions, clip?: (grads: Matrix[]) => Matrix[]): ClipRun {
  const { lr, steps, clipNorm, clipValue } = options;
  const rule =
    clip ??
    (clipNorm !== undefined ? (g: Matrix[]) => clipGlobalNormReference(g, clipNorm) : clipValue !== undefined ? (g: Matrix[]) => clipValueReference(g, clipValue) : (g: Matrix[]) => g);
  let params = problem.init.map((p) => p.map((row) => [...row]));
  const lossHistory: number[] = [];
  const gradNormHistory: number[] = [];
  for (let step = 0; step < steps; step++) {
    const { loss, grads } = problem.lossAndGradients(params);
    const norm = globalNorm(grads);
    lossHistory.push(loss);
    gradNormHistory.push(norm);
    if (!Number.isFinite(loss) || !Number.isFinite(norm)) return { params, lossHistory, gradNormHistory, diverged: true };
    const used = rule(grads);
    params = params.map((p, i) => p.map((row, r) => row.map((x, c) => x - lr * used[i]![r]![c]!)));
  }
  return { params, lossHistory, gradNormHistory, diverged: false };
}
