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
  return { batchNormForward, batchNormBackward };
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
};
