// Public tests for unit 08. Run: npm test -- 08
// `@impl/08-batch-norm` is your exercises/08-batch-norm/index.ts (the test setup chooses the folder).
import { describe, test } from 'vitest';
import { batchNormBackward, batchNormBackwardStaged, batchNormForward, checkBatchNormGradients } from '@impl/08-batch-norm';
import * as unit08 from '@impl/08-batch-norm';
import { attempt, expectClose, expectShape, expectShapeError, expectUnchanged, Feedback, snapshot } from '@course/testing';
import { bind } from '@course/misconceptions';
import { describe as show, isClose } from '@course/compare';
import { gaussian, seededRng } from '@course/random';
import * as catalogue from '@course/misconceptions/08-batch-norm';

// The course's fixture (not the notes'): 4 examples (rows), 2 features (columns).
const X = [[1, 2], [3, 5], [0, -1], [4, 1]];
const gamma = [1.5, 0.5];
const beta = [0.1, -0.2];
const dout = [[0.1, -0.3], [0.2, 0.4], [-0.5, 0.1], [0.3, 0.2]];
const fresh = () => ({ runningMean: [0, 0], runningVar: [1, 1] });
const call = 'batchNormForward(X, gamma, beta, { runningMean: [0, 0], runningVar: [1, 1] }, { training: true })';
// Known slips are named from the grader's own catalogue (lib/misconceptions/08-batch-norm.ts).
const fixture = catalogue.onTheFixture;
const runningSlips = (which: 'runningMean' | 'runningVar', old: number[], right: number[], momentum: number, known = {}) =>
  bind(catalogue.runningUpdate, { which, old, right, momentum, m: 4, known });

describe('08 · forward pass (training mode)', () => {
  const lesson = '08-batch-norm#the-forward-pass';

  test('the fixture: out = γ·x̂ + β with the batch mean and biased variance', () => {
    expectClose(() => batchNormForward(X, gamma, beta, fresh(), { training: true }).out, [
      [-0.848681, -0.142265],
      [1.048681, 0.550555],
      [-1.797363, -0.835085],
      [1.997363, -0.373205],
    ], { call: `${call}.out`, lesson: '08-batch-norm#the-worked-example', atol: 5e-7, rtol: 0, misconceptions: bind(catalogue.trainingOut, { known: fixture.trainingOut }) });
  });

  test('ε goes inside the square root: a constant feature gives β, not NaN', () => {
    const constant = [[1, 5], [1, 6], [1, 7]];
    const state = { runningMean: [0, 0], runningVar: [1, 1] };
    // Column 0 is constant, so x − μ = 0 and out = β = 0.3; column 1 is [5, 6, 7]: mean 6, biased variance 2/3.
    const c = 1.2247356859083902; // 1/√(2/3 + 1e-5)
    expectClose(() => batchNormForward(constant, [2, 1], [0.3, 0], state, { training: true }).out, [[0.3, -c], [0.3, 0], [0.3, c]], {
      call: 'batchNormForward([[1, 5], [1, 6], [1, 7]], [2, 1], [0.3, 0], state, { training: true }).out',
      lesson: '08-batch-norm#where-epsilon-goes',
      atol: 1e-9,
      misconceptions: bind(catalogue.trainingOut, {}),
    });
  });

  test('with γ = 1, β = 0 every column has mean 0 and (biased) variance σ²/(σ² + ε) ≈ 1', () => {
    const { out } = attempt(() => batchNormForward(X, [1, 1], [0, 0], fresh(), { training: true }), { call, lesson });
    for (const j of [0, 1]) {
      const column = out.map((row) => row[j]!);
      const mean = column.reduce((s, x) => s + x, 0) / column.length;
      const variance = column.reduce((s, x) => s + (x - mean) ** 2, 0) / column.length;
      if (Math.abs(mean) > 1e-12) throw new Feedback(`column ${j} of out has mean ${mean}; normalizing subtracts the column mean, so it should be 0.`, lesson);
      // biased variance 2.5 and 4.6875 → x̂ has variance σ²/(σ²+ε), 1 to within 4e-6
      if (Math.abs(variance - 1) > 5e-6) {
        throw new Feedback(`column ${j} of out has variance ${variance} over the batch; dividing by √(σ²+ε) with the BIASED σ² (divide by m) makes it 1 (to within ε/σ²).`, '08-batch-norm#biased-and-unbiased-variance');
      }
    }
  });

  test('out has the shape of X', () => {
    const wide = [[1, 2, 3], [4, 5, 6]];
    expectShape(() => batchNormForward(wide, [1, 1, 1], [0, 0, 0], { runningMean: [0, 0, 0], runningVar: [1, 1, 1] }, { training: true }).out, '2x3', {
      call: 'batchNormForward(2x3 X, …).out',
      lesson,
    });
  });

  test('gamma, beta or state with the wrong length throw, naming both shapes', () => {
    expectShapeError(() => batchNormForward(X, [1, 1, 1], beta, fresh(), { training: true }), ['4x2', '3'], { call: 'batchNormForward(4x2 X, gamma of length 3, …)', lesson });
    expectShapeError(() => batchNormForward(X, gamma, [0], fresh(), { training: true }), ['4x2', '1'], { call: 'batchNormForward(4x2 X, beta of length 1, …)', lesson });
    expectShapeError(() => batchNormForward(X, gamma, beta, { runningMean: [0, 0, 0], runningVar: [1, 1, 1] }, { training: true }), ['4x2', '3'], { call: 'batchNormForward(4x2 X, …, a state of length 3, …)', lesson });
  });
});

describe('08 · running statistics and eval mode', () => {
  const lesson = '08-batch-norm#running-statistics-and-eval-mode';

  test('one training step from (0, 1) with momentum 0.1: running mean [0.2, 0.175], running var (unbiased) [1.233333, 1.525]', () => {
    const after = () => batchNormForward(X, gamma, beta, fresh(), { training: true }).state;
    expectClose(() => after().runningMean, [0.2, 0.175], { call: `${call}.state.runningMean`, lesson, misconceptions: runningSlips('runningMean', [0, 0], [0.2, 0.175], 0.1) });
    expectClose(() => after().runningVar, [1.2333333333, 1.525], { call: `${call}.state.runningVar`, lesson: '08-batch-norm#biased-and-unbiased-variance', misconceptions: runningSlips('runningVar', [1, 1], [1.2333333333, 1.525], 0.1) });
  });

  test('the state is threaded through: a second step starts from the state the first returned', () => {
    const first = attempt(() => batchNormForward(X, gamma, beta, fresh(), { training: true }).state, { call, lesson });
    const second = attempt(() => batchNormForward(X, gamma, beta, first, { training: true }).state, { call: 'batchNormForward(X, gamma, beta, the state returned by the first step, { training: true })', lesson });
    const step2 = 'batchNormForward(X, …, the returned state, { training: true }).state';
    expectClose(() => second.runningMean, [0.38, 0.3325], { call: `${step2}.runningMean`, lesson, misconceptions: runningSlips('runningMean', [0.2, 0.175], [0.38, 0.3325], 0.1, { 'state-ignored': [0.2, 0.175] }) });
    expectClose(() => second.runningVar, [1.4433333333, 1.9975], { call: `${step2}.runningVar`, lesson, misconceptions: runningSlips('runningVar', [1.2333333333, 1.525], [1.4433333333, 1.9975], 0.1, { 'state-ignored': [1.2333333333, 1.525] }) });
  });

  test('momentum is the weight of the new batch: momentum 1 copies the batch statistics', () => {
    expectClose(() => batchNormForward(X, gamma, beta, fresh(), { training: true, momentum: 1 }).state.runningVar, [10 / 3, 6.25], {
      call: 'batchNormForward(X, gamma, beta, state, { training: true, momentum: 1 }).state.runningVar',
      lesson,
      misconceptions: runningSlips('runningVar', [1, 1], [10 / 3, 6.25], 1),
    });
    expectClose(() => batchNormForward(X, gamma, beta, fresh(), { training: true, momentum: 0.3 }).state.runningMean, [0.6, 0.525], {
      call: 'batchNormForward(X, gamma, beta, state, { training: true, momentum: 0.3 }).state.runningMean',
      lesson,
      misconceptions: runningSlips('runningMean', [0, 0], [0.6, 0.525], 0.3),
    });
  });

  test('eval mode normalizes with the running statistics and leaves them unchanged', () => {
    const state = { runningMean: [2, 1], runningVar: [4, 0.25] };
    const evalCall = 'batchNormForward(X, [1, 1], [0, 0], { runningMean: [2, 1], runningVar: [4, 0.25] }, { training: false, eps: 0 })';
    expectClose(() => batchNormForward(X, [1, 1], [0, 0], state, { training: false, eps: 0 }).out, [[-0.5, 2], [0.5, 8], [-1, -4], [1, 0]], {
      call: `${evalCall}.out`,
      lesson,
      misconceptions: bind(catalogue.evalOut, { known: fixture.evalOut }),
    });
    expectClose(() => batchNormForward(X, [1, 1], [0, 0], state, { training: false, eps: 0 }).state.runningMean, [2, 1], {
      call: `${evalCall}.state.runningMean`,
      lesson,
      misconceptions: bind(catalogue.evalState, { known: fixture.evalState.runningMean }),
    });
    expectClose(() => batchNormForward(X, [1, 1], [0, 0], state, { training: false, eps: 0 }).state.runningVar, [4, 0.25], {
      call: `${evalCall}.state.runningVar`,
      lesson,
      misconceptions: bind(catalogue.evalState, { known: fixture.evalState.runningVar }),
    });
  });

  test('returns a new state and leaves X, gamma, beta and state unchanged', () => {
    const inputs = { X: snapshot(X), gamma: snapshot(gamma), beta: snapshot(beta), state: fresh() };
    const before = snapshot(inputs);
    const result = attempt(() => batchNormForward(inputs.X, inputs.gamma, inputs.beta, inputs.state, { training: true }), { call, lesson });
    for (const name of ['X', 'gamma', 'beta', 'state'] as const) {
      expectUnchanged(before[name], inputs[name], { call, lesson, argument: name });
    }
    if (result.state === inputs.state) throw new Feedback(`${call} returned the same state object it was given; return a new one.`, lesson);
  });
});

describe('08 · backward pass', () => {
  const lesson = '08-batch-norm#the-backward-pass';
  // The cache comes from your forward pass (checked above), so call it first, under its own name.
  const forwardCache = () => attempt(() => batchNormForward(X, gamma, beta, fresh(), { training: true }).cache, { call, lesson: '08-batch-norm#the-forward-pass' });
  const backwardCall = 'batchNormBackward(dout, cache)';

  test("the course's fixture: dX", () => {
    const cache = forwardCache();
    expectClose(() => batchNormBackward(dout, cache).dX, [
      [0.232426, -0.094839],
      [0.004744, 0.037258],
      [-0.175507, 0.027097],
      [-0.061663, 0.030484],
    ], { call: `${backwardCall}.dX`, lesson: '08-batch-norm#the-worked-example', atol: 5e-7, rtol: 0, misconceptions: bind(catalogue.backward, { part: 'dX', m: 4, right: [[0.232426, -0.094839], [0.004744, 0.037258], [-0.175507, 0.027097], [-0.061663, 0.030484]], known: fixture.dX }) });
  });

  test('dγ = Σ dout·x̂ and dβ = Σ dout over the batch', () => {
    const cache = forwardCache();
    expectClose(() => batchNormBackward(dout, cache).dGamma, [1.075172, 0.369504], { call: `${backwardCall}.dGamma`, lesson, atol: 5e-7, rtol: 0, misconceptions: bind(catalogue.backward, { part: 'dGamma', m: 4, right: [1.075172, 0.369504] }) });
    expectClose(() => batchNormBackward(dout, cache).dBeta, [0.1, 0.4], { call: `${backwardCall}.dBeta`, lesson, misconceptions: bind(catalogue.backward, { part: 'dBeta', m: 4, right: [0.1, 0.4] }) });
  });

  test('each column of dX sums to 0 (shifting a whole column does not change the output)', () => {
    const cache = forwardCache();
    const { dX } = attempt(() => batchNormBackward(dout, cache), { call: backwardCall, lesson });
    for (const j of [0, 1]) {
      const total = dX.reduce((s, row) => s + row[j]!, 0);
      if (Math.abs(total) > 1e-12) {
        throw new Feedback(`column ${j} of dX sums to ${total}, not 0. Adding a constant to a column moves μ by the same amount, so out cannot change: the mean terms of dX are missing.`, lesson);
      }
    }
  });

  test('dout with the wrong shape throws, naming both shapes', () => {
    const cache = forwardCache();
    expectShapeError(() => batchNormBackward([[1, 2]], cache), ['1x2', '4x2'], {
      call: 'batchNormBackward(1x2 dout, cache of a 4x2 X)',
      lesson,
    });
    expectShapeError(() => batchNormBackward([[1], [2], [3], [4]], cache), ['4x1', '4x2'], { call: 'batchNormBackward(4x1 dout, cache of a 4x2 X)', lesson });
  });
});

// The fixture's right gradient at every stage (lessons/08-batch-norm.md#the-worked-example), first to last.
const fixtureStages = {
  dXHat: [[0.15, -0.15], [0.3, 0.2], [-0.75, 0.05], [0.45, 0.1]],
  dInvStd: [2.55, 0.4],
  dStd: [-1.019996, -0.085333],
  dVar: [-0.32255, -0.019707],
  dCentred: [[0.256143, -0.071745], [0.028461, 0.060352], [-0.15179, 0.050191], [-0.037946, 0.053578]],
  dMean: [-0.094868, -0.092376],
  dX: [[0.232426, -0.094839], [0.004744, 0.037258], [-0.175507, 0.027097], [-0.061663, 0.030484]],
};
/** The catalogue's wrong values of one stage on the fixture, for naming a slip. */
const stagedSlips = (part: catalogue.StagedPart) =>
  bind(catalogue.staged, { part, known: Object.fromEntries(Object.entries(fixture.staged).flatMap(([id, parts]) => (parts?.[part] ? [[id, parts[part]]] : []))) });
const forwardCacheOf = (batch: number[][], g: number[], b: number[]) =>
  attempt(() => batchNormForward(batch, g, b, { runningMean: g.map(() => 0), runningVar: g.map(() => 1) }, { training: true }).cache, { call: 'batchNormForward(…, { training: true })', lesson: '08-batch-norm#the-forward-pass' });

describe('08 · the backward pass, stage by stage', () => {
  const lesson = '08-batch-norm#the-backward-pass-stage-by-stage';
  const call = 'batchNormBackwardStaged(dout, cache)';

  test('every stage on the fixture, from ∂L/∂x̂ back to dX', () => {
    const cache = forwardCacheOf(X, gamma, beta);
    const result = attempt(() => batchNormBackwardStaged(dout, cache), { call, lesson });
    if (typeof result?.stages !== 'object' || result.stages === null) {
      throw new Feedback(`${call} returned no \`stages\`; return { dX, dGamma, dBeta, stages } with stages = { ${catalogue.STAGES.join(', ')} }.`, lesson);
    }
    // In the order the backward pass reaches them: the first wrong stage is the one to fix.
    for (const part of [...catalogue.STAGES, 'dX'] as const) {
      const actual = part === 'dX' ? result.dX : result.stages[part];
      expectClose(() => actual, fixtureStages[part], { call: part === 'dX' ? `${call}.dX` : `${call}.stages.${part}`, lesson, atol: 5e-7, rtol: 0, misconceptions: stagedSlips(part) });
    }
  });

  test('dγ and dβ of the staged pass', () => {
    const cache = forwardCacheOf(X, gamma, beta);
    expectClose(() => batchNormBackwardStaged(dout, cache).dGamma, [1.075172, 0.369504], { call: `${call}.dGamma`, lesson, atol: 5e-7, rtol: 0, misconceptions: bind(catalogue.backward, { part: 'dGamma', m: 4, right: [1.075172, 0.369504] }) });
    expectClose(() => batchNormBackwardStaged(dout, cache).dBeta, [0.1, 0.4], { call: `${call}.dBeta`, lesson, misconceptions: bind(catalogue.backward, { part: 'dBeta', m: 4, right: [0.1, 0.4] }) });
  });

  test('the staged pass and the closed form check each other on a random 10x3 batch', () => {
    const rng = seededRng(808);
    const batch = Array.from({ length: 10 }, () => [gaussian(rng), 3 + 2 * gaussian(rng), -1 + 0.1 * gaussian(rng)]);
    const g = [0.8, 1.7, -0.6];
    const up = Array.from({ length: 10 }, () => [gaussian(rng), gaussian(rng), gaussian(rng)]);
    const cache = forwardCacheOf(batch, g, [0.2, 0, -0.1]);
    const stagedResult = attempt(() => batchNormBackwardStaged(up, cache), { call: 'batchNormBackwardStaged(dout 10x3, cache)', lesson });
    const closedResult = attempt(() => batchNormBackward(up, cache), { call: 'batchNormBackward(dout 10x3, cache)', lesson: '08-batch-norm#how-the-stages-collapse' });
    for (const part of ['dX', 'dGamma', 'dBeta'] as const) {
      if (isClose(closedResult?.[part], stagedResult?.[part], { rtol: 1e-9, atol: 1e-12 })) continue;
      throw new Feedback(
        `Your two backward passes disagree on ${part}: batchNormBackward(dout 10x3, cache).${part} returned ${show(closedResult?.[part])} but batchNormBackwardStaged(dout 10x3, cache).${part} returned ${show(stagedResult?.[part])}. At least one is wrong: the fixture tests above say which (the staged one stage by stage).`,
        '08-batch-norm#how-the-stages-collapse',
      );
    }
  });

  test('dout with the wrong shape throws, naming both shapes', () => {
    const cache = forwardCacheOf(X, gamma, beta);
    expectShapeError(() => batchNormBackwardStaged([[1, 2]], cache), ['1x2', '4x2'], { call: 'batchNormBackwardStaged(1x2 dout, cache of a 4x2 X)', lesson });
  });
});

describe('08 · checking the backward pass with your gradientCheck (unit 03)', () => {
  const lesson = '08-batch-norm#checking-the-backward-pass';
  /** A wrong answer on purpose: the fixture's dX doubled and dγ divided by 4; dβ is right. */
  const wrongOnPurpose = () => ({ dX: fixtureStages.dX.map((row) => row.map((v) => 2 * v)), dGamma: [1.075172 / 4, 0.369504 / 4], dBeta: [0.1, 0.4] });
  /** Judge one { error, ok }; a wrong one is first blamed on unit 03 when unit 03 fails its probe. */
  const judgeCheck = (result: { error: number; ok: boolean } | undefined, want: { ok: boolean; error?: number }, call: string) => {
    const right = typeof result?.error === 'number' && result.ok === want.ok && (want.error === undefined ? result.error < 1e-7 : Math.abs(result.error - want.error) < 1e-5);
    if (right) return;
    const fault = catalogue.unit03Fault(unit08.gradientCheck, call);
    if (fault) throw new Feedback(fault, '03-gradient-check#the-gradient-check');
    const should = want.error === undefined ? 'ok: true with an error below 1e-7' : `ok: false with an error of about ${want.error}`;
    throw new Feedback(`${call} returned ${JSON.stringify(result)}; it should be ${should}. Your unit 03's gradientCheck answers a simple probe correctly, so look at the loss and the gradients checkBatchNormGradients hands it.`, lesson);
  };

  /**
   * Check one of the learner's own backward passes. When that backward pass is itself wrong on the
   * fixture, a checker that says so is doing its job: the message sends the learner to the backward pass.
   */
  const checkOwn = (name: 'batchNormBackward' | 'batchNormBackwardStaged', backward: typeof batchNormBackward) => {
    const call = `checkBatchNormGradients(X, gamma, beta, dout${name === 'batchNormBackward' ? '' : `, ${name}`})`;
    const result = attempt(() => (name === 'batchNormBackward' ? checkBatchNormGradients(X, gamma, beta, dout) : checkBatchNormGradients(X, gamma, beta, dout, backward)), { call, lesson });
    const own = attempt(() => backward(dout, forwardCacheOf(X, gamma, beta)), { call: `${name}(dout, cache)`, lesson: '08-batch-norm#the-backward-pass' });
    const right = { dX: fixtureStages.dX, dGamma: [1.075172, 0.369504], dBeta: [0.1, 0.4] };
    for (const part of ['dX', 'dGamma', 'dBeta'] as const) {
      const ownIsRight = isClose(own?.[part], right[part], { atol: 5e-7, rtol: 0 });
      if (!ownIsRight && result?.[part]?.ok === false) {
        throw new Feedback(`${call}.${part} returned ${JSON.stringify(result[part])}: your checker caught a real mistake. ${name}'s ${part} on the fixture is not the right one (see the backward-pass tests above); once it is fixed, this check passes.`, '08-batch-norm#the-backward-pass');
      }
      // A wrong backward pass the checker calls ok is the checker's fault (or unit 03's).
      judgeCheck(result?.[part], { ok: true }, `${call}.${part}`);
    }
  };

  test('your batchNormBackward passes (the default backward)', () => checkOwn('batchNormBackward', batchNormBackward));

  test('your batchNormBackwardStaged passes', () => checkOwn('batchNormBackwardStaged', batchNormBackwardStaged));

  test('a wrong backward is caught: dX doubled gives error 1/3, dγ divided by 4 gives 0.6, and the right dβ passes', () => {
    const call = 'checkBatchNormGradients(X, gamma, beta, dout, a backward whose dX is doubled and dγ divided by 4)';
    const result = attempt(() => checkBatchNormGradients(X, gamma, beta, dout, wrongOnPurpose), { call, lesson });
    // ‖2a − a‖/(‖2a‖ + ‖a‖) = 1/3 and ‖a/4 − a‖/(‖a/4‖ + ‖a‖) = 0.6, whatever a is.
    judgeCheck(result?.dX, { ok: false, error: 1 / 3 }, `${call}.dX`);
    judgeCheck(result?.dGamma, { ok: false, error: 0.6 }, `${call}.dGamma`);
    judgeCheck(result?.dBeta, { ok: true }, `${call}.dBeta`);
  });

  test('dout with the wrong shape throws, naming both shapes', () => {
    expectShapeError(() => checkBatchNormGradients(X, gamma, beta, [[1], [2], [3], [4]]), ['4x1', '4x2'], { call: 'checkBatchNormGradients(4x2 X, gamma, beta, 4x1 dout)', lesson });
  });
});
