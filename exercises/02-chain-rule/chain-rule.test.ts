// Public tests for unit 02. Run: npm test -- 02
// `@impl/02-chain-rule` is your exercises/02-chain-rule/index.ts (the test setup chooses the folder).
import { describe, test } from 'vitest';
import { chainBackward, chainForward, chainLocalGradients, product, sgdStep } from '@impl/02-chain-rule';
import { attempt, expectClose, expectShape, expectUnchanged, snapshot } from '@course/testing';
import { bind } from '@course/misconceptions';
import * as catalogue from '@course/misconceptions/02-chain-rule';

const slug = '02-chain-rule';
// The notes' chain: x = 1, three sigmoid layers with weight 0.5 each.
const x = 1;
const weights = [0.5, 0.5, 0.5];
const notesCall = (name: string, extra = '') => `${name}(1, [0.5, 0.5, 0.5]${extra})`;
// The notes' chain to full precision, so that a known slip can be named from the same catalogue the
// grader uses (lib/misconceptions/02-chain-rule.ts). slopeAtA is σ'(a_k), the value one slip uses.
const notes = {
  z: [0.5, 0.3112296656009273, 0.28859269007232613],
  a: [0.6224593312018546, 0.5771853801446523, 0.5716515653055908],
  local: [0.2350037122015945, 0.24404241709192553, 0.24486605318925866],
  slopeAtA: [0.22726609175218423, 0.23028236246922687, 0.23063889777865343],
};
const backwardSlips = (right: number[], field: 'dz' | 'dw') => bind(catalogue.chainBackward, { x, weights, a: notes.a, local: notes.local, slopeAtA: notes.slopeAtA, right, field });
const stepSlips = (w: number, grad: number, lr: number) => bind(catalogue.sgdStep, { w, grad, lr, right: w - lr * grad });
const productSlips = (factors: number[], right: number) => bind(catalogue.product, { factors, right });

describe('02 · forward through the chain', () => {
  const lesson = `${slug}#forward-by-hand`;

  test("the notes' chain: a ≈ [0.62, 0.58, 0.57]", () => {
    // The notes print two decimals, so ±0.005 is their own precision.
    expectClose(() => chainForward(x, weights).a, [0.62, 0.58, 0.57], { call: `${notesCall('chainForward')}.a`, lesson, atol: 0.005, rtol: 0 });
  });

  test('z and a to four decimals: z = [0.5, 0.3112, 0.2886], a = [0.6225, 0.5772, 0.5717]', () => {
    const info = { lesson, atol: 5e-5, rtol: 0 };
    expectClose(() => chainForward(x, weights).z, [0.5, 0.3112, 0.2886], { call: `${notesCall('chainForward')}.z`, ...info, misconceptions: bind(catalogue.chainForwardZ, { x, weights, right: notes.z }) });
    expectClose(() => chainForward(x, weights).a, [0.6225, 0.5772, 0.5717], { call: `${notesCall('chainForward')}.a`, ...info });
  });

  test('one z and one a per layer', () => {
    const call = 'chainForward(2, [1, -1, 0.5, 2, 3])';
    expectShape(() => chainForward(2, [1, -1, 0.5, 2, 3]).z, '5', { call: `${call}.z`, lesson: `${slug}#the-chain` });
    expectShape(() => chainForward(2, [1, -1, 0.5, 2, 3]).a, '5', { call: `${call}.a`, lesson: `${slug}#the-chain` });
  });
});

describe('02 · local gradients and their product', () => {
  test("σ'(z_k) per layer: [0.2350, 0.2440, 0.2449]", () => {
    expectClose(() => chainLocalGradients(x, weights), [0.235, 0.244, 0.2449], {
      call: notesCall('chainLocalGradients'),
      lesson: `${slug}#local-gradients`,
      atol: 5e-5,
      rtol: 0,
      misconceptions: bind(catalogue.chainLocalGradients, { a: notes.a, right: notes.local, slopeAtA: notes.slopeAtA }),
    });
  });

  test("the notes' rounded factors: product([0.25, 0.24, 0.23]) = 0.0138", () => {
    expectClose(() => product([0.25, 0.24, 0.23]), 0.0138, { call: 'product([0.25, 0.24, 0.23])', lesson: `${slug}#rounded-factors-versus-exact-factors`, misconceptions: productSlips([0.25, 0.24, 0.23], 0.0138) });
  });

  test('the exact product of the local gradients is 0.014043, not 0.0138', () => {
    const lesson = `${slug}#rounded-factors-versus-exact-factors`;
    const factors = attempt(() => chainLocalGradients(x, weights), { call: notesCall('chainLocalGradients'), lesson });
    expectClose(() => product(factors), 0.014043, { call: `product(${notesCall('chainLocalGradients')})`, lesson, atol: 5e-7, rtol: 0 });
  });

  test('the product of no factors is 1', () => {
    expectClose(() => product([]), 1, { call: 'product([])', lesson: `${slug}#the-product-of-no-factors`, misconceptions: productSlips([], 1) });
  });
});

describe('02 · backward through the chain', () => {
  const lesson = `${slug}#backward-through-the-chain`;

  test("the notes' chain with dL/da_3 = 1: dz = [0.003511, 0.02988, 0.2449]", () => {
    expectClose(() => chainBackward(x, weights, 1).dz, [0.0035108205, 0.0298788517, 0.2448660532], { call: `${notesCall('chainBackward', ', 1')}.dz`, lesson, rtol: 1e-7, misconceptions: backwardSlips([0.0035108205, 0.0298788517, 0.2448660532], 'dz') });
  });

  test('dw = [0.003511, 0.01860, 0.1413]', () => {
    expectClose(() => chainBackward(x, weights, 1).dw, [0.0035108205, 0.0185983701, 0.141333106], { call: `${notesCall('chainBackward', ', 1')}.dw`, lesson, rtol: 1e-7, misconceptions: backwardSlips([0.0035108205, 0.0185983701, 0.141333106], 'dw') });
  });

  test('the gradient scales with dL/da_L', () => {
    expectClose(() => chainBackward(x, weights, -2).dz, [-0.007021641, -0.0597577035, -0.4897321064], { call: `${notesCall('chainBackward', ', -2')}.dz`, lesson, rtol: 1e-7, misconceptions: backwardSlips([-0.007021641, -0.0597577035, -0.4897321064], 'dz') });
  });

  test('saturated units give 0, never NaN: chainBackward(1, [1000, -1000, 2], 1)', () => {
    const call = 'chainBackward(1, [1000, -1000, 2], 1)';
    const saturated = (right: number[], field: 'dz' | 'dw') => bind(catalogue.chainBackward, { x: 1, weights: [1000, -1000, 2], a: [1, 0, 0.5], local: [0, 0, 0.25], slopeAtA: [0.19661193324148185, 0.25, 0.2350037122015945], right, field });
    expectClose(() => chainBackward(1, [1000, -1000, 2], 1).dz, [0, 0, 0.25], { call: `${call}.dz`, lesson, atol: 1e-12, misconceptions: saturated([0, 0, 0.25], 'dz') });
    expectClose(() => chainBackward(1, [1000, -1000, 2], 1).dw, [0, 0, 0], { call: `${call}.dw`, lesson, atol: 1e-12, misconceptions: saturated([0, 0, 0], 'dw') });
  });

  test('an empty chain gives empty lists', () => {
    expectShape(() => chainBackward(0.4, [], 1).dz, '0', { call: 'chainBackward(0.4, [], 1).dz', lesson });
    expectShape(() => chainBackward(0.4, [], 1).dw, '0', { call: 'chainBackward(0.4, [], 1).dw', lesson });
    expectShape(() => chainForward(0.4, []).a, '0', { call: 'chainForward(0.4, []).a', lesson: `${slug}#the-chain` });
    expectShape(() => chainLocalGradients(0.4, []), '0', { call: 'chainLocalGradients(0.4, [])', lesson: `${slug}#local-gradients` });
  });

  test('inputs are left unchanged', () => {
    const w = [0.5, -1.5, 2];
    const before = snapshot(w);
    attempt(() => chainBackward(0.3, w, 1), { call: 'chainBackward(0.3, [0.5, -1.5, 2], 1)', lesson });
    expectUnchanged(before, w, { call: 'chainBackward(0.3, [0.5, -1.5, 2], 1)', lesson, argument: 'weights' });
  });
});

describe('02 · one step of gradient descent, shallow and deep', () => {
  const lesson = `${slug}#one-gradient-descent-step`;

  test('shallow: product([25, 0.25, 0.20]) = 1.25 and sgdStep(0.25, 1.25, 0.01) = 0.2375', () => {
    expectClose(() => product([25, 0.25, 0.2]), 1.25, { call: 'product([25, 0.25, 0.20])', lesson, misconceptions: productSlips([25, 0.25, 0.2], 1.25) });
    expectClose(() => sgdStep(0.25, 1.25, 0.01), 0.2375, { call: 'sgdStep(0.25, 1.25, 0.01)', lesson, misconceptions: stepSlips(0.25, 1.25, 0.01) });
  });

  test('deep: product([25, 0.25, 0.22, 0.20, 0.15, 0.10]) = 0.004125 and the step gives 0.24995875', () => {
    expectClose(() => product([25, 0.25, 0.22, 0.2, 0.15, 0.1]), 0.004125, { call: 'product([25, 0.25, 0.22, 0.20, 0.15, 0.10])', lesson });
    expectClose(() => sgdStep(0.25, 0.004125, 0.01), 0.24995875, { call: 'sgdStep(0.25, 0.004125, 0.01)', lesson, rtol: 1e-9, misconceptions: stepSlips(0.25, 0.004125, 0.01) });
  });

  test('the bound: product of ten 0.25s is 0.25^10 = 9.5367e-7', () => {
    expectClose(() => product(new Array<number>(10).fill(0.25)), 9.5367431640625e-7, {
      call: 'product([0.25 × 10])',
      lesson: `${slug}#an-upper-bound-for-every-depth`,
      rtol: 1e-12,
      atol: 0,
    });
  });
});
