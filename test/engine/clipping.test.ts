// Unit 10's oracle: its problems' gradients agree with centred finite differences of their own
// losses, its clipping rules are PyTorch's, and its loop clips before the update and stops at the
// first loss or norm that is not finite.
import { describe, expect, test } from 'vitest';
import { chainClipProblem, chainWeights, clipGlobalNormReference, clipValueReference, linearNetClipProblem, numericalGradient, relativeError, trainClipped, type ClipProblem } from '../../grader/engine/index';

type Matrix = number[][];

/** Every parameter entry as one vector, and back. */
const flat = (ms: Matrix[]) => Float64Array.from(ms.flat(2));
const unflat = (v: Float64Array, like: Matrix[]): Matrix[] => {
  let k = 0;
  return like.map((m) => m.map((row) => row.map(() => v[k++]!)));
};

function expectGradientsMatchDifferences(problem: ClipProblem) {
  const x = flat(problem.init);
  const numeric = numericalGradient((v) => problem.lossAndGradients(unflat(v, problem.init)).loss, x);
  const analytic = flat(problem.lossAndGradients(problem.init).grads);
  expect(relativeError(analytic, numeric)).toBeLessThan(1e-7);
}

describe('grader/engine/clipping', () => {
  test("the chain's and the linear nets' gradients agree with finite differences", () => {
    expectGradientsMatchDifferences(chainClipProblem(chainWeights(10, 1010)));
    expectGradientsMatchDifferences(chainClipProblem([0.9, -1.1, 1.3, 0.7]));
    expectGradientsMatchDifferences(linearNetClipProblem([3, 4, 2, 5, 1], 1014, 2));
    expectGradientsMatchDifferences(linearNetClipProblem([2, 6, 3, 2], 1015, 2.5));
  });

  test("the clipping rules are PyTorch's: one factor maxNorm/(norm + 1e-6) below 1, or each entry clamped", () => {
    const [g] = clipGlobalNormReference([[[3, 4]]], 1);
    expect(g![0]![0]).toBeCloseTo(0.59999988, 8);
    expect(clipGlobalNormReference([[[0.3, -0.4]]], 1)).toEqual([[[0.3, -0.4]]]);
    expect(clipValueReference([[[0.5, -3, 7]]], 2)).toEqual([[[0.5, -2, 2]]]);
  });

  test('the loop clips before each update and stops at the first loss that is not finite', () => {
    const chain = () => chainClipProblem(chainWeights(10, 1010));
    const plain = trainClipped(chain(), { lr: 0.15, steps: 60 });
    expect(plain.diverged).toBe(true);
    expect(plain.lossHistory).toHaveLength(4);
    expect(plain.lossHistory[3]).toBe(Infinity);
    const clipped = trainClipped(chain(), { lr: 0.15, steps: 60, clipNorm: 1 });
    expect(clipped.diverged).toBe(false);
    expect(clipped.lossHistory.at(-1)!).toBeLessThan(1e-12);
    // one step of length lr · clipNorm · total/(total + 1e-6), against the direction of the gradient
    const first = trainClipped(chain(), { lr: 0.15, steps: 1, clipNorm: 1 });
    const start = chain().init.map((m) => m[0]![0]!);
    const moved = first.params.map((m, k) => start[k]! - m[0]![0]!);
    const total = clipped.gradNormHistory[0]!;
    expect(Math.hypot(...moved)).toBeCloseTo((0.15 * total) / (total + 1e-6), 12);
    const grads = chain().lossAndGradients(chain().init).grads.map((m) => m[0]![0]!);
    moved.forEach((d, k) => expect(d / grads[k]!).toBeCloseTo(0.15 / (total + 1e-6), 12));
  });
});
