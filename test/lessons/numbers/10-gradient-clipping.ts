import type { LessonClaim } from '../../../src/lessons/claims';
import { clipByGlobalNorm } from '../../../solutions/10-gradient-clipping/index';

const notes = () => clipByGlobalNorm([[[3, 4]]], 1);
const two = () => clipByGlobalNorm([[[3, 4]], [[12]]], 1);

export const claims: LessonClaim[] = [
  { quote: '0.19999996', value: () => notes().clipped[0]![0]![0]! / 3, note: 'the scale 1/(5 + 1e-6)' },
  { quote: '0.59999988', value: () => notes().clipped[0]![0]![0]! },
  { quote: '0.79999984', value: () => notes().clipped[0]![0]![1]! },
  { quote: '0.476190', value: () => clipByGlobalNorm([[[1.2e-5, 0]], [[0], [1.6e-5]]], 1e-5).clipped[0]![0]![0]! / 1.2e-5 },
  { quote: '0.99999983', value: () => clipByGlobalNorm([[[3, -4]], [[1, 2], [-2, 1]]], Math.sqrt(35)).clipped[0]![0]![0]! / 3 },
  { quote: '0.230769', value: () => two().clipped[0]![0]![0]! },
  { quote: '0.307692', value: () => two().clipped[0]![0]![1]! },
  { quote: '0.923077', value: () => two().clipped[1]![0]![0]! },
];
