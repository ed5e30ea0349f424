// Unit 12's likely mistakes, planted around the reference engine's trainer (an implementation
// independent of solutions/), must be named by the hidden suite with a link to the lesson.
import { describe, expect, test, vi } from 'vitest';
import { spirals, trainReference, type TrainConfig } from '../../grader/engine/index';
import { checks } from '../hidden/12-deep-training.checks';
import { checkNamed, feedbackOf } from '../support/hidden';

vi.setConfig({ testTimeout: 120_000 });

type Data = { X: number[][]; Y: number[] };

function validated(config: TrainConfig, data: Data, rng: () => number) {
  if (!['sigmoid', 'tanh', 'relu', 'leakyRelu'].includes(config.activation)) throw new Error(`unknown activation '${config.activation}'`);
  if (!['smallUniform', 'xavierNormal', 'heNormal'].includes(config.init)) throw new Error(`unknown init '${config.init}'`);
  if (!(config.depth >= 2)) throw new Error(`config.depth must be at least 2, got ${config.depth}`);
  return trainReference(config, data, rng);
}

const correct = { makeSpirals: spirals, trainDeepNet: validated };
const link = (anchor: string) => `lessons/12-deep-training.md#${anchor}`;

describe('12-deep-training mistakes are named', () => {
  test('a correct module passes every hidden check', () => {
    for (const check of checks) expect(feedbackOf(check, correct), check.name).toBeNull();
  });

  test('the gradient summed over the mini-batch instead of averaged', () => {
    // Summing multiplies every gradient by m: the same as the mean with lr·m, and norms m times larger.
    const summed = {
      ...correct,
      trainDeepNet: (config: TrainConfig, data: Data, rng: () => number) => {
        const r = validated({ ...config, lr: config.lr * config.batchSize }, data, rng);
        return { ...r, gradNormHistory: r.gradNormHistory.map((norms) => norms.map((n) => n * config.batchSize)) };
      },
    };
    const message = feedbackOf(checkNamed(checks, "the first step's gradient is the mean over the mini-batch (the last layer's ‖dW‖ is the size the engine measures)"), summed);
    expect(message).toContain('It looks like the gradient is summed over the mini-batch instead of averaged');
    expect(message).toContain(link('common-mistakes'));
  });

  test('clipping when no clipNorm is given', () => {
    const alwaysClips = { ...correct, trainDeepNet: (config: TrainConfig, data: Data, rng: () => number) => validated({ clipNorm: 0.1, ...config }, data, rng) };
    const message = feedbackOf(checkNamed(checks, 'at lr 0.5 the plain ReLU net fails, and with clipNorm 0.1 it learns (mean final loss over two seeds below 0.6)'), alwaysClips);
    expect(message).toContain('Is the gradient clipped even when config.clipNorm is not given?');
    expect(message).toContain(link('clipping-at-a-learning-rate-that-fails'));
  });

  test('the classes interleaved', () => {
    const interleaved = {
      ...correct,
      makeSpirals: (n: number, rng: () => number, noise?: number) => {
        const d = spirals(n, rng, noise);
        return { X: d.X.map((_, r) => d.X[(r % 2) * n + Math.floor(r / 2)]!), Y: d.Y.map((_, r) => r % 2) };
      },
    };
    const message = feedbackOf(checkNamed(checks, 'makeSpirals puts 2·nPerClass points on the two spirals, class 0 first (noise 0)'), interleaved);
    expect(message).toContain('It looks like the classes interleaved');
    expect(message).toContain(link('the-data-two-spirals'));
  });

  test('an unfinished earlier unit is named', () => {
    const unfinished = { ...correct, trainDeepNet: () => { throw new Error('TODO: write dense(A, W, b) — see lessons/04-backprop-mlp.md#the-forward-pass'); } };
    const message = feedbackOf(checkNamed(checks, 'ReLU with He init learns (the median final loss over three seeds is below 0.65)'), unfinished);
    expect(message).toMatch(/^trainDeepNet\(.* uses your unit 04-backprop-mlp, which is not finished yet: TODO: write dense/);
    expect(message).toContain('npm test -- 04');
  });

  test('an unwritten stub says TODO, not a stack trace', () => {
    const stub = { ...correct, trainDeepNet: () => { throw new Error('TODO: write trainDeepNet(config, data, rng) — see lessons/12-deep-training.md#the-training-loop'); } };
    expect(feedbackOf(checkNamed(checks, 'ReLU with He init learns (the median final loss over three seeds is below 0.65)'), stub)).toMatch(/^trainDeepNet\(.* is not written yet: TODO/);
  });
});
