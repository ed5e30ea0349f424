/**
 * Oracle for unit 11: a residual MLP, A_0 = X, A_l = A_{l−1} + g(A_{l−1}·W_l + b_l), one sigmoid
 * output unit on A_L, mean BCE, every gradient from the engine's autodiff (the skip is just `add`).
 */
import { bceWithLogits } from './loss.js';
import { leakyRelu, relu, sigmoid, tanh } from './ops-activation.js';
import { add } from './ops-binary.js';
import { scale } from './ops-unary.js';
import { matmul } from './ops-linalg.js';
import { formatShape } from './shape.js';
import { Tensor } from './tensor.js';
import type { Activation, DenseLayer } from './mlp.js';

export interface ResidualGradients {
  loss: number;
  /** Z[l] = A_{l}·W_l + b_l of block l (m × n). */
  Z: number[][][];
  /** A[l]: the stream after block l (m × n); X is not included. */
  A: number[][][];
  /** the logits A_L·W_h + b_h */
  logits: number[];
  /** one { dW, db } per block, first to last, then the head's */
  grads: { dW: number[][]; db: number[] }[];
}

const activations: Record<Activation, (z: Tensor) => Tensor> = { sigmoid, tanh, relu, leakyRelu: (z) => leakyRelu(z, 0.01) };

/** `branchScale` multiplies each block's branch (1 by default; ~1/√L is the fix lesson 11 shows). */
export function residualGradients(blocks: DenseLayer[], head: DenseLayer, X: number[][], Y: number[], hidden: Activation, branchScale = 1): ResidualGradients {
  if (!(hidden in activations)) throw new Error(`residualGradients: unknown activation '${String(hidden)}'`);
  const x = Tensor.from(X);
  const n = x.shape[1]!;
  if (Y.length !== x.shape[0]) throw new Error(`residualGradients: X is ${formatShape(x.shape)} but Y has ${Y.length} entries`);
  const params = blocks.map(({ W, b }) => ({ W: Tensor.param(W), b: Tensor.param(b) }));
  for (const [l, { W, b }] of params.entries()) {
    if (W.shape.join() !== `${n},${n}` || b.shape.join() !== `${n}`) throw new Error(`residualGradients: block ${l} W is ${formatShape(W.shape)}, b ${formatShape(b.shape)}, but X is ${formatShape(x.shape)}`);
  }
  const h = { W: Tensor.param(head.W), b: Tensor.param(head.b) };
  if (h.W.shape.join() !== `${n},1` || h.b.shape.join() !== '1') throw new Error(`residualGradients: the head's W is ${formatShape(h.W.shape)} but X is ${formatShape(x.shape)}`);
  const Zs: Tensor[] = [], As: Tensor[] = [];
  let a = x;
  for (const { W, b } of params) {
    const z = add(matmul(a, W), b);
    a = add(a, scale(activations[hidden](z), branchScale));
    Zs.push(z);
    As.push(a);
  }
  const logits = add(matmul(a, h.W), h.b);
  const loss = bceWithLogits(logits, Tensor.from(Y));
  loss.backward();
  return {
    loss: loss.item(),
    Z: Zs.map((t) => t.toArray() as number[][]),
    A: As.map((t) => t.toArray() as number[][]),
    logits: Array.from(logits.data),
    grads: [...params, h].map(({ W, b }) => ({ dW: W.gradArray() as number[][], db: b.gradArray() as number[] })),
  };
}
