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
  return { clipByValue, clipByGlobalNorm };
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
};
