// Public tests for unit 12. Run: npm test -- 12
// `@impl/12-deep-training` is your exercises/12-deep-training/index.ts, which trains with your own
// earlier units (04, 05, 07, 08, 10): finish those first. The thresholds are the lesson's, measured
// with the course's reference engine over twelve seeds.
import { describe, test, vi } from 'vitest';
import { makeSpirals, trainDeepNet, type TrainConfig, type TrainResult } from '@impl/12-deep-training';
import { seededRng } from '@course/random';
import { attempt, expectClose, expectUnchanged, Feedback, nameSlip, snapshot } from '@course/testing';
import { bind } from '@course/misconceptions';
import * as catalogue from '@course/misconceptions/12-deep-training';

vi.setConfig({ testTimeout: 60_000 });

/** Call the learner's code; a TODO from one of your earlier units says which one to finish. */
const run = <T>(compute: () => T, call: string, lesson: string): T => attempt(compute, { call, lesson });

const experiment = { depth: 20, width: 16, steps: 100, batchSize: 16 } as const;
const finalLoss = (r: TrainResult) => r.lossHistory.slice(-10).reduce((s, x) => s + x, 0) / 10;

function train(config: TrainConfig, seed: number, lesson: string): TrainResult {
  const data = run(() => makeSpirals(40, seededRng(seed)), `makeSpirals(40, seededRng(${seed}))`, '12-deep-training#the-data-two-spirals');
  return run(() => trainDeepNet(config, data, seededRng(1000 + seed)), `trainDeepNet({ ${Object.entries(config).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')} }, makeSpirals(40, …), seededRng(${1000 + seed}))`, lesson);
}

describe('12 · the data: two spirals', () => {
  const lesson = '12-deep-training#the-data-two-spirals';
  test('makeSpirals(2, rng, 0): class 0 first, at t = 0 and t = 1/2 of each spiral', () => {
    const data = run(() => makeSpirals(2, seededRng(1), 0), 'makeSpirals(2, rng, 0)', lesson);
    const r = Math.SQRT1_2 / 2;
    const right = [[0, 0], [-r, r], [0, 0], [r, -r]];
    // A wrong answer that matches a known slip is named from the grader's own catalogue
    // (lib/misconceptions/12-deep-training.ts), with the lesson section about that slip.
    expectClose(() => data.X, right, { call: 'makeSpirals(2, rng, 0).X', lesson, atol: 1e-12, misconceptions: bind(catalogue.makeSpirals, { nPerClass: 2, right }) });
    expectClose(() => data.Y, [0, 0, 1, 1], { call: 'makeSpirals(2, rng, 0).Y', lesson });
  });
  test('the default noise moves the points', () => {
    const noisy = run(() => makeSpirals(2, seededRng(1)), 'makeSpirals(2, rng)', lesson);
    const moved = noisy.X.flat().some((x, k) => Math.abs(x - [0, 0, -0.35355339, 0.35355339, 0, 0, 0.35355339, -0.35355339][k]!) > 1e-6);
    if (!moved) throw new Feedback('makeSpirals(2, rng) returned the noise-free points: the default noise is 0.1.', lesson);
  });
});

describe('12 · the training loop', () => {
  const lesson = '12-deep-training#the-training-loop';
  test('one loss and one list of depth norms per step, an accuracy in [0, 1], data unchanged', () => {
    const data = run(() => makeSpirals(5, seededRng(3)), 'makeSpirals(5, seededRng(3))', '12-deep-training#the-data-two-spirals');
    const before = snapshot(data);
    const config: TrainConfig = { depth: 4, width: 3, activation: 'relu', init: 'heNormal', batchNorm: true, residual: true, clipNorm: 1, lr: 0.1, steps: 6, batchSize: 4 };
    const call = 'trainDeepNet({ depth: 4, width: 3, relu, heNormal, batchNorm, residual, clipNorm: 1, steps: 6, … })';
    const r = run(() => trainDeepNet(config, data, seededRng(4)), call, lesson);
    if (r.lossHistory?.length !== 6) throw new Feedback(`${call}: lossHistory should have 6 entries (one per step), but has ${r.lossHistory?.length}.`, lesson);
    if (r.gradNormHistory?.length !== 6 || !r.gradNormHistory.every((n) => n.length === 4)) throw new Feedback(`${call}: gradNormHistory should be 6 lists (one per step) of 4 norms (one per layer).`, lesson);
    if (!(r.accuracy >= 0 && r.accuracy <= 1)) throw new Feedback(`${call}: accuracy should be in [0, 1], but it is ${r.accuracy}.`, lesson);
    expectUnchanged(before, data, { call, lesson, argument: 'data' });
  });
});

describe('12 · every gradient is the mean loss\'s, batch norm\'s too', () => {
  test('a batch-norm net\'s first 4 losses are the engine\'s (dγ and dβ carry the 1/m like dW and db)', () => {
    const lesson = '12-deep-training#the-training-loop';
    // Two points and an rng alternating 0.3, 0.9: every He weight is the same number and every batch
    // holds each point twice, in whatever order your loop draws them, so only the gradients decide.
    const alternating = () => {
      let k = 0;
      return () => (k++ % 2 === 0 ? 0.3 : 0.9);
    };
    const data = { X: [[0.6, -0.2], [-0.3, 0.5]], Y: [1, 0] };
    const config: TrainConfig = { depth: 3, width: 4, activation: 'sigmoid', init: 'heNormal', batchNorm: true, lr: 0.5, steps: 4, batchSize: 4 };
    const call = "trainDeepNet({ depth: 3, width: 4, 'sigmoid', 'heNormal', batchNorm: true, lr: 0.5, steps: 4, batchSize: 4 }, two points, an rng alternating 0.3, 0.9).lossHistory";
    // The course's engine (autodiff, checked against finite differences of the mini-batch loss).
    const right = [0.602159580841, 0.576306285768, 0.555715318174, 0.538462927163];
    const r = run(() => trainDeepNet(config, data, alternating()), call, lesson);
    expectClose(() => r.lossHistory, right, { call, lesson, rtol: 1e-9, atol: 1e-11, misconceptions: bind(catalogue.trainDeepNetBatchNorm, { m: config.batchSize, known: catalogue.onTheFixture }) });
  });
});

describe('12 · watch it stop learning, then make it learn', () => {
  test("20 sigmoid layers, the notes' init: the loss stays at ln 2 and ‖dW₁‖/‖dW₂₀‖ is below 1e-8", () => {
    const lesson = '12-deep-training#a-deep-sigmoid-net-does-not-learn';
    const r = train({ ...experiment, activation: 'sigmoid', init: 'smallUniform', lr: 0.1 }, 101, lesson);
    // The engine measures the last layer's ‖dW‖ at the first step between 0.074 and 0.923 on twelve seeds.
    const lastNorm = r.gradNormHistory[0]?.[19];
    if (!(typeof lastNorm === 'number' && lastNorm >= 0.02 && lastNorm <= 1.5)) {
      const numbers = `At the first step ‖dW₂₀‖ is ${lastNorm}, but the course's engine measures 0.074 to 0.923 on twelve seeds of this net.`;
      nameSlip(lastNorm, bind(catalogue.trainDeepNetFirstStep, { m: experiment.batchSize, low: 0.02, high: 1.5 }), numbers);
      throw new Feedback(numbers, '12-deep-training#the-training-loop');
    }
    const loss = finalLoss(r);
    if (!(Math.abs(loss - Math.log(2)) < 0.03)) throw new Feedback(`The mean loss of the last 10 steps is ${loss.toFixed(3)}, but this net should stay at ln 2 = 0.693.`, lesson);
    const ratio = r.gradNormHistory[0]![0]! / r.gradNormHistory[0]![19]!;
    if (!(ratio < 1e-8)) throw new Feedback(`At the first step ‖dW₁‖/‖dW₂₀‖ = ${ratio.toExponential(2)}, but it should be far below 1e-8 (the lesson measures about 1e-12).`, lesson);
  });

  test('ReLU with He init learns: the final loss falls below 0.65 on one of up to three seeds', () => {
    const lesson = '12-deep-training#relu-and-he-initialization';
    // The course's engine ends below 0.65 on 55 of 60 seeds, and a loop that does not learn stays at
    // ln 2 = 0.693 on every seed: one seed below 0.65 is enough (the next runs only when needed).
    const losses: number[] = [];
    for (const seed of [101, 102, 103]) {
      losses.push(finalLoss(train({ ...experiment, activation: 'relu', init: 'heNormal', lr: 0.05 }, seed, lesson)));
      if (losses[losses.length - 1]! < 0.65) return;
    }
    throw new Feedback(`The final losses are ${losses.map((l) => l.toFixed(3)).join(', ')}; with ReLU and He init at least one should be below 0.65 (the lesson measures 0.35 to 0.62 on twelve seeds).`, lesson);
  });

  test('at lr 0.5 the plain ReLU net fails without clipping: the median final loss of three seeds stays above 0.6', () => {
    const lesson = '12-deep-training#clipping-at-a-learning-rate-that-fails';
    // A loss that overflowed (Infinity, or NaN from ∞ − ∞) counts as Infinity: the net did not learn.
    const hot = (seed: number) => {
      const loss = finalLoss(train({ ...experiment, activation: 'relu', init: 'heNormal', lr: 0.5 }, seed, lesson));
      return Number.isNaN(loss) ? Infinity : loss;
    };
    // The median of three seeds; the third is run only when the first two disagree (it then decides).
    const losses = [hot(101), hot(102)];
    if (losses[0]! > 0.6 !== losses[1]! > 0.6) losses.push(hot(103));
    const median = losses.length === 3 ? [...losses].sort((a, b) => a - b)[1]! : (losses[0]! + losses[1]!) / 2;
    // On 200 seeds the course's engine ends at or above 0.662 on 198 and recovers (0.558, 0.584) on two,
    // so one seed may learn; two of three below 0.6 is the loop, not luck. With clipping it ends at 0.23 to 0.48.
    if (!(median > 0.6)) {
      const numbers = `The final losses are ${losses.map((l) => l.toFixed(3)).join(', ')}, but at lr 0.5 unclipped SGD throws this net off: at least two of three should stay above 0.6 (the course's engine ends above 0.66 on 198 of 200 seeds).`;
      nameSlip(median, bind(catalogue.trainDeepNetUnclipped, { above: 0.6 }), numbers);
      throw new Feedback(numbers, lesson);
    }
  });
});
