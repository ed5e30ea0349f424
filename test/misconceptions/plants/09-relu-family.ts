// A correct unit 09 written here (not taken from solutions/), and each catalogued slip planted in it.
// An independent correct module (Math.max / Math.min forms rather than branches where possible).
import { gaussian } from '../../../lib/random';

type Data = { X: number[][]; Y: number[] };
type WatchConfig = { activation: 'relu' | 'leakyRelu'; width: number; biasShift: number; lr: number; steps: number };

/**
 * trainAndWatchDeadUnits written out here with its own one-hidden-layer net (not unit 04's), counting
 * dead units with `dead`; `startBias` says where the hidden biases start (a slip may ignore the shift).
 */
function makeWatch(dead: (Z: number[][]) => number, startBias: (c: WatchConfig) => number = (c) => c.biasShift) {
  return (config: WatchConfig, data: Data, rng: () => number) => {
    const { activation, width, lr, steps } = config;
    if (activation !== 'relu' && activation !== 'leakyRelu') throw new Error(`activation ${String(activation)} is not relu or leakyRelu`);
    if (!(Number.isInteger(width) && width > 0)) throw new Error(`bad width ${width}`);
    if (!(Number.isInteger(steps) && steps >= 0)) throw new Error(`bad steps ${steps}`);
    const { X, Y } = data;
    if (X.length !== Y.length) throw new Error(`${X.length} examples in X, ${Y.length} in Y`);
    const m = X.length;
    const nIn = X[0]!.length;
    const slope = activation === 'relu' ? 0 : 0.01;
    const W1 = Array.from({ length: nIn }, () => Array.from({ length: width }, () => gaussian(rng, 0, Math.sqrt(2 / nIn))));
    const b1 = Array.from({ length: width }, () => startBias(config));
    const W2 = Array.from({ length: width }, () => gaussian(rng, 0, Math.sqrt(1 / width)));
    let b2 = 0;
    const out = { deadFraction: [] as number[], loss: [] as number[], hiddenGradNorm: [] as number[] };
    for (let t = 0; t < steps; t++) {
      const Z = X.map((x) => b1.map((b, j) => x.reduce((s, xk, k) => s + xk * W1[k]![j]!, b)));
      const A = Z.map((row) => row.map((z) => (z > 0 ? z : slope * z)));
      const logits = A.map((a) => a.reduce((s, aj, j) => s + aj * W2[j]!, b2));
      // BCE from logits: log(1 + e^{−|l|}) + max(l, 0) − y·l.
      out.loss.push(logits.reduce((s, l, i) => s + Math.log1p(Math.exp(-Math.abs(l))) + Math.max(l, 0) - Y[i]! * l, 0) / m);
      out.deadFraction.push(dead(Z));
      const d2 = logits.map((l, i) => (1 / (1 + Math.exp(-l)) - Y[i]!) / m);
      const d1 = Z.map((row, i) => row.map((z, j) => d2[i]! * W2[j]! * (z > 0 ? 1 : slope)));
      const dW1 = W1.map((row, k) => row.map((_, j) => X.reduce((s, x, i) => s + x[k]! * d1[i]![j]!, 0)));
      const db1 = b1.map((_, j) => d1.reduce((s, r) => s + r[j]!, 0));
      const dW2 = W2.map((_, j) => A.reduce((s, a, i) => s + a[j]! * d2[i]!, 0));
      const db2 = d2.reduce((s, d) => s + d, 0);
      out.hiddenGradNorm.push(Math.hypot(...dW1.flat(), ...db1));
      W1.forEach((row, k) => row.forEach((_, j) => { row[j]! -= lr * dW1[k]![j]!; }));
      b1.forEach((_, j) => { b1[j]! -= lr * db1[j]!; });
      W2.forEach((_, j) => { W2[j]! -= lr * dW2[j]!; });
      b2 -= lr * db2;
    }
    return out;
  };
}

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
  deadFraction,
  trainAndWatchDeadUnits: makeWatch(deadFraction),
};

function deadFraction(Z: number[][]) {
  const n = Z[0]!.length;
  let dead = 0;
  for (let j = 0; j < n; j++) if (!Z.some((row) => row[j]! > 0)) dead += 1;
  return dead / n;
}

type Module = typeof correct;
const dAlphaWith = (f: (z: number[], dout: number[], alpha: number) => unknown): Module => ({ ...correct, preluBackward: (z: number[], alpha: number, dout: number[]) => ({ dz: correct.preluBackward(z, alpha, dout).dz, dAlpha: f(z, dout, alpha) as number }) });
const columns = (Z: number[][]) => Z[0]!.map((_, j) => Z.map((row) => row[j]!));
const anyExample = (Z: number[][]) => columns(Z).filter((c) => c.some((z) => z <= 0)).length / Z[0]!.length;

export const plants: Record<string, Module> = {
  'reluPrime/activation': { ...correct, reluPrime: (z: number) => Math.max(0, z) },
  'reluPrime/right-hand-at-zero': { ...correct, reluPrime: (z: number) => (z >= 0 ? 1 : 0) },
  'reluPrime/average-at-zero': { ...correct, reluPrime: (z: number) => (z > 0 ? 1 : z === 0 ? 0.5 : 0) },
  'leakyRelu/slope-on-positive-side': { ...correct, leakyRelu: (z: number, alpha = 0.01) => (z > 0 ? alpha * z : z) },
  'leakyReluPrime/slope-on-positive-side': { ...correct, leakyReluPrime: (z: number, alpha = 0.01) => (z > 0 ? alpha : 1) },
  'trainAndWatchDeadUnits/shift-not-applied': { ...correct, trainAndWatchDeadUnits: makeWatch(deadFraction, () => 0) },
  'trainAndWatchDeadUnits/any-example': { ...correct, deadFraction: anyExample, trainAndWatchDeadUnits: makeWatch(anyExample) },
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
  'deadFraction/any-example': { ...correct, deadFraction: anyExample },
  'deadFraction/strict': { ...correct, deadFraction: (Z: number[][]) => columns(Z).filter((c) => c.every((z) => z < 0)).length / Z[0]!.length },
  'deadFraction/count': { ...correct, deadFraction: (Z: number[][]) => columns(Z).filter((c) => c.every((z) => z <= 0)).length },
};
