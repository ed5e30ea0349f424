// mlpGradients on the unit-04 fixture: against finite differences and a hand-written backprop.
import { describe, expect, it } from 'vitest';
import { type Activation, type DenseLayer, mlpGradients, mulberry32, numericalGradient, randn, relativeError } from '../../grader/engine/index.js';

// COURSE.md, unit 04 (rows are examples).
const X = [[0.5, 1.5], [-1.2, 0.2], [0.3, -0.7]];
const Y = [1, 0, 1];
const fixture: DenseLayer[] = [
  { W: [[0.1, 0.4, -0.5], [-0.2, 0.3, 0.2]], b: [0.01, -0.02, 0.03] },
  { W: [[0.3], [-0.6], [0.2]], b: [0.05] },
];
const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu'];

// An independent plain-number implementation (no engine) of the forward pass and the course's backprop equations.
const g: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  relu: (z) => Math.max(0, z),
  leakyRelu: (z) => (z > 0 ? z : 0.01 * z),
};
const gPrime: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => g.sigmoid(z) * (1 - g.sigmoid(z)),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  relu: (z) => (z > 0 ? 1 : 0),
  leakyRelu: (z) => (z > 0 ? 1 : 0.01),
};
const dense = (A: number[][], { W, b }: DenseLayer) => A.map((row) => b.map((bj, j) => bj + row.reduce((s, a, k) => s + a * W[k]![j]!, 0)));
const T = (M: number[][]) => M[0]!.map((_, j) => M.map((row) => row[j]!));
const matmul = (A: number[][], B: number[][]) => A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, k) => s + a * B[k]![j]!, 0)));

function plainForward(layers: DenseLayer[], act: Activation) {
  const Zs: number[][][] = [], As: number[][][] = [X];
  layers.forEach((layer, l) => {
    const Z = dense(As[As.length - 1]!, layer);
    Zs.push(Z);
    As.push(Z.map((r) => r.map(l === layers.length - 1 ? g.sigmoid : g[act])));
  });
  const yHat = As[As.length - 1]!.map((r) => r[0]!);
  const loss = -yHat.reduce((s, p, i) => s + Y[i]! * Math.log(p) + (1 - Y[i]!) * Math.log(1 - p), 0) / Y.length;
  return { Zs, As, yHat, loss };
}

function plainBackward(layers: DenseLayer[], act: Activation) {
  const { Zs, As, yHat } = plainForward(layers, act);
  const m = Y.length;
  let delta = yHat.map((p, i) => [(p - Y[i]!) / m]); // δ^L = (Â − Y)/m, the /m folded in here
  const grads: { dW: number[][]; db: number[] }[] = [];
  for (let l = layers.length - 1; l >= 0; l--) {
    grads[l] = { dW: matmul(T(As[l]!), delta), db: T(delta).map((col) => col.reduce((s, x) => s + x, 0)) };
    if (l > 0) delta = matmul(delta, T(layers[l]!.W)).map((r, i) => r.map((d, j) => d * gPrime[act](Zs[l - 1]![i]![j]!)));
  }
  return grads;
}

/** Flatten/unflatten all parameters so numericalGradient can perturb them one at a time. */
const flatten = (layers: DenseLayer[]) => Float64Array.from(layers.flatMap(({ W, b }) => [...W.flat(), ...b]));
function unflatten(v: Float64Array, like: DenseLayer[]): DenseLayer[] {
  let k = 0;
  return like.map(({ W, b }) => ({ W: W.map((r) => r.map(() => v[k++]!)), b: b.map(() => v[k++]!) }));
}
const flattenGrads = (grads: { dW: number[][]; db: number[] }[]) => grads.flatMap(({ dW, db }) => [...dW.flat(), ...db]);

describe('mlpGradients on the unit-04 fixture', () => {
  for (const act of ACTIVATIONS) {
    describe(act, () => {
      const result = mlpGradients(fixture, X, Y, act);
      it('gradients agree with finite differences of the loss (rel err < 1e-7)', () => {
        const loss = (v: Float64Array) => plainForward(unflatten(v, fixture), act).loss;
        const numeric = numericalGradient(loss, flatten(fixture));
        expect(relativeError(flattenGrads(result.grads), numeric)).toBeLessThan(1e-7);
        // and per parameter, so no small one hides behind a big one
        let k = 0;
        for (const { dW, db } of result.grads) {
          for (const part of [dW.flat(), db]) {
            expect(relativeError(part, numeric.slice(k, k + part.length))).toBeLessThan(1e-7);
            k += part.length;
          }
        }
      });
      it('gradients agree with the course backprop equations written by hand', () => {
        expect(relativeError(flattenGrads(result.grads), flattenGrads(plainBackward(fixture, act)))).toBeLessThan(1e-12);
      });
      it('loss, yHat, Z and A match a plain forward pass', () => {
        const plain = plainForward(fixture, act);
        expect(result.loss).toBeCloseTo(plain.loss, 12);
        expect(relativeError(result.yHat, plain.yHat)).toBeLessThan(1e-14);
        expect(relativeError(result.Z.flat(2), plain.Zs.flat(2))).toBeLessThan(1e-14);
        expect(relativeError(result.A.flat(2), plain.As.slice(1).flat(2))).toBeLessThan(1e-14);
      });
      it('every gradient has its parameter shape', () => {
        result.grads.forEach(({ dW, db }, l) => {
          expect(dW.length).toBe(fixture[l]!.W.length);
          dW.forEach((row, i) => expect(row.length).toBe(fixture[l]!.W[i]!.length));
          expect(db.length).toBe(fixture[l]!.b.length);
        });
        expect(result.Z.map((z) => [z.length, z[0]!.length])).toEqual([[3, 3], [3, 1]]);
      });
    });
  }
  it('the fixture stays away from the ReLU kink, so finite differences are meaningful', () => {
    const minAbs = Math.min(...mlpGradients(fixture, X, Y, 'relu').Z[0]!.flat().map(Math.abs));
    expect(minAbs).toBeGreaterThan(1e-3);
  });
  it('does not mutate its inputs', () => {
    const copy = structuredClone({ fixture, X, Y });
    mlpGradients(fixture, X, Y, 'tanh');
    expect({ fixture, X, Y }).toEqual(copy);
  });
});

describe('mlpGradients on a deeper random net', () => {
  it('4 layers of tanh agree with finite differences', () => {
    const rng = mulberry32(5);
    const widths = [2, 5, 4, 3, 1];
    const layers: DenseLayer[] = widths.slice(1).map((nOut, l) => ({
      W: Array.from({ length: widths[l]! }, () => Array.from({ length: nOut }, () => randn(rng) * 0.8)),
      b: Array.from({ length: nOut }, () => randn(rng) * 0.1),
    }));
    const { grads } = mlpGradients(layers, X, Y, 'tanh');
    const numeric = numericalGradient((v) => plainForward(unflatten(v, layers), 'tanh').loss, flatten(layers));
    expect(relativeError(flattenGrads(grads), numeric)).toBeLessThan(1e-7);
  });
});
