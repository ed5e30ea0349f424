/**
 * The reference for the live figures: each unit's contract functions written with the course's
 * reference engine (grader/engine: Float64Array tensors and reverse-mode autodiff), so the page
 * computes with the same oracle the hidden suites use, and never with solutions/.
 */
import * as E from '../../../grader/engine/index';
import type { UnitApi } from './types';

type Matrix = number[][];
type Act = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu';
const T = (v: number | number[] | number[][], requiresGrad = false) => E.Tensor.from(v, { requiresGrad });
const scalar = (t: E.Tensor) => t.data[0]!;
const activation: Record<Act, (t: E.Tensor) => E.Tensor> = { sigmoid: E.sigmoid, tanh: E.tanh, relu: E.relu, leakyRelu: (t) => E.leakyRelu(t, 0.01) };

/** d f(z) / dz through the engine's autodiff. */
function derivative(f: (t: E.Tensor) => E.Tensor, z: number): number {
  const t = T(z, true);
  f(t).backward();
  return t.grad![0]!;
}

const frobenius = (M: Matrix) => scalar(E.frobeniusNorm(T(M)));

export const reference: Record<string, UnitApi> = {
  '01-sigmoid': {
    sigmoid: (z: number) => scalar(E.sigmoid(T(z))),
    sigmoidPrime: (z: number) => derivative(E.sigmoid, z),
    tanhPrime: (z: number) => derivative(E.tanh, z),
  },
  '02-chain-rule': {
    chainBackward: (x: number, weights: number[], dLda: number) => {
      const w = weights.map((v) => T(v, true));
      const z: E.Tensor[] = [];
      let a = T(x);
      for (const wk of w) {
        z.push(E.mul(wk, a));
        a = E.sigmoid(z[z.length - 1]!);
      }
      a.backward(dLda);
      return { dz: z.map((t) => t.grad?.[0] ?? 0), dw: w.map((t) => t.grad![0]!) };
    },
  },
  '04-backprop-mlp': {
    // forward keeps only what backward needs to rerun the engine: the batch.
    forward: (p: { W1: Matrix; b1: number[]; W2: Matrix; b2: number[] }, X: Matrix, hidden: Act) => {
      const A1 = activation[hidden](E.add(E.matmul(T(X), T(p.W1)), T([p.b1])));
      const yHat = E.sigmoid(E.add(E.matmul(A1, T(p.W2)), T([p.b2])));
      return { yHat: Array.from(yHat.data), cache: { X } };
    },
    bceLoss: (yHat: number[], Y: number[]) => scalar(E.bce(T(yHat), T(Y))),
    backward: (p: { W1: Matrix; b1: number[]; W2: Matrix; b2: number[] }, cache: { X: Matrix }, Y: number[], hidden: Act) => {
      const { grads } = E.mlpGradients([{ W: p.W1, b: p.b1 }, { W: p.W2, b: p.b2 }], cache.X, Y, hidden);
      return { dW1: grads[0]!.dW, db1: grads[0]!.db, dW2: grads[1]!.dW, db2: grads[1]!.db };
    },
  },
  '05-vanishing-gradients': {
    deepForwardBackward: (layers: { W: Matrix; b: number[] }[], X: Matrix, Y: number[], act: Act) => {
      const { loss, grads } = E.mlpGradients(layers, X, Y, act);
      return { loss, grads };
    },
    layerGradientNorms: (grads: { dW: Matrix }[]) => grads.map((g) => frobenius(g.dW)),
  },
  '06-exploding-gradients': {
    deepLinearOutput: (W: Matrix, L: number, x: number[]) => {
      let y = T(x.map((v) => [v]));
      const M = T(W);
      for (let k = 1; k < L; k++) y = E.matmul(M, y);
      return Array.from(y.data);
    },
  },
  '07-weight-init': {
    smallUniform: (fanIn: number, fanOut: number, rng: () => number, limit = 0.5) =>
      Array.from({ length: fanIn }, () => Array.from({ length: fanOut }, () => (2 * rng() - 1) * limit)),
    xavierNormal: (fanIn: number, fanOut: number, rng: () => number) => E.randomTensor([fanIn, fanOut], rng, { scale: Math.sqrt(2 / (fanIn + fanOut)) }).toArray(),
    heNormal: (fanIn: number, fanOut: number, rng: () => number) => E.randomTensor([fanIn, fanOut], rng, { scale: Math.sqrt(2 / fanIn) }).toArray(),
  },
  '08-batch-norm': {
    batchNormForward: (X: Matrix, gamma: number[], beta: number[], state: unknown) => ({ out: E.batchNorm(T(X), T([gamma]), T([beta])).toArray(), state }),
  },
  '09-relu-family': {
    leakyRelu: (z: number, alpha = 0.01) => scalar(E.leakyRelu(T(z), alpha)),
    elu: (z: number, alpha = 1) => scalar(E.elu(T(z), alpha)),
    trainAndWatchDeadUnits: (config: E.DyingConfig, data: { X: Matrix; Y: number[] }, rng: () => number) => E.trainDyingReference(config, data, rng),
  },
  '10-gradient-clipping': {
    clipByGlobalNorm: (grads: Matrix[], maxNorm: number) => {
      const totalNorm = Math.sqrt(grads.reduce((s, g) => s + frobenius(g) ** 2, 0));
      const factor = maxNorm / (totalNorm + 1e-6);
      const clipped = factor < 1 ? grads.map((g) => E.scale(T(g), factor).toArray() as Matrix) : grads.map((g) => g.map((row) => [...row]));
      return { clipped, totalNorm };
    },
    trainWithClipping: (problem: E.ClipProblem, options: E.ClipRunOptions) => E.trainClipped(problem, options),
  },
  '11-residual-connections': {
    residualChainForward: (x: number, weights: number[]) => {
      const z: number[] = [];
      const a: number[] = [];
      let prev = T(x);
      for (const w of weights) {
        const zk = E.mul(T(w), prev);
        prev = E.add(prev, E.sigmoid(zk));
        z.push(scalar(zk));
        a.push(scalar(prev));
      }
      return { z, a };
    },
    // da_k/da_{k−1} by the engine's autodiff of one block, a ↦ a + σ(w·a), at each a_{k−1}.
    residualChainLocalGradients: (x: number, weights: number[]) => {
      let prev = x;
      return weights.map((w) => {
        const factor = derivative((a) => E.add(a, E.sigmoid(E.mul(T(w), a))), prev);
        prev = prev + scalar(E.sigmoid(T(w * prev)));
        return factor;
      });
    },
    residualNetForwardBackward: (blocks: { W: Matrix; b: number[] }[], head: { W: Matrix; b: number[] }, X: Matrix, Y: number[], act: Act) => {
      const { loss, grads } = E.residualGradients(blocks, head, X, Y, act);
      return { loss, grads };
    },
  },
  '12-deep-training': {
    makeSpirals: (nPerClass: number, rng: () => number, noise = 0.1) => E.spirals(nPerClass, rng, noise),
    trainDeepNet: (config: E.TrainConfig, data: { X: Matrix; Y: number[] }, rng: () => number) => E.trainReference(config, data, rng),
  },
};

/** The hidden activation's engine op, for figures that run a net forward themselves. */
export const engineActivation = activation;
