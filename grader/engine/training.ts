/**
 * Oracle for unit 12: the two-spirals data set and a mini-batch SGD trainer for deep MLPs (plain,
 * batch norm, residual, global-norm clipping), with every gradient from the engine's autodiff.
 * The hidden suite's thresholds come from runs of this trainer over several seeds
 * (scripts/deep-training-thresholds.ts prints them), never from solutions/.
 */
import { batchNorm } from './batchnorm.js';
import { bceWithLogits } from './loss.js';
import { leakyRelu, relu, sigmoid, tanh } from './ops-activation.js';
import { add } from './ops-binary.js';
import { matmul } from './ops-linalg.js';
import { randn } from './random.js';
import { Tensor } from './tensor.js';
import type { Activation } from './mlp.js';

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

/** What `onGradients` sees at every step, after backward and before the norms, clipping and update. */
export interface StepGradients {
  step: number;
  /** the mini-batch's row indices into data */
  rows: number[];
  /** per layer: its parameters' current values, W (row-major, fanIn × fanOut), b, and with batch norm γ, β (live arrays the update changes: copy them to keep them) */
  params: Float64Array[][];
  /**
   * per layer, in the same order: the gradients of the mini-batch's MEAN BCE. These are the engine's own
   * arrays: a hook may change them in place (the misconception plants plant a slip this way).
   */
  grads: Float64Array[][];
}

export interface TrainHooks {
  onGradients?: (step: StepGradients) => void;
}

/**
 * Two interleaved spirals of radius 1 and three quarters of a turn: for class c and i = 0 … n−1, t = i/n,
 * θ = 1.5π·t + c·π, x = (t·cos θ, t·sin θ) + noise·N(0, 1) per coordinate. Class 0's rows come first.
 */
export function spirals(nPerClass: number, rng: () => number, noise = 0.1): { X: number[][]; Y: number[] } {
  const X: number[][] = [];
  const Y: number[] = [];
  for (const c of [0, 1]) {
    for (let i = 0; i < nPerClass; i++) {
      const t = i / nPerClass;
      const theta = 1.5 * Math.PI * t + c * Math.PI;
      X.push([t * Math.cos(theta) + noise * randn(rng), t * Math.sin(theta) + noise * randn(rng)]);
      Y.push(c);
    }
  }
  return { X, Y };
}

const activations: Record<Activation, (z: Tensor) => Tensor> = { sigmoid, tanh, relu, leakyRelu: (z) => leakyRelu(z, 0.01) };

function initWeights(init: Init, fanIn: number, fanOut: number, rng: () => number): Float64Array {
  const w = new Float64Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) {
    if (init === 'smallUniform') w[i] = rng() - 0.5;
    else if (init === 'xavierNormal') w[i] = Math.sqrt(2 / (fanIn + fanOut)) * randn(rng);
    else w[i] = Math.sqrt(2 / fanIn) * randn(rng);
  }
  return w;
}

interface Layer {
  W: Float64Array;
  b: Float64Array;
  shape: [number, number];
  gamma?: Float64Array;
  beta?: Float64Array;
  runningMean?: Float64Array;
  runningVar?: Float64Array;
}

const leaf = (data: Float64Array, shape: number[]) => new Tensor(data, shape, true);

/**
 * Layer 0 maps 2 → width, layers 1 … depth−2 width → width, the last width → 1 (a sigmoid output).
 * Hidden layer l computes H = g(BN(A·W + b)) (BN only with batchNorm); with residual, layers
 * 1 … depth−2 add it to their input (A + H). Gradient norms are taken before clipping; clipping
 * scales every parameter's gradient by one global factor (PyTorch's clip_grad_norm_ rule).
 */
export function trainReference(config: TrainConfig, data: { X: number[][]; Y: number[] }, rng: () => number, hooks: TrainHooks = {}): TrainResult {
  const { depth, width, activation, init, lr, steps, batchSize } = config;
  const g = activations[activation];
  const widths = [data.X[0]!.length, ...Array<number>(depth - 1).fill(width), 1];
  const layers: Layer[] = widths.slice(1).map((nOut, l) => {
    const nIn = widths[l]!;
    const layer: Layer = { W: initWeights(init, nIn, nOut, rng), b: new Float64Array(nOut), shape: [nIn, nOut] };
    if (config.batchNorm && l < depth - 1) Object.assign(layer, { gamma: new Float64Array(nOut).fill(1), beta: new Float64Array(nOut), runningMean: new Float64Array(nOut), runningVar: new Float64Array(nOut).fill(1) });
    return layer;
  });
  const N = data.X.length;
  const forward = (X: number[][], training: boolean, params?: Tensor[][]) => {
    let a = Tensor.from(X);
    layers.forEach((layer, l) => {
      const [W, b, gamma, beta] = params ? params[l]! : [new Tensor(layer.W, layer.shape), new Tensor(layer.b, [layer.shape[1]])];
      let z = add(matmul(a, W!), b!);
      if (l === depth - 1) {
        a = z;
        return;
      }
      if (layer.gamma) {
        if (training) {
          updateRunningStats(layer, z);
          z = batchNorm(z, gamma!, beta!, 1e-5);
        } else {
          z = evalBatchNorm(layer, z);
        }
      }
      const h = g(z);
      a = config.residual && l > 0 ? add(a, h) : h;
    });
    return a; // logits, m × 1
  };
  const lossHistory: number[] = [];
  const gradNormHistory: number[][] = [];
  for (let step = 0; step < steps; step++) {
    const rows = Array.from({ length: batchSize }, () => Math.floor(rng() * N));
    const params = layers.map((layer) => {
      const p = [leaf(layer.W, layer.shape), leaf(layer.b, [layer.shape[1]])];
      if (layer.gamma) p.push(leaf(layer.gamma, [layer.shape[1]]), leaf(layer.beta!, [layer.shape[1]]));
      return p;
    });
    const loss = bceWithLogits(forward(rows.map((i) => data.X[i]!), true, params), Tensor.from(rows.map((i) => data.Y[i]!)));
    loss.backward();
    lossHistory.push(loss.item());
    hooks.onGradients?.({ step, rows, params: params.map((p) => p.map((t) => t.data)), grads: params.map((p) => p.map((t) => t.grad!)) });
    const norm = (t: Tensor) => Math.sqrt(t.grad!.reduce((s, x) => s + x * x, 0));
    gradNormHistory.push(params.map((p) => norm(p[0]!)));
    let factor = 1;
    if (config.clipNorm !== undefined) {
      const total = Math.sqrt(params.flat().reduce((s, t) => s + norm(t) ** 2, 0));
      const scale = config.clipNorm / (total + 1e-6);
      if (scale < 1) factor = scale;
    }
    params.forEach((p, l) => {
      const layer = layers[l]!;
      const targets = [layer.W, layer.b, layer.gamma, layer.beta];
      p.forEach((t, k) => {
        const target = targets[k]!;
        for (let i = 0; i < target.length; i++) target[i] -= lr * factor * t.grad![i]!;
      });
    });
  }
  const logits = forward(data.X, false).data;
  const correct = data.Y.reduce((s, y, i) => s + ((logits[i]! > 0 ? 1 : 0) === y ? 1 : 0), 0);
  return { lossHistory, gradNormHistory, accuracy: correct / N };
}

/** PyTorch's running statistics: momentum 0.1, the unbiased variance. */
function updateRunningStats(layer: Layer, z: Tensor): void {
  const [m, n] = z.shape as [number, number];
  for (let j = 0; j < n; j++) {
    let mean = 0;
    for (let i = 0; i < m; i++) mean += z.data[i * n + j]!;
    mean /= m;
    let ss = 0;
    for (let i = 0; i < m; i++) ss += (z.data[i * n + j]! - mean) ** 2;
    layer.runningMean![j] = 0.9 * layer.runningMean![j]! + 0.1 * mean;
    layer.runningVar![j] = 0.9 * layer.runningVar![j]! + 0.1 * (ss / (m - 1));
  }
}

function evalBatchNorm(layer: Layer, z: Tensor): Tensor {
  const [m, n] = z.shape as [number, number];
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] = layer.gamma![j]! * ((z.data[i * n + j]! - layer.runningMean![j]!) / Math.sqrt(layer.runningVar![j]! + 1e-5)) + layer.beta![j]!;
    }
  }
  return new Tensor(out, [m, n]);
}
