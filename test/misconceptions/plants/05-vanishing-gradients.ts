import { stableSigmoid as sigmoid } from '../../../grader/engine/scalar';
import type { Activation } from '../../../lib/types';
import { checkerSlips, makeGradientCheck, type Slip } from './gradient-check-kit';
// A correct unit 05 written here (plain loops, not taken from solutions/), and each catalogued slip planted in it.
export type Matrix = number[][];
export type Vector = number[];
export type { Activation };
export interface Layer { W: Matrix; b: Vector }
export interface LayerGradient { dW: Matrix; db: Vector }

// ---- an independent correct module (plain loops; not imported from solutions/) ----
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

export interface Plant { noDivide?: boolean; primeAt?: 'A'; pushOrder?: boolean; transposed?: boolean; deltaSign?: boolean; sumLoss?: boolean }

export function makeDeep(plant: Plant = {}) {
  return (layers: Layer[], X: Matrix, Y: Vector, act: Activation) => {
    if (Y.length !== X.length) throw new Error(`X is ${size(X)} but Y has ${Y.length} entries`);
    let prev = `X is ${size(X)}`;
    let width = X[0]!.length;
    layers.forEach(({ W, b }, l) => {
      if (W.length !== width) throw new Error(`layer ${l} W is ${size(W)} but ${prev}`);
      if (b.length !== W[0]!.length) throw new Error(`layer ${l} W is ${size(W)} but b has ${b.length} entries`);
      prev = `layer ${l} W is ${size(W)}`;
      width = W[0]!.length;
    });
    const L = layers.length, m = X.length;
    const A: Matrix[] = [X], Z: Matrix[] = [];
    layers.forEach(({ W, b }, l) => {
      Z.push(matmul(A[l]!, W).map((r) => r.map((x, j) => x + b[j]!)));
      A.push(Z[l]!.map((r) => r.map(l === L - 1 ? sigmoid : g[act])));
    });
    const yHat = A[L]!.map((r) => r[0]!);
    const loss = -yHat.reduce((s, p, i) => s + Y[i]! * Math.log(p) + (1 - Y[i]!) * Math.log(1 - p), 0) / m;
    const k = plant.noDivide ? 1 : m;
    const grads: LayerGradient[] = [];
    let delta = yHat.map((p, i) => [(plant.deltaSign ? -1 : 1) * (p - Y[i]!)]);
    for (let l = L - 1; l >= 0; l--) {
      const dW = matmul(T(A[l]!), delta).map((r) => r.map((x) => x / k));
      const grad = { dW: plant.transposed ? T(dW) : dW, db: T(delta).map((col) => col.reduce((s, x) => s + x, 0) / k) };
      if (plant.pushOrder) grads.push(grad);
      else grads[l] = grad;
      if (l > 0) {
        const at = plant.primeAt === 'A' ? A[l]! : Z[l - 1]!;
        delta = matmul(delta, T(layers[l]!.W)).map((r, i) => r.map((d, j) => d * gPrime[act](at[i]![j]!)));
      }
    }
    return { loss: plant.sumLoss ? loss * m : loss, grads };
  };
}
export const layerGradientNorms = (grads: LayerGradient[]) => grads.map(({ dW }) => Math.sqrt(dW.flat().reduce((s, x) => s + x * x, 0)));

type ForwardBackward = ReturnType<typeof makeDeep>;

/** checkDeepBackward on a unit-03 gradient check with `slip` planted (or none). */
export function makeCheckDeep(slip?: Slip, own: ForwardBackward = makeDeep()) {
  const gradientCheck = makeGradientCheck(slip);
  return (layers: Layer[], X: Matrix, Y: Vector, act: Activation, fb: ForwardBackward = own) => {
    const { grads } = fb(layers, X, Y, act);
    if (grads.length !== layers.length) throw new Error(`grads has ${grads.length} entries but layers has ${layers.length}`);
    const lossWith = (l: number, layer: Layer) => fb(layers.map((old, k) => (k === l ? layer : old)), X, Y, act).loss;
    return layers.map(({ W, b }, l) => {
      const { dW, db } = grads[l]!;
      if (size(dW) !== size(W)) throw new Error(`layer ${l} dW is ${size(dW)} but W is ${size(W)}`);
      if (db.length !== b.length) throw new Error(`layer ${l} db has ${db.length} entries but b has ${b.length}`);
      const cols = W[0]!.length;
      return {
        W: gradientCheck((v) => lossWith(l, { W: W.map((_, i) => v.slice(i * cols, (i + 1) * cols)), b }), () => dW.flat(), W.flat()),
        b: gradientCheck((v) => lossWith(l, { W, b: [...v] }), () => [...db], [...b]),
      };
    });
  };
}

export const correct = { deepForwardBackward: makeDeep(), layerGradientNorms, checkDeepBackward: makeCheckDeep() };
export const planted = (plant: Plant) => ({ ...correct, deepForwardBackward: makeDeep(plant), checkDeepBackward: makeCheckDeep(undefined, makeDeep(plant)) });

const fro = (M: Matrix) => Math.sqrt(M.flat().reduce((s, x) => s + x * x, 0));
const norms = (f: (g: LayerGradient) => number) => ({ ...correct, layerGradientNorms: (grads: LayerGradient[]) => grads.map(f) });

export const plants: Record<string, typeof correct> = {
  'loss/sum': planted({ sumLoss: true }),
  'layerGradient/no-divide': planted({ noDivide: true }),
  'layerGradient/transposed': planted({ transposed: true }),
  'layerGradient/delta-sign': planted({ deltaSign: true }),
  'layerGradient/at-a': planted({ primeAt: 'A' }),
  'gradsOrder/reversed': planted({ pushOrder: true }),
  'layerGradientNorms/squared': norms(({ dW }) => fro(dW) ** 2),
  'layerGradientNorms/reversed': { ...correct, layerGradientNorms: (grads: LayerGradient[]) => layerGradientNorms(grads).reverse() },
  'layerGradientNorms/with-db': norms(({ dW, db }) => Math.hypot(fro(dW), ...db)),
  'layerGradientNorms/l1': norms(({ dW }) => dW.flat().reduce((s, x) => s + Math.abs(x), 0)),
  'layerGradientNorms/max': norms(({ dW }) => Math.max(...dW.flat().map(Math.abs))),
  'layerGradientNorms/rms': norms(({ dW }) => fro(dW) / Math.sqrt(dW.flat().length)),
  ...Object.fromEntries(checkerSlips.map((slip) => [`checkDeepBackward/${slip}`, { ...correct, checkDeepBackward: makeCheckDeep(slip) }])),
};
