/**
 * What the units' live references share (`reference` in lessons/experiments/live/<slug>.ts): each
 * writes its unit's contract functions with the course's reference engine (grader/engine), so the
 * page computes with the same oracle the hidden suites use, and never with solutions/.
 */
import * as E from '../../../grader/engine/index';

export type Matrix = number[][];
export type Act = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu';

export const T = (v: number | number[] | number[][], requiresGrad = false) => E.Tensor.from(v, { requiresGrad });
export const scalar = (t: E.Tensor) => t.data[0]!;
/** The hidden activation's engine op. */
export const activation: Record<Act, (t: E.Tensor) => E.Tensor> = { sigmoid: E.sigmoid, tanh: E.tanh, relu: E.relu, leakyRelu: (t) => E.leakyRelu(t, 0.01) };

/** d f(z) / dz through the engine's autodiff. */
export function derivative(f: (t: E.Tensor) => E.Tensor, z: number): number {
  const t = T(z, true);
  f(t).backward();
  return t.grad![0]!;
}

export const frobenius = (M: Matrix) => scalar(E.frobeniusNorm(T(M)));
