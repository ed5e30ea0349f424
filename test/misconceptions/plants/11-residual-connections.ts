// A correct unit 11 written here with plain loops (not taken from solutions/), and each catalogued slip planted in it.
import type { Activation } from '../../../lib/types';

type Matrix = number[][];
type Vector = number[];
interface Layer { W: Matrix; b: Vector }
interface LayerGradient { dW: Matrix; db: Vector }

// ---- an independent correct module (plain loops; not imported from solutions/) ----
import { stableSigmoid as sigmoid } from '../../../grader/engine/scalar';
const g: Record<Activation, (z: number) => number> = { sigmoid, tanh: Math.tanh, relu: (z) => (z > 0 ? z : 0), leakyRelu: (z) => (z > 0 ? z : 0.01 * z) };
const gPrime: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => sigmoid(z) * sigmoid(-z),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  relu: (z) => (z > 0 ? 1 : 0),
  leakyRelu: (z) => (z > 0 ? 1 : 0.01),
};
const size = (M: Matrix) => `${M.length}x${M[0]!.length}`;
const matmul = (A: Matrix, B: Matrix): Matrix => A.map((r) => B[0]!.map((_, j) => r.reduce((s, a, k) => s + a * B[k]![j]!, 0)));
const T = (M: Matrix): Matrix => M[0]!.map((_, j) => M.map((r) => r[j]!));

export interface Plant {
  skipInside?: boolean; noSkipForward?: boolean; noOne?: boolean; weightLeftOut?: boolean; slopeAtA?: boolean; reversedFactors?: boolean;
  headFirst?: boolean; noSkipBackward?: boolean; noDivide?: boolean; transposedDW?: boolean; sumLoss?: boolean;
}

export function makeChain(plant: Plant = {}) {
  const forward = (x: number, weights: number[]) => {
    const z: number[] = [], a: number[] = [];
    let prev = x;
    for (const w of weights) {
      const zk = w * prev;
      prev = plant.skipInside ? sigmoid(zk + prev) : plant.noSkipForward ? sigmoid(zk) : prev + sigmoid(zk);
      z.push(zk);
      a.push(prev);
    }
    return { z, a };
  };
  const local = (x: number, weights: number[]) => {
    const { z, a } = forward(x, weights);
    const factors = z.map((zk, k) => (plant.noOne ? 0 : 1) + (plant.weightLeftOut ? 1 : weights[k]!) * gPrime.sigmoid(plant.slopeAtA ? a[k]! : zk));
    return plant.reversedFactors ? factors.reverse() : factors;
  };
  return { residualChainForward: forward, residualChainLocalGradients: local };
}

export function makeNet(plant: Plant = {}) {
  return (blocks: Layer[], head: Layer, X: Matrix, Y: Vector, act: Activation) => {
    const n = X[0]!.length;
    if (Y.length !== X.length) throw new Error(`X is ${size(X)} but Y has ${Y.length} entries`);
    blocks.forEach(({ W, b }, l) => {
      if (W.length !== n || W[0]!.length !== n) throw new Error(`block ${l} W is ${size(W)} but X is ${size(X)}`);
      if (b.length !== n) throw new Error(`block ${l} W is ${size(W)} but b has ${b.length} entries`);
    });
    if (head.W.length !== n || head.W[0]!.length !== 1) throw new Error(`head W is ${size(head.W)} but X is ${size(X)}`);
    const m = X.length;
    const A: Matrix[] = [X], Z: Matrix[] = [];
    blocks.forEach(({ W, b }, l) => {
      Z.push(matmul(A[l]!, W).map((r) => r.map((x, j) => x + b[j]!)));
      A.push(A[l]!.map((r, i) => r.map((x, j) => (plant.skipInside ? g[act](Z[l]![i]![j]! + x) : x + g[act](Z[l]![i]![j]!)))));
    });
    const top = A[blocks.length]!;
    const logits = matmul(top, head.W).map((r) => r[0]! + head.b[0]!);
    const loss = logits.reduce((s, z, i) => s + Math.max(z, 0) - z * Y[i]! + Math.log1p(Math.exp(-Math.abs(z))), 0) / (plant.sumLoss ? 1 : m);
    const k = plant.noDivide ? 1 : m;
    const dh = logits.map((z, i) => [sigmoid(z) - Y[i]!]);
    const headGrad = { dW: matmul(T(top), dh).map((r) => r.map((x) => x / k)), db: [dh.reduce((s, r) => s + r[0]!, 0) / k] };
    const grads: LayerGradient[] = [];
    let G = matmul(dh, T(head.W));
    for (let l = blocks.length - 1; l >= 0; l--) {
      const delta = G.map((r, i) => r.map((d, j) => d * gPrime[act](Z[l]![i]![j]!)));
      const dW = matmul(T(A[l]!), delta).map((r) => r.map((x) => x / k));
      grads[l] = { dW: plant.transposedDW ? T(dW) : dW, db: T(delta).map((c) => c.reduce((s, x) => s + x, 0) / k) };
      const branch = matmul(delta, T(blocks[l]!.W));
      G = plant.noSkipBackward ? branch : G.map((r, i) => r.map((d, j) => d + branch[i]![j]!));
    }
    return { loss, grads: plant.headFirst ? [headGrad, ...grads] : [...grads, headGrad] };
  };
}

export const correct = { ...makeChain(), residualNetForwardBackward: makeNet() };
const chain = (plant: Plant) => ({ ...correct, ...makeChain(plant) });
const net = (plant: Plant) => ({ ...correct, residualNetForwardBackward: makeNet(plant) });

export const plants: Record<string, typeof correct> = {
  'residualChainForward/no-skip': chain({ noSkipForward: true }),
  'residualChainForward/skip-inside': chain({ skipInside: true }),
  'residualChainLocalGradients/skip-one-forgotten': chain({ noOne: true }),
  'residualChainLocalGradients/weight-left-out': chain({ weightLeftOut: true }),
  'residualChainLocalGradients/slope-at-a': chain({ slopeAtA: true }),
  'residualChainLocalGradients/reversed': chain({ reversedFactors: true }),
  'netLoss/skip-inside': net({ skipInside: true }),
  'netLoss/sum': net({ sumLoss: true }),
  'netGradOrder/head-wrong-place': net({ headFirst: true }),
  'netGradients/no-divide': net({ noDivide: true }),
  'netGradients/no-skip-backward': net({ noSkipBackward: true }),
  'netGradients/transposed': net({ transposedDW: true }),
};
