/**
 * Matrix ops. The kernels are plain loops over Float64Array in i-k-j order: the innermost
 * loop walks a row of B and a row of C contiguously, which is what keeps matmul fast in JS.
 */
import { formatShape } from './shape.js';
import { Tensor, fromOp } from './tensor.js';

/** C (m×n) += A (m×k) · B (k×n). */
function matmulInto(A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number): void {
  // Skipping zero rows of work is a large win after ReLU, but 0·Inf must still give NaN.
  const skipZeros = allFinite(B);
  for (let i = 0; i < m; i++) {
    const cRow = i * n;
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p]!;
      if (aip === 0 && skipZeros) continue;
      const bRow = p * n;
      for (let j = 0; j < n; j++) C[cRow + j] += aip * B[bRow + j]!;
    }
  }
}

/** C (k×n) += Aᵀ · G with A m×k and G m×n — the weight gradient, without materializing Aᵀ. */
function matmulTransAInto(A: Float64Array, G: Float64Array, C: Float64Array, m: number, k: number, n: number): void {
  const skipZeros = allFinite(G);
  for (let i = 0; i < m; i++) {
    const gRow = i * n;
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p]!;
      if (aip === 0 && skipZeros) continue;
      const cRow = p * n;
      for (let j = 0; j < n; j++) C[cRow + j] += aip * G[gRow + j]!;
    }
  }
}

function transposeData(A: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(A.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = A[i * cols + j]!;
  return out;
}

function allFinite(A: Float64Array): boolean {
  for (let i = 0; i < A.length; i++) if (!Number.isFinite(A[i]!)) return false;
  return true;
}

/**
 * (m×k)·(k×n) → m×n. As in NumPy, a vector on the left is a row (k)·(k×n) → n, a vector on
 * the right is a column (m×k)·(k) → m, and vector·vector is the dot product (a scalar).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const ra = a.shape.length, rb = b.shape.length;
  if (ra === 0 || rb === 0) {
    throw new Error(`matmul: a is ${formatShape(a.shape)} but b is ${formatShape(b.shape)}; matmul needs vectors or matrices (use mul or scale for scalars)`);
  }
  const m = ra === 2 ? a.shape[0]! : 1, k = a.shape[ra - 1]!;
  const kb = b.shape[0]!, n = rb === 2 ? b.shape[1]! : 1;
  if (k !== kb) {
    throw new Error(`matmul: a is ${formatShape(a.shape)} but b is ${formatShape(b.shape)} (inner dimensions ${k} and ${kb} differ)`);
  }
  const shape = [...(ra === 2 ? [m] : []), ...(rb === 2 ? [n] : [])];
  const out = new Float64Array(m * n);
  matmulInto(a.data, b.data, out, m, k, n);
  return fromOp(out, shape, [a, b], (g) => {
    // dA = G·Bᵀ: transpose B once (k·n work) so the m·n·k part runs in the fast i-k-j kernel.
    if (a.requiresGrad) matmulInto(g, transposeData(b.data, k, n), a.grad!, m, n, k);
    // dB = Aᵀ·G
    if (b.requiresGrad) matmulTransAInto(a.data, g, b.grad!, m, k, n);
  });
}

/** Swaps the two axes of a matrix; like NumPy, a vector or scalar is returned unchanged (as a new tensor). */
export function transpose(a: Tensor): Tensor {
  if (a.shape.length < 2) {
    return fromOp(Float64Array.from(a.data), a.shape, [a], (g) => {
      const ga = a.grad!;
      for (let i = 0; i < g.length; i++) ga[i] += g[i]!;
    });
  }
  const [m, n] = a.shape as [number, number];
  return fromOp(transposeData(a.data, m, n), [n, m], [a], (g) => {
    const ga = a.grad!;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ga[i * n + j] += g[j * m + i]!;
  });
}

/** ‖a‖_F = √(Σ a²), a scalar. Its gradient a/‖a‖ is taken as 0 at a = 0 (a subgradient) instead of NaN. */
export function frobeniusNorm(a: Tensor): Tensor {
  const A = a.data;
  let s = 0;
  for (let i = 0; i < A.length; i++) s += A[i]! * A[i]!;
  const norm = Math.sqrt(s);
  return fromOp(Float64Array.of(norm), [], [a], (g) => {
    if (norm === 0) return;
    const ga = a.grad!, k = g[0]! / norm;
    for (let i = 0; i < A.length; i++) ga[i] += k * A[i]!;
  });
}
