/**
 * Oracle for unit 09's dying-ReLU experiment: the course's toy problem and a full-batch gradient
 * descent trainer for a one-hidden-layer net, every gradient from the engine's autodiff. The hidden
 * suite's thresholds come from runs of this trainer over several seeds
 * (scripts/dying-relu-thresholds.ts prints them), never from solutions/.
 */
import { bceWithLogits } from './loss.js';
import { leakyRelu, relu } from './ops-activation.js';
import { add } from './ops-binary.js';
import { matmul } from './ops-linalg.js';
import { randn } from './random.js';
import { Tensor } from './tensor.js';

export type DyingActivation = 'relu' | 'leakyRelu';

export interface DyingConfig {
  activation: DyingActivation;
  width: number;
  /** added to every hidden bias at initialization (0: a healthy layer; −10: the course's very negative biases) */
  biasShift: number;
  lr: number;
  steps: number;
}

export interface DyingHistory {
  /** per step, the fraction of hidden units that are ≤ 0 on every example (before that step's update) */
  deadFraction: number[];
  /** per step, the mean BCE on all of the data (before that step's update) */
  loss: number[];
  /** per step, √(‖dW1‖² + ‖db1‖²): the whole hidden layer's gradient */
  hiddenGradNorm: number[];
}

/**
 * The course's toy problem: `half` points uniform in [−1, 1]², then the same points mirrored
 * (x → −x); y = 1 when x₁ + 0.5·x₂ > 0. Mirroring makes the classes exactly balanced and puts,
 * for every unit with zero bias, a positive z on one of each pair of examples.
 */
export function dyingToyProblem(half: number, rng: () => number): { X: number[][]; Y: number[] } {
  const H = Array.from({ length: half }, () => [2 * rng() - 1, 2 * rng() - 1]);
  const X = [...H, ...H.map(([a, b]) => [-a!, -b!])];
  return { X, Y: X.map(([a, b]) => (a! + 0.5 * b! > 0 ? 1 : 0)) };
}

/**
 * W1 (n_in × width) ~ N(0, 2/n_in) (He), b1 = biasShift, W2 (width × 1) ~ N(0, 1/width), b2 = 0;
 * hidden activation relu or leakyRelu (slope 0.01), sigmoid output, mean BCE, plain full-batch
 * gradient descent with rate lr for `steps` steps.
 */
export function trainDyingReference(config: DyingConfig, data: { X: number[][]; Y: number[] }, rng: () => number): DyingHistory {
  const { activation, width, biasShift, lr, steps } = config;
  const nIn = data.X[0]!.length;
  const W1 = Float64Array.from({ length: nIn * width }, () => Math.sqrt(2 / nIn) * randn(rng));
  const b1 = new Float64Array(width).fill(biasShift);
  const W2 = Float64Array.from({ length: width }, () => Math.sqrt(1 / width) * randn(rng));
  const b2 = new Float64Array(1);
  const g = activation === 'relu' ? relu : (z: Tensor) => leakyRelu(z, 0.01);
  const X = Tensor.from(data.X);
  const Y = Tensor.from(data.Y);
  const history: DyingHistory = { deadFraction: [], loss: [], hiddenGradNorm: [] };
  for (let step = 0; step < steps; step++) {
    const p = [new Tensor(W1, [nIn, width], true), new Tensor(b1, [width], true), new Tensor(W2, [width, 1], true), new Tensor(b2, [1], true)];
    const z1 = add(matmul(X, p[0]!), p[1]!);
    const loss = bceWithLogits(add(matmul(g(z1), p[2]!), p[3]!), Y);
    loss.backward();
    const m = data.X.length;
    let dead = 0;
    for (let j = 0; j < width; j++) {
      let alive = false;
      for (let i = 0; i < m && !alive; i++) alive = z1.data[i * width + j]! > 0;
      if (!alive) dead++;
    }
    history.deadFraction.push(dead / width);
    history.loss.push(loss.item());
    const sq = (t: Tensor) => t.grad!.reduce((s, x) => s + x * x, 0);
    history.hiddenGradNorm.push(Math.sqrt(sq(p[0]!) + sq(p[1]!)));
    [W1, b1, W2, b2].forEach((target, k) => {
      const grad = p[k]!.grad!;
      for (let i = 0; i < target.length; i++) target[i] -= lr * grad[i]!;
    });
  }
  return history;
}
