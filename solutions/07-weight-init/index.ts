/** Unit 07 — reference solution. The symmetry experiment trains with unit 04's forward and backward. */
import { gaussian } from '@course/random';
import type { Matrix, Rng, Vector } from '@course/types';
import { backward, bceLoss, forward, type Activation, type Params } from '../04-backprop-mlp/index';

function checkFans(name: string, fanIn: number, fanOut: number): void {
  for (const [label, n] of [['fanIn', fanIn], ['fanOut', fanOut]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: ${label} must be a whole number >= 1, got ${n}`);
  }
}

/** A fanIn × fanOut matrix of independent draws. */
function fill(fanIn: number, fanOut: number, draw: () => number): Matrix {
  return Array.from({ length: fanIn }, () => Array.from({ length: fanOut }, draw));
}

const uniform = (rng: Rng, limit: number) => () => (2 * rng() - 1) * limit; // U(−limit, limit)
const normal = (rng: Rng, std: number) => () => gaussian(rng, 0, std);

export function smallUniform(fanIn: number, fanOut: number, rng: Rng, limit = 0.5): Matrix {
  checkFans('smallUniform', fanIn, fanOut);
  return fill(fanIn, fanOut, uniform(rng, limit));
}

/** Var(w) = 1/fanIn: keeps Var(z) = Var(a) for a linear (or tanh-near-0) layer. */
export function lecunNormal(fanIn: number, fanOut: number, rng: Rng): Matrix {
  checkFans('lecunNormal', fanIn, fanOut);
  return fill(fanIn, fanOut, normal(rng, Math.sqrt(1 / fanIn)));
}

/** Var(w) = 2/(fanIn + fanOut): a compromise between the forward (fanIn) and backward (fanOut) passes. */
export function xavierNormal(fanIn: number, fanOut: number, rng: Rng): Matrix {
  checkFans('xavierNormal', fanIn, fanOut);
  return fill(fanIn, fanOut, normal(rng, Math.sqrt(2 / (fanIn + fanOut))));
}

/** U(−a, a) has variance a²/3, so a = √(3 · 2/(fanIn + fanOut)) = √(6/(fanIn + fanOut)). */
export function xavierUniform(fanIn: number, fanOut: number, rng: Rng): Matrix {
  checkFans('xavierUniform', fanIn, fanOut);
  return fill(fanIn, fanOut, uniform(rng, Math.sqrt(6 / (fanIn + fanOut))));
}

/** Var(w) = 2/fanIn: ReLU zeroes half of its inputs, and the 2 puts that variance back. */
export function heNormal(fanIn: number, fanOut: number, rng: Rng): Matrix {
  checkFans('heNormal', fanIn, fanOut);
  return fill(fanIn, fanOut, normal(rng, Math.sqrt(2 / fanIn)));
}

/** a = √(3 · 2/fanIn) = √(6/fanIn). */
export function heUniform(fanIn: number, fanOut: number, rng: Rng): Matrix {
  checkFans('heUniform', fanIn, fanOut);
  return fill(fanIn, fanOut, uniform(rng, Math.sqrt(6 / fanIn)));
}

const LINEAR = ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d'];

/** torch.nn.init.calculate_gain: the factor that multiplies √(1/fanIn)-type standard deviations. */
export function calculateGain(nonlinearity: string, param?: number): number {
  if (LINEAR.includes(nonlinearity) || nonlinearity === 'sigmoid') return 1;
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (!Number.isFinite(slope)) throw new Error(`calculateGain: negative_slope ${slope} is not a valid number`);
      return Math.sqrt(2 / (1 + slope ** 2));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new Error(`calculateGain: unsupported nonlinearity "${nonlinearity}"`);
  }
}

// ---- the two experiments ----

export type Init = (fanIn: number, fanOut: number, rng: Rng) => Matrix;
export type DepthActivation = 'relu' | 'tanh' | 'sigmoid';

export interface DepthShape {
  depth: number;
  width: number;
  batch: number;
}

export interface DepthStats {
  rms: Vector;
  saturated: Vector;
}

const depthActivations: Record<DepthActivation, (z: number) => number> = {
  relu: (z) => (z > 0 ? z : 0),
  tanh: Math.tanh,
  sigmoid: (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))),
};

/** On a flat end of the curve, where the slope is almost 0. ReLU has no flat end for z > 0. */
const onFlatEnd: Record<DepthActivation, (a: number) => boolean> = {
  relu: () => false,
  tanh: (a) => Math.abs(a) > 0.99,
  sigmoid: (a) => a < 0.01 || a > 0.99,
};

function checkDepthShape({ depth, width, batch }: DepthShape): void {
  for (const [label, n] of [['depth', depth], ['width', width], ['batch', batch]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`activationStatsThroughDepth: ${label} must be a whole number >= 1, got ${n}`);
  }
}

/** A·W for a batch A (rows are examples); the inner loop skips the zeros ReLU leaves. */
function times(A: Matrix, W: Matrix): Matrix {
  const out = A.map(() => new Array<number>(W[0]!.length).fill(0));
  A.forEach((row, i) => {
    row.forEach((a, k) => {
      if (a === 0) return;
      const w = W[k]!;
      for (let j = 0; j < w.length; j++) out[i]![j]! += a * w[j]!;
    });
  });
  return out;
}

/**
 * The lesson's experiment: X (batch × width, N(0, 1) from rng) through `depth` layers
 * A ← g(A·W) with W = init(width, width, rng), no biases. Per layer, first to last: the RMS of the
 * activations and the fraction on a flat end of g.
 */
export function activationStatsThroughDepth(init: Init, activation: DepthActivation, shape: DepthShape, rng: Rng): DepthStats {
  checkDepthShape(shape);
  const g = depthActivations[activation];
  if (!g) throw new Error(`activationStatsThroughDepth: unknown activation "${activation}" (use 'relu', 'tanh' or 'sigmoid')`);
  const { depth, width, batch } = shape;
  let A: Matrix = Array.from({ length: batch }, () => Array.from({ length: width }, () => gaussian(rng)));
  const rms: Vector = [];
  const saturated: Vector = [];
  for (let layer = 0; layer < depth; layer++) {
    const W = init(width, width, rng);
    if (W.length !== width || W.some((row) => row.length !== width)) {
      throw new Error(`activationStatsThroughDepth: init(${width}, ${width}, rng) returned a ${W.length}x${W[0]?.length ?? 0} matrix`);
    }
    A = times(A, W).map((row) => row.map(g));
    const values = A.flat();
    rms.push(Math.sqrt(values.reduce((s, a) => s + a * a, 0) / values.length));
    saturated.push(values.filter(onFlatEnd[activation]).length / values.length);
  }
  return { rms, saturated };
}

export interface TwoLayerConfig {
  hidden: number;
  activation: Activation;
  steps: number;
  lr: number;
}

/**
 * Unit 04's 2-layer net with W1 = init(nIn, hidden, rng), then W2 = init(hidden, 1, rng), zero
 * biases, trained by `steps` full-batch gradient-descent steps. lossHistory: the loss before each
 * step and after the last (steps + 1 numbers).
 */
export function trainTwoLayerNet(init: Init, data: { X: Matrix; Y: Vector }, { hidden, activation, steps, lr }: TwoLayerConfig, rng: Rng): { params: Params; lossHistory: Vector } {
  if (!Number.isInteger(hidden) || hidden < 1) throw new Error(`trainTwoLayerNet: hidden must be a whole number >= 1, got ${hidden}`);
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`trainTwoLayerNet: steps must be a whole number >= 0, got ${steps}`);
  const nIn = data.X[0]?.length ?? 0;
  let params: Params = { W1: init(nIn, hidden, rng), b1: new Array<number>(hidden).fill(0), W2: init(hidden, 1, rng), b2: [0] };
  const step = (p: Vector, dp: Vector) => p.map((v, i) => v - lr * dp[i]!);
  const lossHistory: Vector = [];
  for (let k = 0; ; k++) {
    const { yHat, cache } = forward(params, data.X, activation);
    lossHistory.push(bceLoss(yHat, data.Y));
    if (k === steps) break;
    const g = backward(params, cache, data.Y, activation);
    params = {
      W1: params.W1.map((row, i) => step(row, g.dW1[i]!)),
      b1: step(params.b1, g.db1),
      W2: params.W2.map((row, i) => step(row, g.dW2[i]!)),
      b2: step(params.b2, g.db2),
    };
  }
  return { params, lossHistory };
}

/**
 * How different the hidden units are: the largest |W1[i][j] − W1[i][0]| over every input i and
 * hidden unit j (a hidden unit's incoming weights are a COLUMN of W1). 0 when every unit is a copy.
 */
export function hiddenUnitSpread(params: { W1: Matrix }): number {
  let spread = 0;
  for (const row of params.W1) for (const w of row) spread = Math.max(spread, Math.abs(w - row[0]!));
  return spread;
}
