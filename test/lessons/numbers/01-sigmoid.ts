import type { LessonClaim, LessonStatement } from '../../../src/lessons/claims';
import { sigmoid, sigmoidPrime, tanhPrime } from '@impl/01-sigmoid';
import { numericalGradient } from '@impl/03-gradient-check';
import { gaussian, seededRng } from '../../../lib/random';

export const claims: LessonClaim[] = [
  { quote: '0.880797', value: () => sigmoid(2) },
  { quote: '0.119203', value: () => sigmoid(-2) },
  { quote: '0.104994', value: () => sigmoidPrime(2) },
  { quote: '0.993307', value: () => sigmoid(5) },
  { quote: '0.0066481', value: () => sigmoidPrime(5) },
  { quote: '0.9999546', value: () => sigmoid(10) },
  { quote: '4.5396 \\times 10^{-5}', value: () => sigmoidPrime(10) },
  { quote: '9.5367 \\times 10^{-7}', value: () => sigmoidPrime(0) ** 10 },
  { quote: '0.419974', value: () => tanhPrime(1) },
  { quote: '709.78', value: () => Math.log(Number.MAX_VALUE) },
  { quote: '1.79769 \\times 10^{308}', value: () => Number.MAX_VALUE },
];

/**
 * A unit fed by sigmoid outputs: ŷ = σ(Σ wᵢaᵢ + b), aᵢ = σ(xᵢ), loss BCE. On every example the gradient
 * with respect to the weights (by finite differences, knowing nothing of backprop) has one sign throughout.
 */
function weightGradientsShareSign(): boolean {
  const rng = seededRng(101);
  const w = Array.from({ length: 6 }, () => gaussian(rng));
  return Array.from({ length: 20 }, () => {
    const a = Array.from({ length: 6 }, () => sigmoid(gaussian(rng, 0, 3)));
    const y = rng() < 0.5 ? 0 : 1;
    const loss = (weights: number[]) => {
      const p = sigmoid(weights.reduce((acc, wi, i) => acc + wi * a[i]!, 0.1));
      return -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
    };
    const g = numericalGradient(loss, w);
    return g.every((gi) => Math.sign(gi) === Math.sign(g[0]!) && gi !== 0);
  }).every(Boolean);
}

export const statements: LessonStatement[] = [
  { says: 'gradients are $\\partial L/\\partial w_i = \\delta\\, a_i$ (unit 02)', holds: weightGradientsShareSign },
];
