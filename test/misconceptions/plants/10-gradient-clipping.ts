// A correct unit 10 written here (not taken from solutions/), and each catalogued slip planted in it.
export type Matrix = number[][];

export interface Plant {
  perMatrix?: boolean;
  noEps?: boolean;
  postClipNorm?: boolean;
  scaleUp?: boolean;
  mutateValue?: boolean;
  upperOnly?: boolean;
  valueByNorm?: boolean;
  sumOfNorms?: boolean;
  noRoot?: boolean;
  clipAfterUpdate?: boolean;
  perMatrixInLoop?: boolean;
  postClipInLoop?: boolean;
}

interface Problem {
  init: Matrix[];
  lossAndGradients(params: Matrix[]): { loss: number; grads: Matrix[] };
}

/** An independent implementation (flattening first, then one loop), with knobs for each mistake. */
export function makeModule(plant: Plant = {}) {
  const norm = (gs: Matrix[]) => Math.hypot(...gs.flat(2));
  function clipByValue(g: Matrix, limit: number): Matrix {
    if (plant.mutateValue) {
      for (const row of g) row.forEach((x, j) => { row[j] = x > limit ? limit : x < -limit ? -limit : x; });
      return g.map((row) => [...row]);
    }
    if (plant.upperOnly) return g.map((row) => row.map((x) => Math.min(limit, x)));
    if (plant.valueByNorm) return g.map((row) => row.map((x) => x * Math.min(1, limit / (norm([g]) + 1e-6))));
    return g.map((row) => row.map((x) => (x > limit ? limit : x < -limit ? -limit : x)));
  }
  function clipByGlobalNorm(grads: Matrix[], maxNorm: number) {
    const totalNorm = norm(grads);
    const scaleFor = (n: number) => maxNorm / (n + (plant.noEps ? 0 : 1e-6));
    const clipped = grads.map((g) => {
      const s = scaleFor(plant.perMatrix ? norm([g]) : totalNorm);
      const k = plant.scaleUp ? s : Math.min(1, s);
      return g.map((row) => row.map((x) => x * k));
    });
    const reported = plant.sumOfNorms ? grads.reduce((s, g) => s + norm([g]), 0) : plant.noRoot ? totalNorm ** 2 : totalNorm;
    return { clipped, totalNorm: plant.postClipNorm ? norm(clipped) : reported };
  }
  /** The loop written as a while over the steps, with the clip chosen once up front. */
  function trainWithClipping(problem: Problem, options: { lr: number; steps: number; clipNorm?: number; clipValue?: number }) {
    const { lr, steps, clipNorm, clipValue } = options;
    if (!(lr > 0 && lr < Infinity) || !Number.isInteger(steps) || steps < 0 || (clipNorm !== undefined && clipValue !== undefined)) throw new Error(`bad options ${JSON.stringify(options)}`);
    const clip = (grads: Matrix[]): Matrix[] => {
      if (clipValue !== undefined) return grads.map((g) => clipByValue(g, clipValue));
      if (clipNorm === undefined) return grads;
      return plant.perMatrixInLoop ? grads.map((g) => clipByGlobalNorm([g], clipNorm).clipped[0]!) : clipByGlobalNorm(grads, clipNorm).clipped;
    };
    const step = (params: Matrix[], grads: Matrix[]) => params.map((p, i) => p.map((row, r) => row.map((x, c) => x - lr * grads[i]![r]![c]!)));
    let params = problem.init.map((p) => p.map((row) => row.slice()));
    const lossHistory: number[] = [];
    const gradNormHistory: number[] = [];
    let t = 0;
    while (t++ < steps) {
      const { loss, grads } = problem.lossAndGradients(params);
      const clipped = clip(grads);
      lossHistory.push(loss);
      gradNormHistory.push(norm(plant.postClipInLoop ? clipped : grads));
      if (!Number.isFinite(loss) || !Number.isFinite(norm(grads))) return { params, lossHistory, gradNormHistory, diverged: true };
      if (plant.clipAfterUpdate) {
        params = step(params, grads);
        clip(grads); // too late: the weights have already moved
      } else params = step(params, clipped);
    }
    return { params, lossHistory, gradNormHistory, diverged: false };
  }
  return { clipByValue, clipByGlobalNorm, trainWithClipping };
}

export const correct = makeModule();

export const plants: Record<string, typeof correct> = {
  'clipByValue/upper-only': makeModule({ upperOnly: true }),
  'clipByValue/by-norm': makeModule({ valueByNorm: true }),
  'clipByValueInput/mutates-input': makeModule({ mutateValue: true }),
  'clipped/per-matrix': makeModule({ perMatrix: true }),
  'clipped/no-eps': makeModule({ noEps: true }),
  'clipped/scales-up': makeModule({ scaleUp: true }),
  'totalNorm/post-clip': makeModule({ postClipNorm: true }),
  'totalNorm/sum-of-norms': makeModule({ sumOfNorms: true }),
  'totalNorm/no-root': makeModule({ noRoot: true }),
  'training/clip-after-update': makeModule({ clipAfterUpdate: true }),
  'training/per-matrix-in-loop': makeModule({ perMatrixInLoop: true }),
  'gradNormHistory/post-clip-in-loop': makeModule({ postClipInLoop: true }),
};
