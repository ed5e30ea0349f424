/**
 * Reductions. With no axis the result is a scalar. For an m×n matrix, axis 0 sums down the
 * rows (over examples) giving a length-n vector, axis 1 sums along each row giving length m.
 * A vector has only axis 0 (→ scalar).
 */
import { type Shape, formatShape } from './shape.js';
import { Tensor, fromOp } from './tensor.js';
import { scale } from './ops-unary.js';

/** The input viewed as rows×cols with the reduced axis named, plus the result's shape. */
function reduceLayout(op: string, shape: readonly number[], axis: 0 | 1 | undefined) {
  if (axis === undefined) return { rows: 1, cols: shape.length === 0 ? 1 : shape.reduce((x, y) => x * y, 1), over: 1 as const, out: [] as Shape };
  if (axis !== 0 && axis !== 1) throw new Error(`${op}: axis must be 0, 1 or omitted, got ${String(axis)}`);
  if (shape.length === 2) {
    const [m, n] = shape as [number, number];
    return { rows: m, cols: n, over: axis, out: [axis === 0 ? n : m] as Shape };
  }
  if (shape.length === 1 && axis === 0) return { rows: 1, cols: shape[0]!, over: 1 as const, out: [] as Shape };
  throw new Error(`${op}: axis ${axis} does not exist on a tensor of shape ${formatShape(shape)}`);
}

export function sum(a: Tensor, axis?: 0 | 1): Tensor {
  const { rows, cols, over, out: shape } = reduceLayout('sum', a.shape, axis);
  const A = a.data;
  const out = new Float64Array(over === 0 ? cols : rows);
  if (over === 0) {
    // Row by row, adding each row into the column totals: contiguous reads.
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j] += A[i * cols + j]!;
  } else {
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += A[i * cols + j]!;
      out[i] = s;
    }
  }
  return fromOp(out, shape, [a], (g) => {
    // Each input element contributed once to one output: its gradient is that output's gradient.
    const ga = a.grad!;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) ga[i * cols + j] += g[over === 0 ? j : i]!;
    }
  });
}

/** sum / count (an empty reduction gives NaN, as 0/0). */
export function mean(a: Tensor, axis?: 0 | 1): Tensor {
  const { rows, cols, over } = reduceLayout('mean', a.shape, axis);
  return scale(sum(a, axis), 1 / (over === 0 ? rows : cols));
}
