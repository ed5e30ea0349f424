import type { LessonClaim } from '../../../src/lessons/claims';
import { sigmoid, sigmoidPrime, tanhPrime } from '../../../solutions/01-sigmoid/index';

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
