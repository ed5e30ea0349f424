/** Unit 07 — reference solution. */
import { gaussian } from '@course/random';
import type { Matrix, Rng } from '@course/types';

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
