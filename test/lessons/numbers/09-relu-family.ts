import type { LessonClaim, LessonStatement } from '../../../src/lessons/claims';
import { elu, eluPrime, preluBackward } from '../../../solutions/09-relu-family/index';
import { relu, reluPrime } from '../../../solutions/09-relu-family/index';

export const claims: LessonClaim[] = [
  { quote: '-0.6321206', value: () => elu(-1), note: 'elu(−1) in ASCII minus' },
  { quote: '−0.6321206', value: () => elu(-1) },
  { quote: '0.3678794', value: () => eluPrime(-1) },
  { quote: '-0.3160603', value: () => elu(-1, 0.5) },
  { quote: '-0.075', value: () => preluBackward([1.5, -2, 0, -0.5], 0.25, [0.1, 0.4, -0.3, 0.2]).dz[2]! },
];

const notesInputs = [4, 5, -1, -2, -4];
const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export const statements: LessonStatement[] = [
  { says: 'ReLU returns $4, 5, 0, 0, 0$', holds: () => same(notesInputs.map(relu), [4, 5, 0, 0, 0]) },
  { says: 'its derivatives are $1, 1, 0, 0, 0$', holds: () => same(notesInputs.map(reluPrime), [1, 1, 0, 0, 0]) },
];
