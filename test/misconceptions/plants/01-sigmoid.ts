// A correct unit 01 written here (not taken from solutions/), and each catalogued slip planted in it.
import { stableSigmoid as stable } from '../../../grader/engine/scalar';
export const correct = {
  sigmoid: stable,
  sigmoidPrime: (z: number) => stable(z) * stable(-z),
  tanhPrime: (z: number) => 1 - Math.tanh(z) ** 2,
};
const naiveTanh = (z: number) => (Math.exp(z) - Math.exp(-z)) / (Math.exp(z) + Math.exp(-z));

export const plants: Record<string, Record<string, (z: number) => number>> = {
  correct,
  'sigmoid/exponent-sign': { ...correct, sigmoid: (z) => stable(-z) },
  'sigmoid/overflow-nan': { ...correct, sigmoid: (z) => Math.exp(z) / (1 + Math.exp(z)) },
  'sigmoidPrime/one-minus-z': { ...correct, sigmoidPrime: (z) => stable(z) * (1 - z) },
  'sigmoidPrime/a-one-minus-a-on-z': { ...correct, sigmoidPrime: (z) => z * (1 - z) },
  'sigmoidPrime/plus-sign': { ...correct, sigmoidPrime: (z) => stable(z) * (1 + stable(z)) },
  'sigmoidPrime/negated': { ...correct, sigmoidPrime: (z) => -stable(z) * stable(-z) },
  'sigmoidPrime/square-dropped': { ...correct, sigmoidPrime: (z) => stable(-z) },
  'sigmoidPrime/sigma-itself': { ...correct, sigmoidPrime: stable },
  'sigmoidPrime/overflow-nan': { ...correct, sigmoidPrime: (z) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2 },
  'tanhPrime/one-minus-z-squared': { ...correct, tanhPrime: (z) => 1 - z * z },
  'tanhPrime/square-dropped': { ...correct, tanhPrime: (z) => 1 - Math.tanh(z) },
  'tanhPrime/plus-sign': { ...correct, tanhPrime: (z) => 1 + Math.tanh(z) ** 2 },
  'tanhPrime/overflow-nan': { ...correct, tanhPrime: (z) => 1 - naiveTanh(z) ** 2 },
};
