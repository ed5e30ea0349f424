// A correct unit 08 written here (not taken from solutions/), and each catalogued slip planted in it.
export type Matrix = number[][];
type Vector = number[];
interface State { runningMean: Vector; runningVar: Vector }
interface Options { training: boolean; momentum?: number; eps?: number }
interface Cache { X: Matrix; gamma: Vector; mu: Vector; s: Vector; training: boolean }

/** Knobs for planting one mistake at a time into an otherwise correct batch norm. */
export interface Plant {
  normalizeWith?: 'biased' | 'unbiased';
  epsOutside?: boolean;
  evalUsesBatch?: boolean;
  dropMeanTerms?: boolean;
  runningVarWith?: 'biased' | 'unbiased';
  momentumSwapped?: boolean;
  replaceByBatch?: boolean;
  ignoreState?: boolean;
  evalUpdates?: boolean;
  averagedGrads?: boolean;
  /** one slip of the staged backward pass (lib/misconceptions/08-batch-norm.ts `staged`) */
  /** unit 03's gradientCheck reporting twice the relative error (a bug in unit 03, not in 08) */
  brokenUnit03?: boolean;
  /** checkBatchNormGradients checking the gradient of Σ out instead of Σ out ⊙ dout */
  checkerIgnoresDout?: boolean;
  stagedSlip?: 'centred-one-path' | 'mean-stage-skipped' | 'inverse-sign' | 'variance-without-1-over-m';
}

type Grads = { dX: Matrix; dGamma: Vector; dBeta: Vector };

/** An independent unit 03 gradientCheck (forward differences would not do: centred, h = 1e-5). */
function gradientCheck(f: (x: Vector) => number, grad: (x: Vector) => Vector, x: Vector, doubled = false) {
  const a = grad(x.slice());
  const numeric = x.map((_, i) => {
    const up = x.slice();
    const down = x.slice();
    up[i]! += 1e-5;
    down[i]! -= 1e-5;
    return (f(up) - f(down)) / 2e-5;
  });
  const norm = (v: Vector) => Math.hypot(...v);
  const total = norm(a) + norm(numeric);
  const error = total === 0 ? 0 : norm(a.map((v, i) => v - numeric[i]!)) / total;
  return { error: doubled ? 2 * error : error, ok: error < 1e-7 };
}

/** An independent batch norm (column-at-a-time, cache keeps X and σ rather than x̂). */
export function makeModule(plant: Plant = {}) {
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
    const from = plant.ignoreState ? { runningMean: state.runningMean.map(() => 0), runningVar: state.runningVar.map(() => 1) } : state;
    const w = plant.replaceByBatch ? 1 : plant.momentumSwapped ? 1 - momentum : momentum;
    const newState = training || plant.evalUpdates
      ? {
          runningMean: from.runningMean.map((r, j) => r + w * (batch[j]!.mu - r)),
          runningVar: from.runningVar.map((r, j) => r + w * ((plant.runningVarWith === 'biased' ? batch[j]!.biased : batch[j]!.unbiased) - r)),
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
    return plant.averagedGrads ? { dX, dGamma: dGamma.map((g) => g / m), dBeta: dBeta.map((g) => g / m) } : { dX, dGamma, dBeta };
  }
  /** Stage by stage, column by column, with the planted staged slip (if any). */
  function batchNormBackwardStaged(dout: Matrix, cache: Cache) {
    const { X, gamma, mu, s } = cache;
    const m = X.length;
    if (dout.length !== m || dout[0]!.length !== gamma.length) throw new Error(`dout is ${dout.length}x${dout[0]!.length} but X was ${m}x${gamma.length}`);
    const slip = plant.stagedSlip;
    const cols = gamma.map((_, j) => j);
    const c = X.map((row) => row.map((x, j) => x - mu[j]!));
    const iota = s.map((sj) => 1 / sj);
    const dXHat = dout.map((row) => row.map((g, j) => g * gamma[j]!));
    const dInvStd = cols.map((j) => dXHat.reduce((a, row, i) => a + row[j]! * c[i]![j]!, 0));
    const dStd = cols.map((j) => (slip === 'inverse-sign' ? 1 : -1) * dInvStd[j]! / s[j]! ** 2);
    const dVar = cols.map((j) => dStd[j]! / (2 * s[j]!));
    const dCentred = c.map((row, i) => row.map((cij, j) => {
      const throughXHat = dXHat[i]![j]! * iota[j]!;
      if (slip === 'centred-one-path') return throughXHat;
      return throughXHat + (slip === 'variance-without-1-over-m' ? 2 * cij : (2 * cij) / m) * dVar[j]!;
    }));
    const dMean = cols.map((j) => -dCentred.reduce((a, row) => a + row[j]!, 0));
    const dX = dCentred.map((row) => row.map((d, j) => (slip === 'mean-stage-skipped' ? d : d + dMean[j]! / m)));
    const xHat = c.map((row) => row.map((cij, j) => cij * iota[j]!));
    const dBeta = cols.map((j) => dout.reduce((a, row) => a + row[j]!, 0));
    const dGamma = cols.map((j) => dout.reduce((a, row, i) => a + row[j]! * xHat[i]![j]!, 0));
    return { dX, dGamma, dBeta, stages: { dXHat, dInvStd, dStd, dVar, dCentred, dMean } };
  }
  function checkBatchNormGradients(X: Matrix, gamma: Vector, beta: Vector, dout: Matrix, backward: (d: Matrix, c: Cache) => Grads = batchNormBackward) {
    const state = { runningMean: gamma.map(() => 0), runningVar: gamma.map(() => 1) };
    const n = gamma.length;
    const weight = (k: number) => (plant.checkerIgnoresDout ? 1 : dout.flat()[k]!);
    const loss = (x: Matrix, g: Vector, b: Vector) => batchNormForward(x, g, b, state, { training: true }).out.flat().reduce((a, o, k) => a + o * weight(k), 0);
    const check = (f: (x: Vector) => number, grad: (x: Vector) => Vector, x: Vector) => gradientCheck(f, grad, x, plant.brokenUnit03);
    const { cache } = batchNormForward(X, gamma, beta, state, { training: true });
    if (dout.length !== X.length || dout.some((row) => row.length !== n)) throw new Error(`dout is ${dout.length}x${dout[0]?.length} but X is ${X.length}x${n}`);
    const grads = backward(dout, cache);
    const unflat = (v: Vector) => X.map((_, i) => v.slice(i * n, (i + 1) * n));
    return {
      dX: check((x) => loss(unflat(x), gamma, beta), () => grads.dX.flat(), X.flat()),
      dGamma: check((g) => loss(X, g, beta), () => grads.dGamma, gamma),
      dBeta: check((b) => loss(X, gamma, b), () => grads.dBeta, beta),
    };
  }
  const unit03 = (f: (x: Vector) => number, grad: (x: Vector) => Vector, x: Vector) => gradientCheck(f, grad, x, plant.brokenUnit03);
  return { batchNormForward, batchNormBackward, batchNormBackwardStaged, checkBatchNormGradients, gradientCheck: unit03 };
}

export const correct = makeModule();


export const plants: Record<string, typeof correct> = {
  'trainingOut/unbiased-in-normalization': makeModule({ normalizeWith: 'unbiased' }),
  'trainingOut/eps-outside': makeModule({ epsOutside: true }),
  'trainingOut/eps-left-out': { ...correct, batchNormForward: (X: Matrix, gamma: number[], beta: number[], state: { runningMean: number[]; runningVar: number[] }, options: { training: boolean; momentum?: number; eps?: number }) => correct.batchNormForward(X, gamma, beta, state, { ...options, eps: 0 }) },
  'evalOut/batch-statistics': makeModule({ evalUsesBatch: true }),
  'runningUpdate/biased-running-var': makeModule({ runningVarWith: 'biased' }),
  'runningUpdate/momentum-swapped': makeModule({ momentumSwapped: true }),
  'runningUpdate/replaced-by-batch': makeModule({ replaceByBatch: true }),
  'runningUpdate/state-ignored': makeModule({ ignoreState: true }),
  'evalState/updated-in-eval': makeModule({ evalUpdates: true }),
  'backward/no-mean-terms': makeModule({ dropMeanTerms: true }),
  'backward/averaged': makeModule({ averagedGrads: true }),
  'staged/centred-one-path': makeModule({ stagedSlip: 'centred-one-path' }),
  'staged/mean-stage-skipped': makeModule({ stagedSlip: 'mean-stage-skipped' }),
  'staged/inverse-sign': makeModule({ stagedSlip: 'inverse-sign' }),
  'staged/variance-without-1-over-m': makeModule({ stagedSlip: 'variance-without-1-over-m' }),
};
