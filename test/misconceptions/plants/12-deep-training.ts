// A correct unit 12 built on the reference engine's trainer (independent of solutions/), and each
// catalogued slip planted around it. Few plants: every one runs the whole (slow) hidden suite.
import { spirals, trainReference, type TrainConfig, type TrainHooks } from '../../../grader/engine/index';

type Data = { X: number[][]; Y: number[] };

function validated(config: TrainConfig, data: Data, rng: () => number, hooks?: TrainHooks) {
  if (!['sigmoid', 'tanh', 'relu', 'leakyRelu'].includes(config.activation)) throw new Error(`unknown activation '${config.activation}'`);
  if (!['smallUniform', 'xavierNormal', 'heNormal'].includes(config.init)) throw new Error(`unknown init '${config.init}'`);
  if (!(config.depth >= 2)) throw new Error(`config.depth must be at least 2, got ${config.depth}`);
  return trainReference(config, data, rng, hooks);
}

export const correct = { makeSpirals: spirals, trainDeepNet: validated };

/** The same noisy points with the angle θ = 0.75·t + c/2 (turns) instead of 1.5π·t + c·π. */
function inTurns(n: number, rng: () => number, noise?: number): Data {
  const d = spirals(n, rng, noise);
  return {
    X: d.X.map(([x, y], r) => {
      const c = r < n ? 0 : 1;
      const t = (r % n) / n;
      const [right, turns] = [1.5 * Math.PI * t + c * Math.PI, 0.75 * t + c / 2];
      return [x! - t * Math.cos(right) + t * Math.cos(turns), y! - t * Math.sin(right) + t * Math.sin(turns)];
    }),
    Y: d.Y,
  };
}

export const plants: Record<string, typeof correct> = {
  'makeSpirals/interleaved': {
    ...correct,
    makeSpirals: (n: number, rng: () => number, noise?: number) => {
      const d = spirals(n, rng, noise);
      return { X: d.X.map((_, r) => d.X[(r % 2) * n + Math.floor(r / 2)]!), Y: d.Y.map((_, r) => r % 2) };
    },
  },
  'makeSpirals/turns': { ...correct, makeSpirals: inTurns },
  // Summing multiplies every gradient by m: the same as the mean with lr·m, and norms m times larger.
  'trainDeepNetFirstStep/summed': {
    ...correct,
    trainDeepNet: (config: TrainConfig, data: Data, rng: () => number) => {
      const r = validated({ ...config, lr: config.lr * config.batchSize }, data, rng);
      return { ...r, gradNormHistory: r.gradNormHistory.map((norms) => norms.map((n) => n * config.batchSize)) };
    },
  },
  // dγ and dβ m times too big (δ without the 1/m, which only dW and db get): the engine's gradients so scaled.
  'trainDeepNetBatchNorm/bn-grads-summed': {
    ...correct,
    trainDeepNet: (config: TrainConfig, data: Data, rng: () => number) =>
      validated(config, data, rng, { onGradients: ({ grads }) => grads.forEach((layer) => layer.slice(2).forEach((g) => g.forEach((_, i) => (g[i] *= config.batchSize)))) }),
  },
  'trainDeepNetUnclipped/clips-always': { ...correct, trainDeepNet: (config: TrainConfig, data: Data, rng: () => number) => validated({ clipNorm: 0.1, ...config }, data, rng) },
};
