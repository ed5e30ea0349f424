/**
 * Oracles for unit 07's two experiments, written with the engine's ops:
 *  - the 30-layer activation experiment: a batch of standard-normal inputs through `depth` square
 *    layers (no biases), weights from an init function, per-layer RMS and saturated fraction;
 *  - the symmetry experiment: a 2-layer net (unit 04's) trained by full-batch gradient descent,
 *    every gradient from the engine's autodiff (mlpGradients), and how far its hidden units differ.
 * The hidden suite's bands for the random runs come from these oracles over many seeds
 * (test/misconceptions/07-weight-init.test.ts re-runs them), never from solutions/.
 */
import { mlpGradients, type Activation } from './mlp.js';
import { relu, sigmoid, tanh } from './ops-activation.js';
import { matmul } from './ops-linalg.js';
import { randomTensor } from './random.js';
import { Tensor } from './tensor.js';

type Matrix = number[][];
type Rng = () => number;
export type InitFn = (fanIn: number, fanOut: number, rng: Rng) => Matrix;
export type DepthActivation = 'relu' | 'tanh' | 'sigmoid';

export interface DepthStats {
  /** RMS of each layer's activations, first layer to last (the input is not included) */
  rms: number[];
  /** fraction of each layer's activations on a flat end of the activation (0 for relu) */
  saturated: number[];
}

const ops: Record<DepthActivation, (z: Tensor) => Tensor> = { relu, tanh, sigmoid };

/** On a flat end: |a| > 0.99 for tanh, a < 0.01 or a > 0.99 for sigmoid; ReLU has none for z > 0. */
function isSaturated(activation: DepthActivation, a: number): boolean {
  if (activation === 'tanh') return Math.abs(a) > 0.99;
  if (activation === 'sigmoid') return a < 0.01 || a > 0.99;
  return false;
}

/** X (batch × width) ~ N(0, 1) from rng, then each layer draws W = init(width, width, rng) and applies the activation. */
export function activationStatsReference(init: InitFn, activation: DepthActivation, { depth, width, batch }: { depth: number; width: number; batch: number }, rng: Rng): DepthStats {
  let A = randomTensor([batch, width], rng);
  const rms: number[] = [];
  const saturated: number[] = [];
  for (let layer = 0; layer < depth; layer++) {
    A = ops[activation](matmul(A, Tensor.from(init(width, width, rng))));
    let squares = 0;
    let flat = 0;
    for (const a of A.data) {
      squares += a * a;
      if (isSaturated(activation, a)) flat++;
    }
    rms.push(Math.sqrt(squares / A.data.length));
    saturated.push(flat / A.data.length);
  }
  return { rms, saturated };
}

export interface TwoLayerParams {
  W1: Matrix;
  b1: number[];
  W2: Matrix;
  b2: number[];
}

/**
 * Full-batch gradient descent on unit 04's 2-layer net from the given weights (zero biases):
 * `steps` updates θ ← θ − lr·∂L/∂θ. lossHistory has steps + 1 entries: the loss before each
 * update and after the last.
 */
export function trainTwoLayerReference(W1: Matrix, W2: Matrix, data: { X: Matrix; Y: number[] }, activation: Activation, steps: number, lr: number): { params: TwoLayerParams; lossHistory: number[] } {
  let layers = [
    { W: W1.map((r) => [...r]), b: W1[0]!.map(() => 0) },
    { W: W2.map((r) => [...r]), b: [0] },
  ];
  const lossHistory: number[] = [];
  for (let step = 0; step <= steps; step++) {
    const { loss, grads } = mlpGradients(layers, data.X, data.Y, activation);
    lossHistory.push(loss);
    if (step === steps) break;
    layers = layers.map(({ W, b }, l) => ({
      W: W.map((row, i) => row.map((w, j) => w - lr * grads[l]!.dW[i]![j]!)),
      b: b.map((v, j) => v - lr * grads[l]!.db[j]!),
    }));
  }
  return { params: { W1: layers[0]!.W, b1: layers[0]!.b, W2: layers[1]!.W, b2: layers[1]!.b }, lossHistory };
}

/**
 * How different the hidden units are: the largest |W1[i][j] − W1[i][0]| over every input i and
 * hidden unit j (unit j's incoming weights are column j of W1). 0 exactly when every hidden unit
 * has the same incoming weights as the first.
 */
export function hiddenUnitSpreadReference({ W1 }: { W1: Matrix }): number {
  let spread = 0;
  for (const row of W1) for (const w of row) spread = Math.max(spread, Math.abs(w - row[0]!));
  return spread;
}
