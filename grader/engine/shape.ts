/** Shapes: rank 0 (scalar), 1 (vector) or 2 (matrix), row-major. */
export type Shape = number[];

/** 'scalar', '3' or '3x2' — the same wording the course uses in every error message. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('x');
}

/** Number of elements a shape holds (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Throws unless `shape` is a rank ≤ 2 list of non-negative integers. */
export function checkShape(where: string, shape: readonly number[]): void {
  if (!Array.isArray(shape) || shape.length > 2 || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`${where}: shape must be [], [n] or [m, n] with non-negative integers, got ${JSON.stringify(shape)}`);
  }
}
