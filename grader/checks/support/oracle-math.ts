/**
 * Plain-array faces of the engine's operations, for the oracle side of the hidden suites of units 04,
 * 05 and 11, which build the values a misconception would give from the engine's Z and A in plain
 * arrays. The arithmetic is the engine's (never taken from solutions/); the scalar activations come
 * from grader/engine/scalar.ts.
 */
import { mean, scale, Tensor, transpose as transposeTensor } from '../../engine/index';

type Matrix = number[][];
type Vector = number[];

const matrix = (t: Tensor): Matrix => t.toArray() as Matrix;

export const transpose = (M: Matrix): Matrix => matrix(transposeTensor(Tensor.from(M)));
export const scaleM = (M: Matrix, k: number): Matrix => matrix(scale(Tensor.from(M), k));
export const colMeans = (M: Matrix): Vector => mean(Tensor.from(M), 0).toArray() as Vector;

export { slopeAt as gPrime, stableSigmoid as sigma } from '../../engine/scalar';
