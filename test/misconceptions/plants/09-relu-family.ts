// A correct unit 09 written here (not taken from solutions/), and each catalogued slip planted in it.
// An independent correct module (Math.max / Math.min forms rather than branches where possible).
export const correct = {
  relu: (z: number) => Math.max(0, z),
  reluPrime: (z: number): number => (z > 0 ? 1 : 0),
  leakyRelu: (z: number, alpha = 0.01) => Math.max(0, z) + alpha * Math.min(0, z),
  leakyReluPrime: (z: number, alpha = 0.01) => (z > 0 ? 1 : alpha),
  elu: (z: number, alpha = 1) => Math.max(0, z) + alpha * Math.expm1(Math.min(0, z)),
  eluPrime: (z: number, alpha = 1) => (z > 0 ? 1 : alpha * Math.exp(z)),
  prelu: (z: number, alpha: number) => Math.max(0, z) + alpha * Math.min(0, z),
  preluBackward(z: number[], alpha: number, dout: number[]) {
    if (z.length !== dout.length) throw new Error(`length mismatch: z ${z.length}, dout ${dout.length}`);
    let dAlpha = 0;
    const dz = z.map((zi, i) => {
      if (zi > 0) return dout[i]!;
      dAlpha += zi * dout[i]!;
      return alpha * dout[i]!;
    });
    return { dz, dAlpha };
  },
  deadFraction(Z: number[][]) {
    const n = Z[0]!.length;
    let dead = 0;
    for (let j = 0; j < n; j++) if (!Z.some((row) => row[j]! > 0)) dead += 1;
    return dead / n;
  },
};

type Module = typeof correct;
const dAlphaWith = (f: (z: number[], dout: number[], alpha: number) => unknown): Module => ({ ...correct, preluBackward: (z: number[], alpha: number, dout: number[]) => ({ dz: correct.preluBackward(z, alpha, dout).dz, dAlpha: f(z, dout, alpha) as number }) });
const columns = (Z: number[][]) => Z[0]!.map((_, j) => Z.map((row) => row[j]!));

export const plants: Record<string, Module> = {
  'reluPrime/activation': { ...correct, reluPrime: (z: number) => Math.max(0, z) },
  'reluPrime/right-hand-at-zero': { ...correct, reluPrime: (z: number) => (z >= 0 ? 1 : 0) },
  'reluPrime/average-at-zero': { ...correct, reluPrime: (z: number) => (z > 0 ? 1 : z === 0 ? 0.5 : 0) },
  'leakyRelu/alpha-ignored': { ...correct, leakyRelu: (z: number) => correct.leakyRelu(z) },
  'leakyReluPrime/alpha-ignored': { ...correct, leakyReluPrime: (z: number) => correct.leakyReluPrime(z) },
  'leakyReluPrime/right-hand-at-zero': { ...correct, leakyReluPrime: (z: number, alpha = 0.01) => (z >= 0 ? 1 : alpha) },
  'leakyReluPrime/average-at-zero': { ...correct, leakyReluPrime: (z: number, alpha = 0.01) => (z > 0 ? 1 : z === 0 ? (1 + alpha) / 2 : alpha) },
  'elu/without-minus-one': { ...correct, elu: (z: number, alpha = 1) => (z > 0 ? z : alpha * Math.exp(z)) },
  'eluPrime/exp-for-positive': { ...correct, eluPrime: (z: number, alpha = 1) => alpha * Math.exp(Math.min(z, 700)) },
  'eluPrime/elu-itself': { ...correct, eluPrime: (z: number, alpha = 1) => (z > 0 ? 1 : alpha * Math.expm1(z)) },
  'eluPrime/right-hand-at-zero': { ...correct, eluPrime: (z: number, alpha = 1) => (z >= 0 ? 1 : alpha * Math.exp(z)) },
  'eluPrime/average-at-zero': { ...correct, eluPrime: (z: number, alpha = 1) => (z > 0 ? 1 : z === 0 ? (1 + alpha) / 2 : alpha * Math.exp(z)) },
  'overflow/overflow': { ...correct, elu: (z: number, alpha = 1) => (Math.exp(z) > 1 ? z : alpha * (Math.exp(z) - 1)) * (Number.isFinite(Math.exp(z)) ? 1 : Infinity) },
  'preluDz/right-hand-at-zero': { ...correct, preluBackward: (z: number[], alpha: number, dout: number[]) => ({ dz: z.map((zi, i) => (zi >= 0 ? dout[i]! : alpha * dout[i]!)), dAlpha: correct.preluBackward(z, alpha, dout).dAlpha }) },
  'preluDAlpha/not-summed': dAlphaWith((z, dout) => z.map((zi, i) => (zi > 0 ? 0 : zi * dout[i]!))),
  'preluDAlpha/positive-too': dAlphaWith((z, dout) => z.reduce((s, zi, i) => s + zi * dout[i]!, 0)),
  'preluDAlpha/averaged': dAlphaWith((z, dout) => z.reduce((s, zi, i) => (zi > 0 ? s : s + zi * dout[i]!), 0) / z.length),
  'deadFraction/entries': { ...correct, deadFraction: (Z: number[][]) => Z.flat().filter((z) => z <= 0).length / Z.flat().length },
  'deadFraction/rows': { ...correct, deadFraction: (Z: number[][]) => Z.filter((row) => row.every((z) => z <= 0)).length / Z.length },
  'deadFraction/any-example': { ...correct, deadFraction: (Z: number[][]) => columns(Z).filter((c) => c.some((z) => z <= 0)).length / Z[0]!.length },
  'deadFraction/strict': { ...correct, deadFraction: (Z: number[][]) => columns(Z).filter((c) => c.every((z) => z < 0)).length / Z[0]!.length },
  'deadFraction/count': { ...correct, deadFraction: (Z: number[][]) => columns(Z).filter((c) => c.every((z) => z <= 0)).length },
};
