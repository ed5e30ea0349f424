/**
 * Unit 12 — reference solution: the two spirals, and mini-batch SGD for a deep MLP built from the
 * earlier units (dense and bceLoss from 04, layerGradientNorms from 05, the initializations of 07,
 * batch norm from 08, global-norm clipping from 10).
 */
import type { Activation, Matrix, Vector } from '@course/types';
import { gaussian } from '@course/random';
import { bceLoss, dense } from '../04-backprop-mlp/index';
import { layerGradientNorms } from '../05-vanishing-gradients/index';
import { heNormal, smallUniform, xavierNormal } from '../07-weight-init/index';
import { batchNormBackward, batchNormForward, type BatchNormCache, type BatchNormState } from '../08-batch-norm/index';
import { clipByGlobalNorm } from '../10-gradient-clipping/index';

export type { Activation };
export type Init = 'smallUniform' | 'xavierNormal' | 'heNormal';

export interface TrainConfig {
  depth: number;
  width: number;
  activation: Activation;
  init: Init;
  batchNorm?: boolean;
  residual?: boolean;
  clipNorm?: number;
  lr: number;
  steps: number;
  batchSize: number;
}

export interface TrainResult {
  lossHistory: number[];
  gradNormHistory: number[][];
  accuracy: number;
}

export interface Dataset {
  X: Matrix;
  Y: Vector;
}

/** Two interleaved spirals: t = i/n, θ = 1.5π·t + c·π, x = (t·cos θ, t·sin θ) + noise·N(0, 1); class 0 first. */
export function makeSpirals(nPerClass: number, rng: () => number, noise = 0.1): Dataset {
  if (!Number.isInteger(nPerClass) || nPerClass < 1) throw new Error(`makeSpirals: nPerClass must be a positive whole number, got ${nPerClass}`);
  const X: Matrix = [];
  const Y: Vector = [];
  for (const c of [0, 1]) {
    for (let i = 0; i < nPerClass; i++) {
      const t = i / nPerClass;
      const theta = 1.5 * Math.PI * t + c * Math.PI;
      X.push([t * Math.cos(theta) + noise * gaussian(rng), t * Math.sin(theta) + noise * gaussian(rng)]);
      Y.push(c);
    }
  }
  return { X, Y };
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

const activate: Record<Activation, (z: number) => number> = {
  sigmoid,
  tanh: Math.tanh,
  relu: (z) => (z > 0 ? z : 0),
  leakyRelu: (z) => (z > 0 ? z : 0.01 * z),
};

const activatePrime: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => sigmoid(z) * sigmoid(-z),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  relu: (z) => (z > 0 ? 1 : 0),
  leakyRelu: (z) => (z > 0 ? 1 : 0.01),
};

const inits: Record<Init, (fanIn: number, fanOut: number, rng: () => number) => Matrix> = { smallUniform: (i, o, r) => smallUniform(i, o, r), xavierNormal, heNormal };

interface Layer {
  W: Matrix;
  b: Vector;
  gamma?: Vector;
  beta?: Vector;
  state?: BatchNormState;
}

/** What the backward pass needs from one hidden layer's forward pass. */
interface Trace {
  input: Matrix;
  /** the activation's argument: Z, or BN(Z) with batch norm */
  pre: Matrix;
  bn?: BatchNormCache;
}

/** Aᵀ·B. */
function transposeTimes(A: Matrix, B: Matrix): Matrix {
  const n = A[0]!.length;
  const k = B[0]!.length;
  const out = Array.from({ length: n }, () => new Array<number>(k).fill(0));
  A.forEach((row, i) => {
    const Bi = B[i]!;
    row.forEach((a, p) => {
      const target = out[p]!;
      for (let q = 0; q < k; q++) target[q] += a * Bi[q]!;
    });
  });
  return out;
}

function timesTranspose(D: Matrix, W: Matrix): Matrix {
  return D.map((row) => W.map((wRow) => wRow.reduce((s, w, j) => s + w * row[j]!, 0)));
}

const columnSums = (M: Matrix): Vector => M[0]!.map((_, j) => M.reduce((s, row) => s + row[j]!, 0));

function checkConfig(config: TrainConfig, data: Dataset): void {
  const whole = (name: keyof TrainConfig, min: number) => {
    const value = config[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new Error(`trainDeepNet: config.${name} must be a whole number ≥ ${min}, got ${String(value)}`);
  };
  whole('depth', 2);
  whole('width', 1);
  whole('steps', 0);
  whole('batchSize', 1);
  if (!(config.activation in activate)) throw new Error(`trainDeepNet: unknown activation '${String(config.activation)}'`);
  if (!(config.init in inits)) throw new Error(`trainDeepNet: unknown init '${String(config.init)}'`);
  if (!(config.lr > 0)) throw new Error(`trainDeepNet: config.lr must be positive, got ${String(config.lr)}`);
  if (config.clipNorm !== undefined && !(config.clipNorm > 0)) throw new Error(`trainDeepNet: config.clipNorm must be positive, got ${String(config.clipNorm)}`);
  if (data.X.length === 0 || data.X.length !== data.Y.length) throw new Error(`trainDeepNet: data.X has ${data.X.length} rows but data.Y has ${data.Y.length} entries`);
}

/**
 * depth layers: 2 → width, then depth − 2 of width → width, then width → 1 (the sigmoid output).
 * Hidden layer l: H = g(Z) or g(BN(Z)) with Z = A·W + b; with residual, layers 1 … depth−2 give A + H.
 */
export function trainDeepNet(config: TrainConfig, data: Dataset, rng: () => number): TrainResult {
  checkConfig(config, data);
  const { depth, width, lr, steps, batchSize } = config;
  const g = activate[config.activation];
  const gPrime = activatePrime[config.activation];
  const widths = [data.X[0]!.length, ...Array<number>(depth - 1).fill(width), 1];
  const layers: Layer[] = widths.slice(1).map((nOut, l) => {
    const layer: Layer = { W: inits[config.init](widths[l]!, nOut, rng), b: new Array<number>(nOut).fill(0) };
    if (config.batchNorm && l < depth - 1) {
      Object.assign(layer, { gamma: new Array<number>(nOut).fill(1), beta: new Array<number>(nOut).fill(0), state: { runningMean: new Array<number>(nOut).fill(0), runningVar: new Array<number>(nOut).fill(1) } });
    }
    return layer;
  });
  const skips = (l: number) => config.residual === true && l > 0 && l < depth - 1;

  const forward = (X: Matrix, training: boolean) => {
    const traces: Trace[] = [];
    let A = X;
    layers.forEach((layer, l) => {
      const Z = dense(A, layer.W, layer.b);
      if (l === depth - 1) {
        traces.push({ input: A, pre: Z });
        A = Z;
        return;
      }
      let pre = Z;
      let bn: BatchNormCache | undefined;
      if (layer.gamma) {
        const r = batchNormForward(Z, layer.gamma, layer.beta!, layer.state!, { training });
        pre = r.out;
        bn = r.cache;
        if (training) layer.state = r.state;
      }
      traces.push({ input: A, pre, bn });
      const H = pre.map((row) => row.map(g));
      A = skips(l) ? A.map((row, i) => row.map((a, j) => a + H[i]![j]!)) : H;
    });
    return { logits: A.map((row) => row[0]!), traces };
  };

  const lossHistory: number[] = [];
  const gradNormHistory: number[][] = [];
  const N = data.X.length;
  for (let step = 0; step < steps; step++) {
    const rows = Array.from({ length: batchSize }, () => Math.floor(rng() * N));
    const X = rows.map((i) => data.X[i]!);
    const Y = rows.map((i) => data.Y[i]!);
    const { logits, traces } = forward(X, true);
    const yHat = logits.map(sigmoid);
    lossHistory.push(bceLoss(yHat, Y));

    // Backward. δ is ∂L/∂Z of the current layer for L the batch's MEAN BCE, so it carries the 1/m from
    // the start: then dW = Aᵀ·δ and db = Σᵢ δ, and batchNormBackward's dγ = Σᵢ dOut·x̂ and dβ = Σᵢ dOut
    // (sums over the batch) come out as the mean loss's gradients too. Gout is ∂L/∂A of the layer's output.
    const m = X.length;
    const grads: { dW: Matrix; db: Vector; dGamma?: Vector; dBeta?: Vector }[] = new Array(depth);
    let delta: Matrix = yHat.map((p, i) => [(p - Y[i]!) / m]);
    let Gout: Matrix = [];
    let bnGrads: { dGamma?: Vector; dBeta?: Vector } = {};
    for (let l = depth - 1; l >= 0; l--) {
      grads[l] = { dW: transposeTimes(traces[l]!.input, delta), db: columnSums(delta), ...bnGrads };
      if (l === 0) break;
      const G = timesTranspose(delta, layers[l]!.W);
      // A skip: layer l's output was A_{l−1} + H_l, so A_{l−1} also receives Gout unchanged.
      if (skips(l)) G.forEach((row, i) => row.forEach((_, j) => (row[j] += Gout[i]![j]!)));
      Gout = G;
      const below = traces[l - 1]!;
      const dPre = G.map((row, i) => row.map((d, j) => d * gPrime(below.pre[i]![j]!)));
      bnGrads = {};
      if (below.bn) {
        const r = batchNormBackward(dPre, below.bn);
        delta = r.dX;
        bnGrads = { dGamma: r.dGamma, dBeta: r.dBeta };
      } else {
        delta = dPre;
      }
    }
    gradNormHistory.push(layerGradientNorms(grads));

    // One list of every parameter's gradient, as clip_grad_norm_(model.parameters()) sees it.
    const all: Matrix[] = grads.flatMap((gr) => [gr.dW, [gr.db], ...(gr.dGamma ? [[gr.dGamma], [gr.dBeta!]] : [])]);
    const clipped = config.clipNorm === undefined ? all : clipByGlobalNorm(all, config.clipNorm).clipped;
    let k = 0;
    layers.forEach((layer) => {
      const dW = clipped[k++]!;
      const db = clipped[k++]![0]!;
      layer.W = layer.W.map((row, i) => row.map((w, j) => w - lr * dW[i]![j]!));
      layer.b = layer.b.map((b, j) => b - lr * db[j]!);
      if (layer.gamma) {
        const dGamma = clipped[k++]![0]!;
        const dBeta = clipped[k++]![0]!;
        layer.gamma = layer.gamma.map((x, j) => x - lr * dGamma[j]!);
        layer.beta = layer.beta!.map((x, j) => x - lr * dBeta[j]!);
      }
    });
  }

  const { logits } = forward(data.X, false);
  const correct = logits.reduce((s, z, i) => s + ((z > 0 ? 1 : 0) === data.Y[i] ? 1 : 0), 0);
  return { lossHistory, gradNormHistory, accuracy: correct / N };
}
