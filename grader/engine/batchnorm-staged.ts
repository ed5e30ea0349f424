/**
 * Unit 08's staged graph: training-mode batch norm spelled out with primitive ops, one tensor per
 * stage of CS231n's derivation (μ, c = x − μ, v = mean(c²), s = √(v + ε), ι = 1/s, x̂ = c·ι,
 * γ·x̂, + β), so that autodiff of Σ out ⊙ dout leaves the gradient of every stage in its `.grad`.
 * An independent route to the fused `batchNorm` op's closed form (test/engine checks they agree).
 */
import { add, div, mul, sub } from './ops-binary.js';
import { mean, sum } from './ops-reduce.js';
import { sqrt, square } from './ops-unary.js';
import { formatShape } from './shape.js';
import { Tensor } from './tensor.js';

export interface BatchNormStageGradients {
  out: number[][];
  dX: number[][];
  dGamma: number[];
  dBeta: number[];
  /** ∂L/∂x̂ */
  dXHat: number[][];
  /** ∂L/∂ι, ι = 1/√(v + ε) */
  dInvStd: number[];
  /** ∂L/∂s, s = √(v + ε) */
  dStd: number[];
  /** ∂L/∂v, v the biased variance */
  dVar: number[];
  /** ∂L/∂c, c = x − μ (both of its paths) */
  dCentred: number[][];
  /** ∂L/∂μ */
  dMean: number[];
  /** the forward values the stages used */
  centred: number[][];
  invStd: number[];
}

export function batchNormStages(X: number[][], gamma: number[], beta: number[], dout: number[][], eps = 1e-5): BatchNormStageGradients {
  const x = Tensor.param(X), g = Tensor.param(gamma), b = Tensor.param(beta);
  const mu = mean(x, 0);
  const centred = sub(x, mu);
  const variance = mean(square(centred), 0);
  const std = sqrt(add(variance, Tensor.from(eps)));
  const invStd = div(Tensor.from(1), std);
  const xHat = mul(centred, invStd);
  const out = add(mul(g, xHat), b);
  const upstream = Tensor.from(dout);
  if (upstream.shape.join() !== out.shape.join()) {
    throw new Error(`batchNormStages: X is ${formatShape(out.shape)} but dout is ${formatShape(upstream.shape)}`);
  }
  sum(mul(out, upstream)).backward();
  const m = (t: Tensor) => t.gradArray() as number[][];
  const v = (t: Tensor) => t.gradArray() as number[];
  return {
    out: out.toArray() as number[][],
    dX: m(x),
    dGamma: v(g),
    dBeta: v(b),
    dXHat: m(xHat),
    dInvStd: v(invStd),
    dStd: v(std),
    dVar: v(variance),
    dCentred: m(centred),
    dMean: v(mu),
    centred: centred.toArray() as number[][],
    invStd: invStd.toArray() as number[],
  };
}
