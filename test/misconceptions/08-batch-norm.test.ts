// Each misconception COURSE.md lists for unit 08, planted in an otherwise correct module,
// must be named by the hidden suite with a link to the lesson section that explains it.
import { describe, expect, test } from 'vitest';
import { checks } from '../hidden/08-batch-norm.checks';
import { checkNamed, feedbackOf } from '../support/hidden';

type Matrix = number[][];
type Vector = number[];
interface State { runningMean: Vector; runningVar: Vector }
interface Options { training: boolean; momentum?: number; eps?: number }
interface Cache { X: Matrix; gamma: Vector; mu: Vector; s: Vector; training: boolean }

/** Knobs for planting one mistake at a time into an otherwise correct batch norm. */
interface Plant {
  normalizeWith?: 'biased' | 'unbiased';
  epsOutside?: boolean;
  evalUsesBatch?: boolean;
  dropMeanTerms?: boolean;
  runningVarWith?: 'biased' | 'unbiased';
}

/** An independent batch norm (column-at-a-time, cache keeps X and σ rather than x̂). */
function makeModule(plant: Plant = {}) {
  const columns = (X: Matrix) => X[0]!.map((_, j) => X.map((row) => row[j]!));
  const stats = (col: Vector) => {
    const mu = col.reduce((a, b) => a + b, 0) / col.length;
    const ss = col.reduce((a, b) => a + (b - mu) ** 2, 0);
    return { mu, biased: ss / col.length, unbiased: ss / (col.length - 1) };
  };
  function batchNormForward(X: Matrix, gamma: Vector, beta: Vector, state: State, options: Options) {
    const { training, momentum = 0.1, eps = 1e-5 } = options;
    const n = X[0]!.length;
    for (const [name, v] of [['gamma', gamma], ['beta', beta], ['runningMean', state.runningMean], ['runningVar', state.runningVar]] as const) {
      if (v.length !== n) throw new Error(`${name} has length ${v.length} but X is ${X.length}x${n}`);
    }
    const batch = columns(X).map(stats);
    const useBatch = training || plant.evalUsesBatch;
    const mu = useBatch ? batch.map((b) => b.mu) : state.runningMean;
    const v = useBatch ? batch.map((b) => (plant.normalizeWith === 'unbiased' ? b.unbiased : b.biased)) : state.runningVar;
    const s = v.map((vj) => (plant.epsOutside ? Math.sqrt(vj) + eps : Math.sqrt(vj + eps)));
    const out = X.map((row) => row.map((x, j) => (gamma[j]! * (x - mu[j]!)) / s[j]! + beta[j]!));
    const newState = training
      ? {
          runningMean: state.runningMean.map((r, j) => r + momentum * (batch[j]!.mu - r)),
          runningVar: state.runningVar.map((r, j) => r + momentum * ((plant.runningVarWith === 'biased' ? batch[j]!.biased : batch[j]!.unbiased) - r)),
        }
      : { runningMean: state.runningMean.slice(), runningVar: state.runningVar.slice() };
    return { out, cache: { X, gamma, mu, s, training } as Cache, state: newState };
  }
  function batchNormBackward(dout: Matrix, cache: Cache) {
    const { X, gamma, mu, s } = cache;
    const m = X.length;
    if (dout.length !== m || dout[0]!.length !== gamma.length) throw new Error(`dout is ${dout.length}x${dout[0]!.length} but X was ${m}x${gamma.length}`);
    const xHat = X.map((row) => row.map((x, j) => (x - mu[j]!) / s[j]!));
    const dBeta = gamma.map((_, j) => dout.reduce((a, row) => a + row[j]!, 0));
    const dGamma = gamma.map((_, j) => dout.reduce((a, row, i) => a + row[j]! * xHat[i]![j]!, 0));
    const dX = dout.map((row, i) => row.map((g, j) => {
      const direct = (gamma[j]! * g) / s[j]!;
      if (plant.dropMeanTerms) return direct;
      return direct - (gamma[j]! / (m * s[j]!)) * (dBeta[j]! + xHat[i]![j]! * dGamma[j]!);
    }));
    return { dX, dGamma, dBeta };
  }
  return { batchNormForward, batchNormBackward };
}

const correct = makeModule();

describe('08-batch-norm misconceptions are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test('the unbiased variance in the normalization', () => {
    const message = feedbackOf(checkNamed(checks, 'training-mode out matches the reference engine on random batches (16x5, 7x3, 2x4)'), makeModule({ normalizeWith: 'unbiased' }));
    expect(message).toContain('It looks like the unbiased variance (divide by m − 1) in the normalization');
    expect(message).toContain('lessons/08-batch-norm.md#biased-and-unbiased-variance');
  });

  test('ε outside the square root', () => {
    const message = feedbackOf(checkNamed(checks, 'ε goes inside the square root: nearly constant and constant features stay finite (eps = 1e-5 and 0.01)'), makeModule({ epsOutside: true }));
    expect(message).toContain('It looks like ε outside the square root');
    expect(message).toContain('lessons/08-batch-norm.md#where-epsilon-goes');
  });

  test('dX = γ/σ·dout (dropping the mean terms)', () => {
    const planted = makeModule({ dropMeanTerms: true });
    for (const name of [
      "backward matches the engine's batchNormGradients on random batches (dX, dγ, dβ)",
      "the notes' fixture: out, dX, dγ and dβ",
      'backward is the gradient of your own forward pass (finite differences of Σ out ⊙ dout)',
    ]) {
      const message = feedbackOf(checkNamed(checks, name), planted);
      expect(message, name).toContain('It looks like dX = γ/σ·dout, dropping the mean terms');
      expect(message, name).toContain('lessons/08-batch-norm.md#the-backward-pass');
    }
  });

  test('eval mode using the batch statistics', () => {
    const message = feedbackOf(checkNamed(checks, 'eval mode normalizes with the running statistics, not the batch statistics'), makeModule({ evalUsesBatch: true }));
    expect(message).toContain('It looks like eval mode using the batch statistics');
    expect(message).toContain('lessons/08-batch-norm.md#running-statistics-and-eval-mode');
  });

  test('(also named) the running variance updated with the biased variance', () => {
    const message = feedbackOf(checkNamed(checks, 'one training step moves the running mean and the UNBIASED running variance by momentum (0.1 and 0.3)'), makeModule({ runningVarWith: 'biased' }));
    expect(message).toContain('It looks like the running variance updated with the biased variance');
    expect(message).toContain('lessons/08-batch-norm.md#biased-and-unbiased-variance');
  });

  test('a missing export is reported by name', () => {
    const { batchNormBackward: _omitted, ...partial } = correct;
    const check = checkNamed(checks, "backward matches the engine's batchNormGradients on random batches (dX, dγ, dβ)");
    expect(feedbackOf(check, partial)).toContain('must export a function named `batchNormBackward`');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, batchNormForward: () => { throw new Error('TODO: write batchNormForward'); } };
    expect(feedbackOf(checks[0]!, stub)).toMatch(/^batchNormForward\(.*\) is not written yet: TODO/);
  });
});
