// A correct unit 02 written here (not taken from solutions/), and each catalogued slip planted in it.
// An independent, correct chain (not imported from solutions/).
import { stableSigmoid as sig } from '../../../grader/engine/scalar';
export const sigPrime = (z: number) => sig(z) * sig(-z);

export function forward(x: number, weights: number[]) {
  const z: number[] = [];
  const a: number[] = [];
  weights.forEach((w, k) => {
    z.push(w * (k === 0 ? x : a[k - 1]!));
    a.push(sig(z[k]!));
  });
  return { z, a };
}

interface Options {
  withWeight?: boolean;
  local?: (z: number, a: number) => number;
  reversed?: boolean;
}

export function backwardWith({ withWeight = true, local = (z) => sigPrime(z), reversed = false }: Options = {}) {
  return (x: number, weights: number[], dLda: number) => {
    const { z, a } = forward(x, weights);
    const dz: number[] = [];
    const dw: number[] = [];
    let upstream = dLda;
    for (let k = weights.length - 1; k >= 0; k--) {
      dz[k] = upstream * local(z[k]!, a[k]!);
      dw[k] = dz[k]! * (k === 0 ? x : a[k - 1]!);
      upstream = dz[k]! * (withWeight ? weights[k]! : 1);
    }
    return reversed ? { dz: dz.reverse(), dw: dw.reverse() } : { dz, dw };
  };
}

export const correct = {
  chainForward: forward,
  chainLocalGradients: (x: number, weights: number[]) => forward(x, weights).z.map(sigPrime),
  product: (factors: number[]) => factors.reduce((p, f) => p * f, 1),
  chainBackward: backwardWith(),
  sgdStep: (w: number, grad: number, lr: number) => w - lr * grad,
};


export const plants: Record<string, typeof correct> = {
  'chainForwardZ/z-passed-on': { ...correct, chainForward: (x: number, weights: number[]) => {
    const z: number[] = [];
    weights.forEach((w, k) => z.push(w * (k === 0 ? x : z[k - 1]!)));
    return { z, a: z.map(sig) };
  } },
  'chainLocalGradients/slope-at-a': { ...correct, chainLocalGradients: (x: number, w: number[]) => forward(x, w).a.map(sigPrime) },
  'chainLocalGradients/activations': { ...correct, chainLocalGradients: (x: number, w: number[]) => forward(x, w).a },
  'chainLocalGradients/reversed': { ...correct, chainLocalGradients: (x: number, w: number[]) => forward(x, w).z.map(sigPrime).reverse() },
  'product/empty-is-zero': { ...correct, product: (f: number[]) => (f.length === 0 ? 0 : f.reduce((p, x) => p * x)) },
  'product/sum': { ...correct, product: (f: number[]) => f.reduce((s, x) => s + x, 0) },
  'chainBackward/missing-weight': { ...correct, chainBackward: backwardWith({ withWeight: false }) },
  'chainBackward/slope-at-a': { ...correct, chainBackward: backwardWith({ local: (_z, a) => sigPrime(a) }) },
  'chainBackward/own-activation': { ...correct, chainBackward: (x: number, weights: number[], dLda: number) => {
    const { dz } = backwardWith()(x, weights, dLda);
    const { a } = forward(x, weights);
    return { dz, dw: dz.map((g, k) => g * a[k]!) };
  } },
  'chainBackward/reversed': { ...correct, chainBackward: backwardWith({ reversed: true }) },
  'chainBackward/overflow-nan': { ...correct, chainBackward: backwardWith({ local: (z) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2 }) },
  'sgdStep/plus-sign': { ...correct, sgdStep: (w: number, g: number, lr: number) => w + lr * g },
  'sgdStep/no-lr': { ...correct, sgdStep: (w: number, g: number) => w - g },
  'sgdStep/divides-by-lr': { ...correct, sgdStep: (w: number, g: number, lr: number) => w - g / lr },
  'sgdStep/only-the-change': { ...correct, sgdStep: (_w: number, g: number, lr: number) => -lr * g },
};
