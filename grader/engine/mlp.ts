/**
 * Oracles for the hidden suites, in the course's conventions (rows are examples,
 * W is n_in × n_out, Z = X·W + b), with every gradient produced by the engine's autodiff.
 */
import { batchNorm } from './batchnorm.js';
import { bceWithLogits } from './loss.js';
import { leakyRelu, relu, sigmoid, tanh } from './ops-activation.js';
import { add, mul } from './ops-binary.js';
import { matmul } from './ops-linalg.js';
import { sum } from './ops-reduce.js';
import { formatShape } from './shape.js';
import { Tensor } from './tensor.js';
import type { Activation } from '../../lib/types.js';

export type { Activation } from '../../lib/types.js';

export interface DenseLayer {
  W: number[][];
  b: number[];
}

export interface MlpGradients {
  loss: number;
  yHat: number[];
  /** Z[l] = A[l−1]·W[l] + b[l] (m × n_l), with A[−1] = X. */
  Z: number[][][];
  /** A[l] = g(Z[l]): the hidden activation, and sigmoid for the last layer (so A[L−1] is yHat as m×1). X is not included. */
  A: number[][][];
  grads: { dW: number[][]; db: number[] }[];
}

const activations: Record<Activation, (z: Tensor) => Tensor> = {
  sigmoid,
  tanh,
  relu,
  leakyRelu: (z) => leakyRelu(z, 0.01),
};

/**
 * Every layer but the last uses `hidden`; the last has one sigmoid output unit; loss = mean BCE.
 * The loss is computed from the logits (bceWithLogits), which equals BCE(σ(z), Y) but stays
 * finite when σ saturates, and gives exactly (ŷ − y)/m at the output.
 */
export function mlpGradients(layers: DenseLayer[], X: number[][], Y: number[], hidden: Activation): MlpGradients {
  if (!(hidden in activations)) throw new Error(`mlpGradients: unknown activation '${String(hidden)}'`);
  if (layers.length === 0) throw new Error('mlpGradients: needs at least one layer');
  const x = Tensor.from(X);
  if (x.shape.length !== 2) throw new Error(`mlpGradients: X must be a matrix (examples × features), got ${formatShape(x.shape)}`);
  const m = x.shape[0]!;
  if (Y.length !== m) throw new Error(`mlpGradients: X is ${formatShape(x.shape)} but Y has ${Y.length} entries`);
  const params = layers.map(({ W, b }) => ({ W: Tensor.param(W), b: Tensor.param(b) }));
  params.forEach(({ W, b }, l) => {
    const nIn = l === 0 ? x.shape[1]! : params[l - 1]!.W.shape[1]!;
    const nOut = l === layers.length - 1 ? 1 : W.shape[1];
    if (W.shape.length !== 2 || W.shape[0] !== nIn || W.shape[1] !== nOut) {
      throw new Error(`mlpGradients: layer ${l} W is ${formatShape(W.shape)} but expected ${nIn}x${nOut ?? '?'}`);
    }
    if (b.shape.length !== 1 || b.shape[0] !== nOut) {
      throw new Error(`mlpGradients: layer ${l} W is ${formatShape(W.shape)} but b is ${formatShape(b.shape)}`);
    }
  });

  const Zs: Tensor[] = [], As: Tensor[] = [];
  let a = x;
  params.forEach(({ W, b }, l) => {
    const z = add(matmul(a, W), b);
    a = l === params.length - 1 ? sigmoid(z) : activations[hidden](z);
    Zs.push(z);
    As.push(a);
  });
  const loss = bceWithLogits(Zs[Zs.length - 1]!, Tensor.from(Y));
  loss.backward();
  return {
    loss: loss.item(),
    yHat: Array.from(a.data),
    Z: Zs.map((t) => t.toArray() as number[][]),
    A: As.map((t) => t.toArray() as number[][]),
    grads: params.map(({ W, b }) => ({ dW: W.gradArray() as number[][], db: b.gradArray() as number[] })),
  };
}

/** Training-mode batch norm and its gradients, from autodiff of sum(out ⊙ dout). */
export function batchNormGradients(
  X: number[][],
  gamma: number[],
  beta: number[],
  dout: number[][],
  eps = 1e-5,
): { out: number[][]; dX: number[][]; dGamma: number[]; dBeta: number[] } {
  const x = Tensor.param(X), g = Tensor.param(gamma), b = Tensor.param(beta);
  const out = batchNorm(x, g, b, eps);
  const upstream = Tensor.from(dout);
  if (upstream.shape.join() !== out.shape.join()) {
    throw new Error(`batchNormGradients: X is ${formatShape(out.shape)} but dout is ${formatShape(upstream.shape)}`);
  }
  sum(mul(out, upstream)).backward();
  return {
    out: out.toArray() as number[][],
    dX: x.gradArray() as number[][],
    dGamma: g.gradArray() as number[],
    dBeta: b.gradArray() as number[],
  };
}
