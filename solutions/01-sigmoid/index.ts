/** Unit 01 — reference solution. */

export function sigmoid(z: number): number {
  // e^(−z) overflows for z ≪ 0, so there use the algebraically equal e^z / (1 + e^z).
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function sigmoidPrime(z: number): number {
  // 1 − σ(z) = σ(−z): no cancellation when σ(z) is close to 1, and exactly symmetric.
  return sigmoid(z) * sigmoid(-z);
}

export function tanhPrime(z: number): number {
  const t = Math.tanh(z);
  return 1 - t * t;
}
