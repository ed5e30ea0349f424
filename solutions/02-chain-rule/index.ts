/** Unit 02 — reference solution: a deep scalar chain z_k = w_k·a_{k−1}, a_k = σ(z_k), a_0 = x. */

/** Stable σ (see unit 01): the exponential always has a non-positive argument. */
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** σ'(z) = σ(z)·σ(−z), which equals σ(z)(1 − σ(z)) without cancellation. */
function sigmoidPrime(z: number): number {
  return sigmoid(z) * sigmoid(-z);
}

export function chainForward(x: number, weights: number[]): { z: number[]; a: number[] } {
  const z: number[] = [];
  const a: number[] = [];
  let previous = x;
  for (const w of weights) {
    const zk = w * previous;
    z.push(zk);
    previous = sigmoid(zk);
    a.push(previous);
  }
  return { z, a };
}

export function chainLocalGradients(x: number, weights: number[]): number[] {
  // The local factor of layer k is σ' at its pre-activation z_k, not at its output a_k.
  return chainForward(x, weights).z.map(sigmoidPrime);
}

export function product(factors: number[]): number {
  return factors.reduce((acc, f) => acc * f, 1);
}

export function chainBackward(x: number, weights: number[], dLda: number): { dz: number[]; dw: number[] } {
  const { z, a } = chainForward(x, weights);
  const L = weights.length;
  const dz = new Array<number>(L);
  const dw = new Array<number>(L);
  let upstream = dLda; // dL/da_k, starting at the last layer
  for (let k = L - 1; k >= 0; k--) {
    dz[k] = upstream * sigmoidPrime(z[k]!); // through a_k = σ(z_k)
    dw[k] = dz[k]! * (k === 0 ? x : a[k - 1]!); // z_k = w_k·a_{k−1}: ∂z_k/∂w_k = a_{k−1}
    upstream = dz[k]! * weights[k]!; // ∂z_k/∂a_{k−1} = w_k: the weight factor
  }
  return { dz, dw };
}

export function sgdStep(w: number, grad: number, lr: number): number {
  // Step against the gradient: downhill.
  return w - lr * grad;
}
