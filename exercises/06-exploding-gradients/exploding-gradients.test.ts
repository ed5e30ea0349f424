// Public tests for unit 06. Run: npm test -- 06
// `@impl/06-exploding-gradients` is your exercises/06-exploding-gradients/index.ts.
import { describe, test } from 'vitest';
import { deepLinearOutput, gdDiverges, matrixPower, reluChainBackward, reluChainForward } from '@impl/06-exploding-gradients';
import { attempt, expectClose, expectShape, expectShapeError, expectUnchanged, Feedback, nameSlip, snapshot } from '@course/testing';
import { bind } from '@course/misconceptions';
import * as catalogue from '@course/misconceptions/06-exploding-gradients';

const slug = '06-exploding-gradients';
const diag = (d: number) => [[d, 0], [0, d]];
const threes = (n: number) => Array.from({ length: n }, () => 3);
// Known slips are named from the grader's own catalogue (lib/misconceptions/06-exploding-gradients.ts).
const forwardSlips = (x: number, weights: number[], right: number[]) => bind(catalogue.reluChainForward, { x, weights, right });
const backwardSlips = (weights: number[], dLdzLast: number, right: number[]) => bind(catalogue.reluChainBackward, { weights, dLdzLast, right });
const powerSlips = (W: number[][], k: number, right: number[][]) => bind(catalogue.matrixPower, { W, k, right });

/** gdDiverges must return exactly `expected`; a catalogued slip is named. */
function expectVerdict(curvature: number, lr: number, steps: number, expected: boolean, lesson: string): void {
  const call = `gdDiverges(${curvature}, ${lr}, ${steps})`;
  const actual = attempt(() => gdDiverges(curvature, lr, steps), { call, lesson });
  if (actual === expected) return;
  const numbers = `${call} returned ${actual}; the right value is ${expected}.`;
  nameSlip(actual, bind(catalogue.gdDiverges, { curvature, lr, steps }), numbers);
  throw new Feedback(numbers, lesson);
}

describe('06 · a ReLU chain', () => {
  test("the notes' chain: x = 1, w = [3, 3, 3] → activations [3, 9, 27]", () => {
    expectClose(() => reluChainForward(1, [3, 3, 3]), [3, 9, 27], { call: 'reluChainForward(1, [3, 3, 3])', lesson: `${slug}#a-relu-chain-with-weight-3`, misconceptions: forwardSlips(1, [3, 3, 3], [3, 9, 27]) });
  });

  test('twenty layers of weight 3 give 3^20 = 3486784401', () => {
    const out = () => reluChainForward(1, threes(20))[19];
    expectClose(out, 3486784401, { call: 'reluChainForward(1, twenty 3s)[19]', lesson: `${slug}#a-relu-chain-with-weight-3` });
  });

  test('a negative pre-activation switches the unit off', () => {
    expectClose(() => reluChainForward(1, [-2, 3]), [0, 0], { call: 'reluChainForward(1, [-2, 3])', lesson: `${slug}#a-relu-chain-with-weight-3`, misconceptions: forwardSlips(1, [-2, 3], [0, 0]) });
  });

  test('backward from 1 gives [9, 3, 1], first layer first (the notes list 1, 3, 9 from the output side)', () => {
    const lesson = `${slug}#which-end-the-list-starts-from`;
    expectClose(() => reluChainBackward(1, [3, 3, 3]), [9, 3, 1], { call: 'reluChainBackward(1, [3, 3, 3])', lesson, misconceptions: backwardSlips([3, 3, 3], 1, [9, 3, 1]) });
    expectClose(() => reluChainBackward(1, [3, 3, 3], 2), [18, 6, 2], { call: 'reluChainBackward(1, [3, 3, 3], 2)', lesson, misconceptions: backwardSlips([3, 3, 3], 2, [18, 6, 2]) });
  });

  test('backward multiplies by each weight and stops at a switched-off unit', () => {
    const lesson = `${slug}#backward-through-the-chain`;
    expectClose(() => reluChainBackward(2, [0.5, 4, 0.25]), [1, 0.25, 1], { call: 'reluChainBackward(2, [0.5, 4, 0.25])', lesson, misconceptions: backwardSlips([0.5, 4, 0.25], 1, [1, 0.25, 1]) });
    expectClose(() => reluChainBackward(1, [-2, 3]), [0, 1], { call: 'reluChainBackward(1, [-2, 3])', lesson, misconceptions: backwardSlips([-2, 3], 1, [0, 1]) });
    expectClose(() => reluChainBackward(0, [3, 3, 3]), [0, 0, 1], { call: 'reluChainBackward(0, [3, 3, 3]) (every z is 0, and relu\'(0) = 0)', lesson, misconceptions: backwardSlips([3, 3, 3], 1, [0, 0, 1]) });
  });

  test('the weights array is not changed (nor W and x below)', () => {
    const weights = [3, -1, 2];
    const before = snapshot(weights);
    const lesson = `${slug}#a-relu-chain-with-weight-3`;
    attempt(() => reluChainForward(1, weights), { call: 'reluChainForward(1, [3, -1, 2])', lesson });
    expectUnchanged(before, weights, { call: 'reluChainForward(1, [3, -1, 2])', lesson, argument: 'weights' });
    attempt(() => reluChainBackward(1, weights), { call: 'reluChainBackward(1, [3, -1, 2])', lesson });
    expectUnchanged(before, weights, { call: 'reluChainBackward(1, [3, -1, 2])', lesson, argument: 'weights' });
  });
});

describe('06 · matrix powers and the deep linear network', () => {
  test('matrixPower: W^0 = I, W^1 = W, W^3', () => {
    const lesson = `${slug}#matrix-powers`;
    const W = [[1, 2], [3, 4]];
    expectClose(() => matrixPower(W, 3), [[37, 54], [81, 118]], { call: 'matrixPower([[1, 2], [3, 4]], 3)', lesson, misconceptions: powerSlips(W, 3, [[37, 54], [81, 118]]) });
    expectClose(() => matrixPower(W, 0), [[1, 0], [0, 1]], { call: 'matrixPower([[1, 2], [3, 4]], 0)', lesson, misconceptions: powerSlips(W, 0, [[1, 0], [0, 1]]) });
    expectClose(() => matrixPower(W, 1), W, { call: 'matrixPower([[1, 2], [3, 4]], 1)', lesson, misconceptions: powerSlips(W, 1, W) });
    expectClose(() => matrixPower([[3]], 20), [[3486784401]], { call: 'matrixPower([[3]], 20)', lesson });
  });

  test('matrixPower of a non-square matrix throws, naming its shape', () => {
    expectShapeError(() => matrixPower([[1, 2, 3], [4, 5, 6]], 2), ['2x3'], { call: 'matrixPower(<2x3>, 2)', lesson: `${slug}#matrix-powers` });
  });

  test("diag(1.5) with L = 30 gives 1.5^29 ≈ 127834", () => {
    expectClose(() => deepLinearOutput(diag(1.5), 30, [1, 1]), [1.5 ** 29, 1.5 ** 29], {
      call: 'deepLinearOutput(diag(1.5), 30, [1, 1])',
      lesson: `${slug}#a-deep-linear-network`,
      rtol: 1e-9,
      misconceptions: bind(catalogue.deepLinearOutput, { W: diag(1.5), right: [1.5 ** 29, 1.5 ** 29] }),
    });
  });

  test("diag(0.5): L = 30 gives 0.5^29; the notes' 0.5^30 ≈ 9.31e-10 needs L = 31", () => {
    const lesson = `${slug}#a-deep-linear-network`;
    expectClose(() => deepLinearOutput(diag(0.5), 30, [1, 1]), [0.5 ** 29, 0.5 ** 29], { call: 'deepLinearOutput(diag(0.5), 30, [1, 1])', lesson, atol: 0, rtol: 1e-9 });
    expectClose(() => deepLinearOutput(diag(0.5), 31, [1, 1]), [9.313225746154785e-10, 9.313225746154785e-10], { call: 'deepLinearOutput(diag(0.5), 31, [1, 1])', lesson, atol: 0, rtol: 1e-9 });
  });

  test('deepLinearOutput multiplies the matrix by x as a column: [[1, 1], [0, 1]], L = 3, x = [1, 2] gives [5, 2]', () => {
    // W² = [[1, 2], [0, 1]], so W²·x = [5, 2]; x as a row, x·W², would give [1, 4].
    expectClose(() => deepLinearOutput([[1, 1], [0, 1]], 3, [1, 2]), [5, 2], {
      call: 'deepLinearOutput([[1, 1], [0, 1]], 3, [1, 2])',
      lesson: `${slug}#a-deep-linear-network`,
      misconceptions: bind(catalogue.deepLinearOutput, { W: [[1, 1], [0, 1]], right: [5, 2], known: { 'row-vector': [1, 4] } }),
    });
  });

  test("deepLinearOutput returns a new vector of length n; L = 1 returns x's values", () => {
    const lesson = `${slug}#a-deep-linear-network`;
    const W = [[0, 1, 0], [0, 0, 1], [1, 0, 0]];
    expectShape(() => deepLinearOutput(W, 4, [1, 2, 3]), '3', { call: 'deepLinearOutput(<3x3>, 4, [1, 2, 3])', lesson });
    expectClose(() => deepLinearOutput(W, 2, [1, 2, 3]), [2, 3, 1], { call: 'deepLinearOutput([[0,1,0],[0,0,1],[1,0,0]], 2, [1, 2, 3])', lesson });
    expectClose(() => deepLinearOutput(W, 1, [1, 2, 3]), [1, 2, 3], { call: 'deepLinearOutput(<3x3>, 1, [1, 2, 3])', lesson });
    const x = [1, 2, 3];
    const y = attempt(() => deepLinearOutput(W, 1, x), { call: 'deepLinearOutput(<3x3>, 1, x)', lesson });
    if (y === x) throw new Feedback('deepLinearOutput(<3x3>, 1, x) returned x itself; return a new array (the caller may change it).', lesson);
    const P = attempt(() => matrixPower(W, 1), { call: 'matrixPower(W, 1)', lesson: `${slug}#matrix-powers` });
    if (P === W || P?.[0] === W[0]) throw new Feedback('matrixPower(W, 1) returned W itself (or its rows); return a new matrix.', `${slug}#matrix-powers`);
  });

  test('deepLinearOutput with mismatched shapes throws, naming both', () => {
    const lesson = `${slug}#a-deep-linear-network`;
    expectShapeError(() => deepLinearOutput(diag(2), 3, [1, 2, 3]), ['2x2', '3'], { call: 'deepLinearOutput(<2x2>, 3, [1, 2, 3])', lesson });
    expectShapeError(() => deepLinearOutput([[1, 0, 0], [0, 1, 0], [0, 0, 1]], 2, [1, 2]), ['3x3', '2'], { call: 'deepLinearOutput(<3x3>, 2, [1, 2])', lesson });
    expectShapeError(() => deepLinearOutput([[1, 2, 3], [4, 5, 6]], 2, [1, 2]), ['2x3'], { call: 'deepLinearOutput(<2x3>, 2, [1, 2]) (W must be square)', lesson });
  });
});

describe('06 · gradient descent on ½·c·w²', () => {
  const lesson = `${slug}#gradient-descent-on-a-parabola`;
  test('lr below 2/c converges, above 2/c diverges', () => {
    expectVerdict(4, 0.45, 50, false, lesson);
    expectVerdict(4, 0.1, 50, false, lesson);
    expectVerdict(4, 0.55, 50, true, lesson);
    expectVerdict(1, 2.5, 10, true, lesson);
  });

  test('after 0 steps w is still 1: not divergent, whatever lr is', () => {
    expectVerdict(4, 0.6, 0, false, lesson);
  });

  test('at lr = 2/c exactly, w only flips sign: not divergent', () => {
    expectVerdict(4, 0.5, 100, false, `${slug}#at-the-edge-lr--2c`);
    expectVerdict(1, 2, 7, false, `${slug}#at-the-edge-lr--2c`);
  });
});
