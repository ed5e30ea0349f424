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
  'calculateGain/leaky-not-squared': gain((name, p) => (name === 'leaky_relu' ? Math.sqrt(2 / (1 + (p ?? 0.01))) : undefined)),
};
