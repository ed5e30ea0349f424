// Public tests for unit 09. Run: npm test -- 09
// `@impl/09-relu-family` is your exercises/09-relu-family/index.ts (the test setup chooses the folder).
import { describe, test } from 'vitest';
import {
  deadFraction, elu, eluPrime, leakyRelu, leakyReluPrime, prelu, preluBackward, relu, reluPrime, trainAndWatchDeadUnits,
} from '@impl/09-relu-family';
import { seededRng } from '@course/random';
import { attempt, expectClose, expectEqual, expectShapeError, expectUnchanged, Feedback, snapshot } from '@course/testing';
import { bind } from '@course/misconceptions';
import * as catalogue from '@course/misconceptions/09-relu-family';

// Known slips are named from the grader's own catalogue (lib/misconceptions/09-relu-family.ts).
type ScalarSlips = 'reluPrime' | 'leakyRelu' | 'leakyReluPrime' | 'elu' | 'eluPrime';
const slips = (fn: ScalarSlips, z: number, right: number, alpha?: number) => bind(catalogue[fn], { z, alpha, right });

describe('09 · ReLU and leaky ReLU', () => {
  test('relu(z) = max(0, z)', () => {
    const lesson = '09-relu-family#relu';
    expectClose(() => relu(3), 3, { call: 'relu(3)', lesson });
    expectClose(() => relu(-3), 0, { call: 'relu(-3)', lesson });
    expectClose(() => reluPrime(3), 1, { call: 'reluPrime(3)', lesson, misconceptions: slips('reluPrime', 3, 1) });
    expectClose(() => reluPrime(-3), 0, { call: 'reluPrime(-3)', lesson, misconceptions: slips('reluPrime', -3, 0) });
  });

  test("the notes' dying-ReLU example: 4, 5, −1, −2, −4 → 4, 5, 0, 0, 0 (and, the course adds, slopes 1, 1, 0, 0, 0)", () => {
    const lesson = '09-relu-family#relu';
    const inputs = [4, 5, -1, -2, -4];
    expectClose(() => inputs.map((z) => relu(z)), [4, 5, 0, 0, 0], { call: 'relu of 4, 5, −1, −2, −4', lesson });
    expectClose(() => inputs.map((z) => reluPrime(z)), [1, 1, 0, 0, 0], { call: 'reluPrime of 4, 5, −1, −2, −4', lesson });
  });

  test('leaky ReLU has slope 0.01 below zero by default, and takes alpha', () => {
    const lesson = '09-relu-family#leaky-relu';
    expectClose(() => leakyRelu(-2), -0.02, { call: 'leakyRelu(-2)', lesson, misconceptions: slips('leakyRelu', -2, -0.02) });
    expectClose(() => leakyRelu(5), 5, { call: 'leakyRelu(5)', lesson, misconceptions: slips('leakyRelu', 5, 5) });
    expectClose(() => leakyRelu(-2, 0.2), -0.4, { call: 'leakyRelu(-2, 0.2)', lesson, misconceptions: slips('leakyRelu', -2, -0.4, 0.2) });
    expectClose(() => leakyReluPrime(-2), 0.01, { call: 'leakyReluPrime(-2)', lesson, misconceptions: slips('leakyReluPrime', -2, 0.01) });
    expectClose(() => leakyReluPrime(-2, 0.2), 0.2, { call: 'leakyReluPrime(-2, 0.2)', lesson, misconceptions: slips('leakyReluPrime', -2, 0.2, 0.2) });
    expectClose(() => leakyReluPrime(5), 1, { call: 'leakyReluPrime(5)', lesson, misconceptions: slips('leakyReluPrime', 5, 1) });
  });

  test('at z = 0 each derivative takes its left-hand value: 0, alpha, alpha', () => {
    const lesson = '09-relu-family#the-derivative-at-zero';
    expectEqual(() => reluPrime(0), 0, { call: 'reluPrime(0)', lesson, misconceptions: slips('reluPrime', 0, 0) });
    expectClose(() => leakyReluPrime(0), 0.01, { call: 'leakyReluPrime(0)', lesson, misconceptions: slips('leakyReluPrime', 0, 0.01) });
    expectClose(() => leakyReluPrime(0, 0.3), 0.3, { call: 'leakyReluPrime(0, 0.3)', lesson, misconceptions: slips('leakyReluPrime', 0, 0.3, 0.3) });
    expectClose(() => eluPrime(0, 0.5), 0.5, { call: 'eluPrime(0, 0.5)', lesson, misconceptions: slips('eluPrime', 0, 0.5, 0.5) });
  });
});

describe('09 · ELU', () => {
  const lesson = '09-relu-family#elu';

  test("the course's elu(−1) = −0.6321206", () => {
    expectClose(() => elu(-1), -0.6321206, { call: 'elu(-1)', lesson, atol: 5e-8, rtol: 0, misconceptions: slips('elu', -1, -0.6321205588) });
    expectClose(() => elu(2), 2, { call: 'elu(2)', lesson });
    expectClose(() => elu(-1, 0.5), -0.3160603, { call: 'elu(-1, 0.5)', lesson, atol: 5e-8, rtol: 0 });
  });

  test('eluPrime is 1 for z > 0 and alpha·e^z = elu(z) + alpha for z ≤ 0', () => {
    expectClose(() => eluPrime(2), 1, { call: 'eluPrime(2)', lesson, misconceptions: slips('eluPrime', 2, 1) });
    expectClose(() => eluPrime(-1), 0.3678794, { call: 'eluPrime(-1)', lesson, atol: 5e-8, rtol: 0, misconceptions: slips('eluPrime', -1, 0.3678794412) });
    for (const z of [-0.5, -3]) {
      const info = { call: `eluPrime(${z}, 2)`, lesson };
      const value = attempt(() => elu(z, 2), { call: `elu(${z}, 2)`, lesson });
      expectClose(() => eluPrime(z, 2), value + 2, info);
    }
  });

  test('ELU saturates at −alpha for very negative z, without NaN', () => {
    expectClose(() => elu(-1000), -1, { call: 'elu(-1000)', lesson });
    expectClose(() => elu(1000), 1000, { call: 'elu(1000)', lesson, misconceptions: bind(catalogue.overflow, { z: 1000, right: 1000 }) });
    expectClose(() => eluPrime(1000), 1, { call: 'eluPrime(1000)', lesson, misconceptions: bind(catalogue.overflow, { z: 1000, right: 1 }) });
    expectClose(() => eluPrime(-1000), 0, { call: 'eluPrime(-1000)', lesson, atol: 1e-300 });
  });
});

describe('09 · PReLU', () => {
  const lesson = '09-relu-family#prelu-a-learned-slope';

  test('prelu(z, alpha) is leaky ReLU with the slope given', () => {
    expectClose(() => prelu(-3, 0.25), -0.75, { call: 'prelu(-3, 0.25)', lesson });
    expectClose(() => prelu(3, 0.25), 3, { call: 'prelu(3, 0.25)', lesson });
  });

  test('preluBackward: dz = dout·slope, dAlpha = Σ over z ≤ 0 of dout·z', () => {
    const call = 'preluBackward([1.5, -2, 0, -0.5], 0.25, [0.1, 0.4, -0.3, 0.2])';
    const [pz, pdout] = [[1.5, -2, 0, -0.5], [0.1, 0.4, -0.3, 0.2]];
    const run = () => preluBackward(pz, 0.25, pdout);
    expectClose(() => run().dz, [0.1, 0.1, -0.075, 0.05], { call: `${call}.dz`, lesson, misconceptions: bind(catalogue.preluDz, { z: pz, dout: pdout, right: [0.1, 0.1, -0.075, 0.05] }) });
    expectClose(() => run().dAlpha, -0.9, { call: `${call}.dAlpha`, lesson, misconceptions: bind(catalogue.preluDAlpha, { z: pz, dout: pdout, right: -0.9 }) });
  });

  test('preluBackward leaves its inputs alone and rejects mismatched lengths', () => {
    const z = [1, -1, 2];
    const dout = [0.5, 0.5, 0.5];
    const before = snapshot({ z, dout });
    attempt(() => preluBackward(z, 0.1, dout), { call: 'preluBackward([1, -1, 2], 0.1, [0.5, 0.5, 0.5])', lesson });
    expectUnchanged(before.z, z, { call: 'preluBackward(z, 0.1, dout)', lesson, argument: 'z' });
    expectUnchanged(before.dout, dout, { call: 'preluBackward(z, 0.1, dout)', lesson, argument: 'dout' });
    expectShapeError(() => preluBackward([1, -1, 2], 0.1, [1, 1, 1, 1]), ['3', '4'], { call: 'preluBackward(z of length 3, 0.1, dout of length 4)', lesson });
  });
});

describe('09 · dead units', () => {
  const lesson = '09-relu-family#dead-units';

  test('deadFraction counts the columns (units) that are ≤ 0 for every example', () => {
    // column 0: always negative (dead); 1: alive; 2: exactly 0 everywhere (dead); 3: alive on one example
    const Z = [[-1, 2, 0, -3], [-2, -1, 0, 1], [-0.5, 3, 0, -1]];
    // Columns 0 and 2 are dead (column 2 is exactly 0); with z < 0 only column 0 would be, and
    // every column has some entry ≤ 0.
    expectClose(() => deadFraction(Z), 0.5, { call: 'deadFraction([[-1, 2, 0, -3], [-2, -1, 0, 1], [-0.5, 3, 0, -1]])', lesson, misconceptions: bind(catalogue.deadFraction, { Z, right: 0.5, known: { 'any-example': 1, strict: 0.25 } }) });
    expectClose(() => deadFraction([[1, 2], [3, 4]]), 0, { call: 'deadFraction([[1, 2], [3, 4]])', lesson });
  });

  test('a layer whose biases are pushed to −10 is entirely dead for ReLU, and still learns with leaky ReLU', () => {
    // One hidden layer of 4 units on 6 examples: z = x·W + b with |x·W| < 3, so every z < −7.
    const X = [[0.5, 1.0], [-1.0, 0.3], [0.8, -0.6], [-0.2, -0.9], [1.1, 0.4], [-0.7, 0.7]];
    const W1 = [[0.9, -0.4, 0.3, 1.2], [-0.6, 0.8, 1.0, -0.3]];
    const Z = X.map((x) => W1[0]!.map((_, j) => x[0]! * W1[0]![j]! + x[1]! * W1[1]![j]! - 10));
    const W2 = [0.5, -0.3, 0.8, 0.2]; // hidden → output weights
    const upstream = [0.2, -0.1, 0.3, -0.4, 0.1, 0.25]; // dL/d(output pre-activation), one per example
    expectClose(() => deadFraction(Z), 1, { call: 'deadFraction(Z) for biases of −10', lesson });
    // dL/dW1[k][j] = Σ_i x_ik · upstream_i · W2_j · g'(z_ij): with ReLU every g' is 0 …
    const dW1 = (gPrime: (z: number) => number) =>
      W1.map((row, k) => row.map((_, j) => X.reduce((s, x, i) => s + x[k]! * upstream[i]! * W2[j]! * gPrime(Z[i]![j]!), 0)));
    const reluGrad = attempt(() => dW1((z) => reluPrime(z)), { call: 'reluPrime(z) on the dead layer', lesson });
    if (reluGrad.flat().some((g) => g !== 0)) {
      throw new Feedback(`With ReLU every unit of this layer has z < 0, so every reluPrime(z) is 0 and the first layer's gradient must be all zeros; got ${JSON.stringify(reluGrad)}.`, lesson);
    }
    // … with leaky ReLU every g' is 0.01, so the same layer still receives gradient.
    const leakyGrad = attempt(() => dW1((z) => leakyReluPrime(z)), { call: 'leakyReluPrime(z) on the dead layer', lesson: '09-relu-family#leaky-relu' });
    const expected = dW1(() => 0.01);
    expectClose(() => leakyGrad, expected, { call: "the first layer's gradient with leakyReluPrime", lesson: '09-relu-family#leaky-relu' });
    if (leakyGrad.flat().every((g) => g === 0)) throw new Feedback('With leaky ReLU the dead layer should still get a nonzero gradient (slope 0.01).', '09-relu-family#leaky-relu');
  });
});

/**
 * The course's toy problem (lessons/09-relu-family.md#watching-units-die): 32 points uniform in
 * [−1, 1]², then the same points mirrored (x → −x); y = 1 when x₁ + 0.5·x₂ > 0. The mirror makes
 * the classes exactly balanced, and puts every unit of a zero-bias layer above 0 on some example.
 */
function toyProblem(seed: number): { X: number[][]; Y: number[] } {
  const rng = seededRng(seed);
  const half = Array.from({ length: 32 }, () => [2 * rng() - 1, 2 * rng() - 1]);
  const X = [...half, ...half.map(([a, b]) => [-a!, -b!])];
  return { X, Y: X.map(([a, b]) => (a! + 0.5 * b! > 0 ? 1 : 0)) };
}

describe('09 · watching units die', () => {
  const lesson = '09-relu-family#watching-units-die';
  const base = { width: 16, lr: 4, steps: 300 };
  type Run = ReturnType<typeof trainAndWatchDeadUnits>;
  const run = (activation: 'relu' | 'leakyRelu', biasShift: number, seed: number): Run => {
    const call = `trainAndWatchDeadUnits({ activation: '${activation}', biasShift: ${biasShift}, width: 16, lr: 4, steps: 300 }, toyProblem(${900 + seed}), seededRng(${seed}))`;
    const history = attempt(() => trainAndWatchDeadUnits({ ...base, activation, biasShift }, toyProblem(900 + seed), seededRng(seed)), { call, lesson });
    for (const key of ['deadFraction', 'loss', 'hiddenGradNorm'] as const) {
      const list = history?.[key];
      if (!Array.isArray(list) || list.length !== base.steps || !list.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new Feedback(`${call}.${key} should hold ${base.steps} finite numbers, one per step; got ${Array.isArray(list) ? `${list.length} entries` : JSON.stringify(list)}.`, lesson);
      }
    }
    return history;
  };
  const deadAtStart = (biasShift: number, right: number) => bind(catalogue.trainAndWatchDeadUnits, { biasShift, right });
  // The course's reference runs over 20 seeds (scripts/dying-relu-thresholds.ts): healthy ReLU ends at 0.0012–0.063,
  // leaky ReLU from biases −10 at 0.22–0.53; the thresholds below leave a margin.

  test('a healthy ReLU layer learns, and a unit that dies stays dead', () => {
    const h = run('relu', 0, 1);
    expectClose(() => h.deadFraction[0], 0, { call: 'deadFraction at step 0 with biasShift 0', lesson: '09-relu-family#dead-units-in-the-training-loop', misconceptions: deadAtStart(0, 0) });
    const rise = h.deadFraction.findIndex((d, t) => t > 0 && d < h.deadFraction[t - 1]!);
    if (rise > 0) throw new Feedback(`With ReLU a dead unit gets exactly zero gradient, so it can never come back: deadFraction must never decrease, but it fell from ${h.deadFraction[rise - 1]} to ${h.deadFraction[rise]} at step ${rise}.`, lesson);
    if (!(h.loss.at(-1)! < 0.2)) throw new Feedback(`A healthy ReLU layer should learn the toy problem: the loss should end below 0.2, but it ended at ${h.loss.at(-1)}.`, lesson);
  });

  test('biases at −10: with ReLU every unit is dead at every step, the gradient is exactly 0 and the loss stays at ln 2', () => {
    const h = run('relu', -10, 2);
    expectClose(() => h.deadFraction[0], 1, { call: 'deadFraction at step 0 with biasShift −10', lesson: '09-relu-family#dead-units-in-the-training-loop', misconceptions: deadAtStart(-10, 1) });
    const alive = h.deadFraction.findIndex((d) => d !== 1);
    if (alive >= 0) throw new Feedback(`With every bias at −10 no ReLU unit can ever fire: deadFraction should be 1 at every step, but it is ${h.deadFraction[alive]} at step ${alive}.`, lesson);
    const moving = h.hiddenGradNorm.findIndex((g) => g !== 0);
    if (moving >= 0) throw new Feedback(`Every reluPrime(z) of a dead layer is 0, so its gradient must be exactly 0 at every step; hiddenGradNorm is ${h.hiddenGradNorm[moving]} at step ${moving}.`, lesson);
    const off = h.loss.findIndex((l) => Math.abs(l - Math.LN2) > 1e-9);
    if (off >= 0) throw new Feedback(`A dead layer outputs 0, so ŷ = σ(b2) and, on the balanced toy problem, b2 never moves from 0: the loss should stay at ln 2 = 0.693147, but it is ${h.loss[off]} at step ${off}.`, lesson);
  });

  test('biases at −10: with leaky ReLU the gradient never vanishes and the loss falls', () => {
    const h = run('leakyRelu', -10, 3);
    const still = h.hiddenGradNorm.findIndex((g) => !(g > 0));
    if (still >= 0) throw new Feedback(`With leaky ReLU every derivative is at least 0.01, so the hidden layer's gradient should never be 0; hiddenGradNorm is ${h.hiddenGradNorm[still]} at step ${still}.`, '09-relu-family#leaky-relu');
    if (!(h.loss.at(-1)! < 0.62)) throw new Feedback(`Leaky ReLU keeps the layer learning: after 300 steps the loss should be below 0.62 (the course's runs end at 0.22–0.53), but it ended at ${h.loss.at(-1)}.`, lesson);
  });

  test('trainAndWatchDeadUnits leaves its data alone and rejects bad input with one clear line', () => {
    const data = toyProblem(904);
    const before = snapshot(data);
    attempt(() => trainAndWatchDeadUnits({ ...base, steps: 3, activation: 'relu', biasShift: 0 }, data, seededRng(4)), { call: 'trainAndWatchDeadUnits(…, steps: 3)', lesson });
    expectUnchanged(before, data, { call: 'trainAndWatchDeadUnits(config, data, rng)', lesson, argument: 'data' });
    expectShapeError(() => trainAndWatchDeadUnits({ ...base, steps: 3, activation: 'relu', biasShift: 0 }, { X: data.X, Y: data.Y.slice(0, 60) }, seededRng(4)), ['64', '60'], { call: 'trainAndWatchDeadUnits with 64 rows of X and 60 labels', lesson });
    let message = '';
    try {
      trainAndWatchDeadUnits({ ...base, steps: 3, activation: 'sigmoid' as 'relu', biasShift: 0 }, data, seededRng(4));
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    if (!message.includes('sigmoid') || /TODO/.test(message)) throw new Feedback(`trainAndWatchDeadUnits with activation 'sigmoid' should throw an Error naming it (this unit trains relu or leakyRelu); ${message ? `it said: ${message}` : 'it did not throw'}.`, lesson);
  });
});
