/**
 * Elementwise binary ops with broadcasting (see broadcast.ts). Each op is one forward loop
 * and one backward loop over the same (i, j) grid; `+=` through stride-0 indices sums the
 * gradient over broadcast axes.
 */
import { broadcastPlan } from './broadcast.js';
import { Tensor, fromOp } from './tensor.js';

export function add(a: Tensor, b: Tensor): Tensor {
  const p = broadcastPlan('add', a.shape, b.shape);
  const { rows, cols, aRow, aCol, bRow, bCol } = p;
  const A = a.data, B = b.data, out = new Float64Array(rows * cols);
  for (let i = 0, o = 0; i < rows; i++) {
    for (let j = 0, ai = i * aRow, bi = i * bRow; j < cols; j++, o++, ai += aCol, bi += bCol) out[o] = A[ai]! + B[bi]!;
  }
  return fromOp(out, p.shape, [a, b], (g) => {
    // d(a+b)/da = d(a+b)/db = 1
    const ga = a.requiresGrad ? a.grad! : null, gb = b.requiresGrad ? b.grad! : null;
    for (let i = 0, o = 0; i < rows; i++) {
      for (let j = 0, ai = i * aRow, bi = i * bRow; j < cols; j++, o++, ai += aCol, bi += bCol) {
        if (ga) ga[ai] += g[o]!;
        if (gb) gb[bi] += g[o]!;
      }
    }
  });
}

export function sub(a: Tensor, b: Tensor): Tensor {
  const p = broadcastPlan('sub', a.shape, b.shape);
  const { rows, cols, aRow, aCol, bRow, bCol } = p;
  const A = a.data, B = b.data, out = new Float64Array(rows * cols);
  for (let i = 0, o = 0; i < rows; i++) {
    for (let j = 0, ai = i * aRow, bi = i * bRow; j < cols; j++, o++, ai += aCol, bi += bCol) out[o] = A[ai]! - B[bi]!;
  }
  return fromOp(out, p.shape, [a, b], (g) => {
    // d(a-b)/da = 1, d(a-b)/db = -1
    const ga = a.requiresGrad ? a.grad! : null, gb = b.requiresGrad ? b.grad! : null;
    for (let i = 0, o = 0; i < rows; i++) {
      for (let j = 0, ai = i * aRow, bi = i * bRow; j < cols; j++, o++, ai += aCol, bi += bCol) {
        if (ga) ga[ai] += g[o]!;
        if (gb) gb[bi] -= g[o]!;
      }
    }
  });
}

export function mul(a: Tensor, b: Tensor): Tensor {
  const p = broadcastPlan('mul', a.shape, b.shape);
  const { rows, cols, aRow, aCol, bRow, bCol } = p;
  const A = a.data, B = b.data, out = new Float64Array(rows * cols);
  for (let i = 0, o = 0; i < rows; i++) {
    for (let j = 0, ai = i * aRow, bi = i * bRow; j < cols; j++, o++, ai += aCol, bi += bCol) out[o] = A[ai]! * B[bi]!;
  }
  return fromOp(out, p.shape, [a, b], (g) => {
    // d(ab)/da = b, d(ab)/db = a  (a and b may be the same tensor: both += land in one buffer, as they should)
    const ga = a.requiresGrad ? a.grad! : null, gb = b.requiresGrad ? b.grad! : null;
    for (let i = 0, o = 0; i < rows; i++) {
      for (let j = 0, ai = i * aRow, bi = i * bRow; j < cols; j++, o++, ai += aCol, bi += bCol) {
        if (ga) ga[ai] += g[o]! * B[bi]!;
        if (gb) gb[bi] += g[o]! * A[ai]!;
      }
    }
  });
}

export function div(a: Tensor, b: Tensor): Tensor {
  const p = broadcastPlan('div', a.shape, b.shape);
  const { rows, cols, aRow, aCol, bRow, bCol } = p;
  const A = a.data, B = b.data, out = new Float64Array(rows * cols);
  for (let i = 0, o = 0; i < rows; i++) {
    for (let j = 0, ai = i * aRow, bi = i * bRow; j < cols; j++, o++, ai += aCol, bi += bCol) out[o] = A[ai]! / B[bi]!;
  }
  return fromOp(out, p.shape, [a, b], (g) => {
    // d(a/b)/da = 1/b, d(a/b)/db = -a/b² = -(a/b)/b
    const ga = a.requiresGrad ? a.grad! : null, gb = b.requiresGrad ? b.grad! : null;
    for (let i = 0, o = 0; i < rows; i++) {
      for (let j = 0, ai = i * aRow, bi = i * bRow; j < cols; j++, o++, ai += aCol, bi += bCol) {
        if (ga) ga[ai] += g[o]! / B[bi]!;
        if (gb) gb[bi] -= (g[o]! * out[o]!) / B[bi]!;
      }
    }
  });
}
