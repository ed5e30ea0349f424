/**
 * NumPy broadcasting for rank ≤ 2. Both shapes are right-aligned and padded to 2-D
 * ([] → 1x1, [n] → 1xn); each axis must match or be 1 on one side. The result is a plan
 * of strides: an input that is broadcast along an axis gets stride 0 there, so
 *   output (i, j)  reads  a[i*aRow + j*aCol]  and  b[i*bRow + j*bCol].
 * Backward uses the very same indices to `+=` into the input's gradient, which sums
 * over the broadcast axes for free (many outputs map onto one input element).
 */
import { type Shape, formatShape, sameShape } from './shape.js';

export interface BroadcastPlan {
  shape: Shape;
  rows: number;
  cols: number;
  aRow: number;
  aCol: number;
  bRow: number;
  bCol: number;
}

function as2d(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [1, shape[0]!];
  return [shape[0]!, shape[1]!];
}

export function broadcastPlan(op: string, a: readonly number[], b: readonly number[]): BroadcastPlan {
  if (sameShape(a, b)) {
    // Fast path: identical shapes walk both buffers as one flat run.
    let size = 1;
    for (const d of a) size *= d;
    return { shape: [...a], rows: 1, cols: size, aRow: 0, aCol: 1, bRow: 0, bCol: 1 };
  }
  const [ar, ac] = as2d(a);
  const [br, bc] = as2d(b);
  const rows = ar === br || br === 1 ? ar : ar === 1 ? br : -1;
  const cols = ac === bc || bc === 1 ? ac : ac === 1 ? bc : -1;
  if (rows < 0 || cols < 0) {
    throw new Error(`${op}: cannot broadcast ${formatShape(a)} with ${formatShape(b)}`);
  }
  const rank = Math.max(a.length, b.length);
  const shape = rank === 2 ? [rows, cols] : rank === 1 ? [cols] : [];
  return {
    shape,
    rows,
    cols,
    aRow: ar === 1 ? 0 : ac,
    aCol: ac === 1 ? 0 : 1,
    bRow: br === 1 ? 0 : bc,
    bCol: bc === 1 ? 0 : 1,
  };
}
