/**
 * Unit 01 — the sigmoid and its derivative.
 * Lesson: lessons/01-sigmoid.md
 *
 * Replace each `throw` with your code. `npm test -- 01` checks this file.
 */

/**
 * The logistic sigmoid σ(z) = 1 / (1 + e^(−z)).
 * Must be numerically stable: sigmoid(-1000) is 0 (or tiny), sigmoid(1000) is 1, never NaN.
 */
export function sigmoid(z: number): number {
  throw new Error('TODO: write sigmoid(z) — see lessons/01-sigmoid.md#the-sigmoid');
}

/**
 * The derivative σ'(z) = dσ/dz. Its maximum is 0.25 at z = 0; it must be 0 (not NaN) at ±1000.
 */
export function sigmoidPrime(z: number): number {
  throw new Error('TODO: write sigmoidPrime(z) — see lessons/01-sigmoid.md#the-derivative');
}

/**
 * The derivative of tanh: d/dz tanh(z). Its maximum is 1 at z = 0.
 */
export function tanhPrime(z: number): number {
  throw new Error('TODO: write tanhPrime(z) — see lessons/01-sigmoid.md#tanh-saturates-too');
}
