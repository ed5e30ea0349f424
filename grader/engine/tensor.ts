/**
 * The Tensor and its reverse-mode autodiff.
 *
 * Every op returns a new Tensor that remembers its inputs (`parents`) and one closure
 * (`backwardFn`) that turns the output's gradient into contributions to the inputs' gradients.
 * `backward()` sorts the graph topologically and runs those closures from the output down:
 * the "tape" is simply that order, rebuilt on each call.
 */
import { type Shape, checkShape, formatShape, sameShape, sizeOf } from './shape.js';

export type Nested = number | number[] | number[][];

/** Adds this op's share of d(output)/d(input) into each input's `.grad` (which is already allocated). */
export type BackwardFn = (outGrad: Float64Array) => void;

export interface TensorOptions {
  requiresGrad?: boolean;
}

export class Tensor {
  readonly data: Float64Array;
  readonly shape: Shape;
  /** Same length as `data` once `backward()` has reached this tensor; null before. */
  grad: Float64Array | null = null;
  readonly requiresGrad: boolean;
  /** Inputs of the op that produced this tensor; empty for leaves (and for tensors needing no grad). */
  readonly parents: readonly Tensor[];
  /** Null for leaves: their gradient is the end of the line and accumulates across backward() calls. */
  readonly backwardFn: BackwardFn | null;

  /** Low level: takes ownership of `data` (no copy). Prefer `Tensor.from` / `Tensor.zeros`. */
  constructor(
    data: Float64Array,
    shape: Shape,
    requiresGrad = false,
    parents: readonly Tensor[] = [],
    backwardFn: BackwardFn | null = null,
  ) {
    checkShape('Tensor', shape);
    if (data.length !== sizeOf(shape)) {
      throw new Error(`Tensor: data has ${data.length} elements but shape ${formatShape(shape)} needs ${sizeOf(shape)}`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]) as Shape; // frozen: a shared shape must never change under an op
    this.requiresGrad = requiresGrad;
    this.parents = parents;
    this.backwardFn = backwardFn;
  }

  /** Copies a number, vector or matrix. Ragged or non-numeric input throws; NaN/±Infinity are copied as-is. */
  static from(value: Nested, opts: TensorOptions = {}): Tensor {
    const { data, shape } = flattenNested(value);
    return new Tensor(data, shape, opts.requiresGrad ?? false);
  }

  static zeros(shape: Shape, opts: TensorOptions = {}): Tensor {
    checkShape('Tensor.zeros', shape);
    return new Tensor(new Float64Array(sizeOf(shape)), shape, opts.requiresGrad ?? false);
  }

  /** A learnable leaf: `Tensor.from(value, { requiresGrad: true })`. */
  static param(value: Nested): Tensor {
    return Tensor.from(value, { requiresGrad: true });
  }

  get size(): number {
    return this.data.length;
  }

  item(): number {
    if (this.data.length !== 1) {
      throw new Error(`item: tensor has shape ${formatShape(this.shape)} (${this.data.length} elements); item() needs exactly one`);
    }
    return this.data[0]!;
  }

  toArray(): Nested {
    return nest(this.data, this.shape);
  }

  /** The gradient as nested arrays; zeros when no gradient reached this tensor. */
  gradArray(): Nested {
    return nest(this.grad ?? new Float64Array(this.data.length), this.shape);
  }

  /** Forget the accumulated gradient (leaves accumulate across backward() calls, like PyTorch). */
  zeroGrad(): void {
    this.grad = null;
  }

  /**
   * Reverse-mode sweep from this tensor. `seed` is d(loss)/d(this): defaults to 1 for a
   * single-element output; a non-scalar output needs a seed tensor of its own shape.
   */
  backward(seed?: Tensor | number): void {
    const seedData = this.seedData(seed);
    if (!this.requiresGrad) {
      throw new Error('backward: this tensor does not depend on any tensor created with requiresGrad: true');
    }
    const order = topologicalOrder(this);
    for (const t of order) {
      // Intermediates start from zero on every call (they hold this pass's gradient only);
      // leaves keep what they had, so repeated calls accumulate as documented.
      if (t.backwardFn !== null || t.grad === null) t.grad = new Float64Array(t.data.length);
    }
    const g = this.grad!;
    for (let i = 0; i < g.length; i++) g[i] += seedData[i]!;
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i]!;
      if (t.backwardFn !== null) t.backwardFn(t.grad!);
    }
  }

  private seedData(seed: Tensor | number | undefined): Float64Array {
    if (seed === undefined || typeof seed === 'number') {
      if (this.data.length !== 1) {
        throw new Error(
          `backward: output has shape ${formatShape(this.shape)}, not a single element; ` +
            `pass a seed tensor of shape ${formatShape(this.shape)} (d loss / d output)`,
        );
      }
      return Float64Array.of(seed ?? 1);
    }
    if (!sameShape(seed.shape, this.shape)) {
      throw new Error(`backward: seed is ${formatShape(seed.shape)} but the output is ${formatShape(this.shape)}`);
    }
    return seed.data;
  }
}

/**
 * How every op builds its result. The graph is only recorded when some input needs a
 * gradient, so constant-only computations keep no references and cost nothing extra.
 */
export function fromOp(data: Float64Array, shape: Shape, parents: readonly Tensor[], backwardFn: BackwardFn): Tensor {
  const requiresGrad = parents.some((p) => p.requiresGrad);
  return requiresGrad ? new Tensor(data, shape, true, parents, backwardFn) : new Tensor(data, shape);
}

/** Parents before children, only through tensors that need a gradient. Iterative: deep nets must not overflow the stack. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>([root]);
  const stack: { node: Tensor; next: number }[] = [{ node: root, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.node.parents.length) {
      const parent = top.node.parents[top.next++]!;
      if (parent.requiresGrad && !visited.has(parent)) {
        visited.add(parent);
        stack.push({ node: parent, next: 0 });
      }
    } else {
      stack.pop();
      order.push(top.node);
    }
  }
  return order;
}

function flattenNested(value: Nested): { data: Float64Array; shape: Shape } {
  if (typeof value === 'number') return { data: Float64Array.of(value), shape: [] };
  if (!Array.isArray(value)) throw new Error(`Tensor.from: expected a number, number[] or number[][], got ${typeof value}`);
  if (value.every((x) => typeof x === 'number')) {
    return { data: Float64Array.from(value as number[]), shape: [value.length] };
  }
  const rows = value as unknown[];
  const first = rows[0];
  if (!Array.isArray(first)) throw new Error('Tensor.from: mixes numbers and arrays, or holds non-numbers');
  const cols = first.length;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    if (!Array.isArray(row)) throw new Error(`Tensor.from: row ${i} is not an array`);
    if (row.length !== cols) {
      throw new Error(`Tensor.from: ragged array: row ${i} has ${row.length} entries but row 0 has ${cols}`);
    }
    row.forEach((x, j) => {
      if (typeof x !== 'number') throw new Error(`Tensor.from: entry [${i}][${j}] is ${Array.isArray(x) ? 'an array' : typeof x}, not a number (rank ≤ 2 only)`);
      data[i * cols + j] = x;
    });
  });
  return { data, shape: [rows.length, cols] };
}

function nest(data: Float64Array, shape: readonly number[]): Nested {
  if (shape.length === 0) return data[0]!;
  if (shape.length === 1) return Array.from(data);
  const [m, n] = shape as [number, number];
  const out: number[][] = [];
  for (let i = 0; i < m; i++) out.push(Array.from(data.subarray(i * n, i * n + n)));
  return out;
}
