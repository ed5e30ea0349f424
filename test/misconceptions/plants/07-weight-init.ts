// A correct unit 07 written here (not taken from solutions/), and each catalogued slip planted in it.
export type Rng = () => number;
export type Sampler = (rng: Rng) => number;

// Independent correct modules (not imported from solutions/), parameterised by the N(0, 1) sampler.
export const polar: Sampler = (rng) => {
  for (;;) {
    const u = 2 * rng() - 1;
    const v = 2 * rng() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
};
export const boxMuller: Sampler = (rng) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.sin(2 * Math.PI * rng());
/** The old "sum of twelve uniforms" trick: variance exactly 1, slightly light tails. */
export const twelveUniforms: Sampler = (rng) => Array.from({ length: 12 }, rng).reduce((a, b) => a + b, 0) - 6;

// The two experiments, written here with plain loops (the hidden checks compare them with the engine).
type M = number[][];
type Init = (n: number, m: number, rng: Rng) => M;
type Act = 'relu' | 'tanh' | 'sigmoid' | 'leakyRelu';
const g: Record<Act, (z: number) => number> = {
  relu: (z) => Math.max(0, z),
  leakyRelu: (z) => (z > 0 ? z : 0.01 * z),
  tanh: Math.tanh,
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
};
const gPrime: Record<Act, (z: number) => number> = {
  relu: (z) => (z > 0 ? 1 : 0),
  leakyRelu: (z) => (z > 0 ? 1 : 0.01),
  tanh: (z) => 1 - Math.tanh(z) ** 2,
  sigmoid: (z) => g.sigmoid(z) * (1 - g.sigmoid(z)),
};
const matmul = (A: M, B: M): M => A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, k) => s + a * B[k]![j]!, 0)));
const transpose = (A: M): M => A[0]!.map((_, j) => A.map((row) => row[j]!));

export interface StatsOptions {
  /** record the input X as a first layer (the input-included slip) */
  includeInput?: boolean;
  /** standard deviation instead of RMS (the std-not-rms slip) */
  std?: boolean;
}

export function statsWith(normal: Sampler, { includeInput = false, std = false }: StatsOptions = {}) {
  return (init: Init, activation: 'relu' | 'tanh' | 'sigmoid', { depth, width, batch }: { depth: number; width: number; batch: number }, rng: Rng) => {
    if (!['relu', 'tanh', 'sigmoid'].includes(activation)) throw new Error(`no activation ${activation}`);
    if (!(depth >= 1)) throw new Error(`bad depth ${depth}`);
    let A: M = Array.from({ length: batch }, () => Array.from({ length: width }, () => normal(rng)));
    const rms: number[] = [];
    const saturated: number[] = [];
    const record = (X: M) => {
      const v = X.flat();
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      const ms = v.reduce((s, x) => s + x * x, 0) / v.length;
      rms.push(Math.sqrt(std ? Math.max(0, ms - mean * mean) : ms));
      saturated.push(v.filter((a) => (activation === 'tanh' ? Math.abs(a) > 0.99 : activation === 'sigmoid' ? a < 0.01 || a > 0.99 : false)).length / v.length);
    };
    if (includeInput) record(A);
    for (let l = 0; l < depth; l++) {
      A = matmul(A, init(width, width, rng)).map((row) => row.map(g[activation]));
      record(A);
    }
    return { rms, saturated };
  };
}

/** Unit 04's net, trained by full-batch gradient descent: forward, mean BCE, backward by hand. */
export function trainTwoLayerNet(init: Init, { X, Y }: { X: M; Y: number[] }, { hidden, activation, steps, lr }: { hidden: number; activation: Act; steps: number; lr: number }, rng: Rng) {
  let W1 = init(X[0]!.length, hidden, rng);
  let W2 = init(hidden, 1, rng);
  let b1 = Array<number>(hidden).fill(0);
  let b2 = [0];
  const m = X.length;
  const lossHistory: number[] = [];
  for (let step = 0; ; step++) {
    const Z1 = matmul(X, W1).map((row) => row.map((z, j) => z + b1[j]!));
    const A1 = Z1.map((row) => row.map(g[activation]));
    const yHat = matmul(A1, W2).map((row) => g.sigmoid(row[0]! + b2[0]!));
    lossHistory.push(-yHat.reduce((s, p, i) => s + (Y[i] === 1 ? Math.log(p) : Math.log(1 - p)), 0) / m);
    if (step === steps) break;
    const d2 = yHat.map((p, i) => [p - Y[i]!]);
    const dW2 = matmul(transpose(A1), d2).map((row) => row.map((v) => v / m));
    const db2 = [d2.reduce((s, r) => s + r[0]!, 0) / m];
    const d1 = matmul(d2, transpose(W2)).map((row, i) => row.map((v, j) => v * gPrime[activation](Z1[i]![j]!)));
    const dW1 = matmul(transpose(X), d1).map((row) => row.map((v) => v / m));
    const db1 = b1.map((_, j) => d1.reduce((s, r) => s + r[j]!, 0) / m);
    W1 = W1.map((row, i) => row.map((w, j) => w - lr * dW1[i]![j]!));
    W2 = W2.map((row, i) => row.map((w, j) => w - lr * dW2[i]![j]!));
    b1 = b1.map((b, j) => b - lr * db1[j]!);
    b2 = b2.map((b, j) => b - lr * db2[j]!);
  }
  return { params: { W1, b1, W2, b2 }, lossHistory };
}

export const hiddenUnitSpread = ({ W1 }: { W1: M }) => Math.max(0, ...W1.flatMap((row) => row.map((w) => Math.abs(w - row[0]!))));

export function moduleWith(normal: Sampler) {
  const matrix = (n: number, m: number, draw: () => number) => Array.from({ length: n }, () => Array.from({ length: m }, draw));
  const normalInit = (variance: (n: number, m: number) => number) => (n: number, m: number, rng: Rng) =>
    matrix(n, m, () => Math.sqrt(variance(n, m)) * normal(rng));
  const uniformInit = (limit: (n: number, m: number) => number) => (n: number, m: number, rng: Rng) =>
    matrix(n, m, () => limit(n, m) * (2 * rng() - 1));
  return {
    smallUniform: (n: number, m: number, rng: Rng, limit = 0.5) => uniformInit(() => limit)(n, m, rng),
    lecunNormal: normalInit((n) => 1 / n),
    xavierNormal: normalInit((n, m) => 2 / (n + m)),
    xavierUniform: uniformInit((n, m) => Math.sqrt(6 / (n + m))),
    heNormal: normalInit((n) => 2 / n),
    heUniform: uniformInit((n) => Math.sqrt(6 / n)),
    calculateGain: (name: string, param?: number): number => {
      const gains: Record<string, number> = { linear: 1, conv1d: 1, conv2d: 1, conv3d: 1, sigmoid: 1, tanh: 5 / 3, relu: Math.sqrt(2), selu: 0.75 };
      if (name === 'leaky_relu') return Math.sqrt(2 / (1 + (param ?? 0.01) ** 2));
      if (name in gains) return gains[name]!;
      throw new Error(`unknown nonlinearity ${name}`);
    },
    activationStatsThroughDepth: statsWith(normal),
    trainTwoLayerNet,
    hiddenUnitSpread,
  };
}
export const correct = moduleWith(polar);

type Module = ReturnType<typeof moduleWith>;
const matrix = (n: number, m: number, draw: () => number) => Array.from({ length: n }, () => Array.from({ length: m }, draw));
const normalWithVariance = (variance: (n: number, m: number) => number) => (n: number, m: number, rng: Rng) => matrix(n, m, () => Math.sqrt(variance(n, m)) * polar(rng));
const uniformWithLimit = (limit: (n: number, m: number) => number) => (n: number, m: number, rng: Rng) => matrix(n, m, () => limit(n, m) * (2 * rng() - 1));
const gain = (override: (name: string, p?: number) => number | undefined) => ({ ...correct, calculateGain: (name: string, p?: number) => override(name, p) ?? correct.calculateGain(name, p) });

export const plants: Record<string, Module> = {
  'lecunNormal/variance-as-std': { ...correct, lecunNormal: normalWithVariance((n) => (1 / n) ** 2) },
  'lecunNormal/fan-out': { ...correct, lecunNormal: normalWithVariance((_, m) => 1 / m) },
  'xavierNormal/variance-as-std': { ...correct, xavierNormal: normalWithVariance((n, m) => (2 / (n + m)) ** 2) },
  'xavierNormal/lecun-called-xavier': { ...correct, xavierNormal: normalWithVariance((n) => 1 / n) },
  'xavierNormal/lecun-called-xavier-fan-out': { ...correct, xavierNormal: normalWithVariance((_, m) => 1 / m) },
  'xavierNormal/missing-2': { ...correct, xavierNormal: normalWithVariance((n, m) => 1 / (n + m)) },
  'heNormal/variance-as-std': { ...correct, heNormal: normalWithVariance((n) => (2 / n) ** 2) },
  'heNormal/fan-out': { ...correct, heNormal: normalWithVariance((_, m) => 2 / m) },
  'heNormal/lecun-for-relu': { ...correct, heNormal: normalWithVariance((n) => 1 / n) },
  'heNormal/gain-on-std': { ...correct, heNormal: normalWithVariance((n) => 4 / n) },
  'heUniform/sqrt-3': { ...correct, heUniform: uniformWithLimit((n) => Math.sqrt(3 / n)) },
  'heUniform/std-as-limit': { ...correct, heUniform: uniformWithLimit((n) => Math.sqrt(2 / n)) },
  'heUniform/twelve': { ...correct, heUniform: uniformWithLimit((n) => Math.sqrt(24 / n)) },
  'heUniform/fan-out': { ...correct, heUniform: uniformWithLimit((_, m) => Math.sqrt(6 / m)) },
  'heUniform/xavier-limit': { ...correct, heUniform: uniformWithLimit((n, m) => Math.sqrt(6 / (n + m))) },
  'xavierUniform/sqrt-3': { ...correct, xavierUniform: uniformWithLimit((n, m) => Math.sqrt(3 / (n + m))) },
  'xavierUniform/std-as-limit': { ...correct, xavierUniform: uniformWithLimit((n, m) => Math.sqrt(2 / (n + m))) },
  'xavierUniform/twelve': { ...correct, xavierUniform: uniformWithLimit((n, m) => Math.sqrt(24 / (n + m))) },
  'xavierUniform/lecun-limit': { ...correct, xavierUniform: uniformWithLimit((n) => Math.sqrt(3 / n)) },
  'xavierUniform/he-limit': { ...correct, xavierUniform: uniformWithLimit((n) => Math.sqrt(6 / n)) },
  'smallUniformLimit/half-range': { ...correct, smallUniform: (n: number, m: number, rng: Rng, limit = 0.5) => matrix(n, m, () => (rng() - 0.5) * limit) },
  'smallUniformLimit/limit-ignored': { ...correct, smallUniform: (n: number, m: number, rng: Rng) => matrix(n, m, () => (2 * rng() - 1) * 0.5) },
  'smallUniformSigns/one-sided': { ...correct, smallUniform: (n: number, m: number, rng: Rng, limit = 0.5) => matrix(n, m, () => rng() * limit) },
  'calculateGain/sigmoid-slope': gain((name) => (name === 'sigmoid' ? 0.25 : undefined)),
  'calculateGain/relu-two': gain((name) => (name === 'relu' ? 2 : undefined)),
  'calculateGain/tanh-one': gain((name) => (name === 'tanh' ? 1 : undefined)),
  'calculateGain/leaky-default-zero': gain((name, p) => (name === 'leaky_relu' ? Math.sqrt(2 / (1 + (p ?? 0) ** 2)) : undefined)),
  'activationStatsThroughDepth/input-included': { ...correct, activationStatsThroughDepth: statsWith(polar, { includeInput: true }) },
  'activationStatsThroughDepth/std-not-rms': { ...correct, activationStatsThroughDepth: statsWith(polar, { std: true }) },
  'hiddenUnitSpread/rows-not-columns': { ...correct, hiddenUnitSpread: ({ W1 }: { W1: M }) => Math.max(0, ...W1.flatMap((row) => row.map((w, j) => Math.abs(w - W1[0]![j]!)))) },
  'hiddenUnitSpread/all-entries': { ...correct, hiddenUnitSpread: ({ W1 }: { W1: M }) => Math.max(...W1.flat()) - Math.min(...W1.flat()) },
  'calculateGain/leaky-not-squared': gain((name, p) => (name === 'leaky_relu' ? Math.sqrt(2 / (1 + (p ?? 0.01))) : undefined)),
};
