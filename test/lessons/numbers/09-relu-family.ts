import type { LessonClaim } from '../../../src/lessons/claims';
import { elu, eluPrime, preluBackward } from '../../../solutions/09-relu-family/index';

export const claims: LessonClaim[] = [
  { quote: '-0.6321206', value: () => elu(-1), note: 'elu(−1) in ASCII minus' },
  { quote: '−0.6321206', value: () => elu(-1) },
  { quote: '0.3678794', value: () => eluPrime(-1) },
  { quote: '-0.3160603', value: () => elu(-1, 0.5) },
  { quote: '-0.075', value: () => preluBackward([1.5, -2, 0, -0.5], 0.25, [0.1, 0.4, -0.3, 0.2]).dz[2]! },
];
