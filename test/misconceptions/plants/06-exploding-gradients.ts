// A correct unit 06 written here (not taken from solutions/), and each catalogued slip planted in it.
export type Matrix = number[][];

// An independent correct module (not imported from solutions/): recursion and a closed form
// instead of the reference's loops.
export function zs(x: number, weights: number[]): number[] {
  const out: number[] = [];
  weights.reduce((a, w) => {
    out.push(w * a);
    return Math.max(0, w * a);
  }, x);
  return out;
}
export function power(W: Matrix, k: number): Matrix {
  if (W.some((row) => row.length !== W.length)) throw new Error(`W is ${W.length}x${W[0]!.length}, not square`);
  if (k === 0) return W.map((row, i) => row.map((_, j) => Number(i === j)));
  const P = power(W, k - 1);
  return P.map((row) => W[0]!.map((_, j) => row.reduce((s, p, q) => s + p * W[q]![j]!, 0)));
}
export const correct = {
  reluChainForward: (x: number, weights: number[]) => zs(x, weights).map((z) => Math.max(0, z)),
  reluChainBackward: (x: number, weights: number[], dLdzLast = 1) => {
    const z = zs(x, weights);
    return z.map((_, k) => weights.slice(k + 1).reduce((g, w, j) => g * w * (z[k + j]! > 0 ? 1 : 0), dLdzLast));
  },
  matrixPower: power,
  deepLinearOutput: (W: Matrix, L: number, x: number[]) => {
    if (x.length !== W.length) throw new Error(`x has length ${x.length} but W is ${W.length}x${W[0]!.length}`);
    return power(W, L - 1).map((row) => row.reduce((s, p, j) => s + p * x[j]!, 0));
  },
  gdDiverges: (c: number, lr: number, steps: number) => Math.abs(1 - lr * c) ** steps > 1,
};

export const plants: Record<string, typeof correct> = {
  'reluChainForward/without-relu': { ...correct, reluChainForward: (x: number, weights: number[]) => weights.reduce<number[]>((out, w) => [...out, w * (out.length ? out[out.length - 1]! : x)], []) },
  'reluChainForward/includes-x': { ...correct, reluChainForward: (x: number, weights: number[]) => [x, ...correct.reluChainForward(x, weights)] },
  'reluChainBackward/reversed': { ...correct, reluChainBackward: (x: number, weights: number[], d = 1) => correct.reluChainBackward(x, weights, d).reverse() },
  'reluChainBackward/without-weights': { ...correct, reluChainBackward: (x: number, weights: number[], d = 1) => {
    const z = zs(x, weights);
    return z.map((_, k) => z.slice(k, -1).reduce((g, zk) => g * (zk > 0 ? 1 : 0), d));
  } },
  'reluChainBackward/seed-ignored': { ...correct, reluChainBackward: (x: number, weights: number[]) => correct.reluChainBackward(x, weights, 1) },
  'matrixPower/elementwise': { ...correct, matrixPower: (W: Matrix, k: number) => W.map((row) => row.map((w) => w ** k)) },
  'matrixPower/one-too-many': { ...correct, matrixPower: (W: Matrix, k: number) => power(W, k + 1) },
  'deepLinearOutput/power-off-by-one': { ...correct, deepLinearOutput: (W: Matrix, L: number, x: number[]) => correct.deepLinearOutput(W, L + 1, x) },
  'deepLinearOutput/row-vector': { ...correct, deepLinearOutput: (W: Matrix, L: number, x: number[]) => {
    if (x.length !== W.length) throw new Error(`x has length ${x.length} but W is ${W.length}x${W[0]!.length}`);
    const P = power(W, L - 1);
    return P[0]!.map((_, j) => x.reduce((s, xi, i) => s + xi * P[i]![j]!, 0));
  } },
  'gdDiverges/edge-divergent': { ...correct, gdDiverges: (c: number, lr: number, steps: number) => Math.abs(1 - lr * c) ** steps >= 1 && steps > 0 },
  'gdDiverges/ignores-steps': { ...correct, gdDiverges: (c: number, lr: number) => lr > 2 / c },
};
