// Public tests for unit 01. Run: npm test -- 01
// `@impl/01-sigmoid` is your exercises/01-sigmoid/index.ts (the test setup chooses the folder).
// A wrong answer that matches a known slip is named, from the same catalogue the grader uses
// (lib/misconceptions/01-sigmoid.ts), with the lesson section about that slip.
import { describe, test } from 'vitest';
import { sigmoid, sigmoidPrime, tanhPrime } from '@impl/01-sigmoid';
import { attempt, expectClose, Feedback } from '@course/testing';
import { bind } from '@course/misconceptions';
import * as catalogue from '@course/misconceptions/01-sigmoid';

const slipsOf = (fn: 'sigmoid' | 'sigmoidPrime' | 'tanhPrime', z: number, right: number) => bind(catalogue[fn], { z, right });

describe('01 · sigmoid', () => {
  const lesson = '01-sigmoid#the-sigmoid';
  test('σ(0) = 0.5', () => {
    expectClose(() => sigmoid(0), 0.5, { call: 'sigmoid(0)', lesson, misconceptions: slipsOf('sigmoid', 0, 0.5) });
  });

  test('σ is an S-curve between 0 and 1', () => {
    expectClose(() => sigmoid(2), 0.880797, { call: 'sigmoid(2)', lesson, atol: 5e-7, misconceptions: slipsOf('sigmoid', 2, 0.880797078) });
    expectClose(() => sigmoid(-2), 0.119203, { call: 'sigmoid(-2)', lesson, atol: 5e-7, misconceptions: slipsOf('sigmoid', -2, 0.119202922) });
  });

  test('no overflow: σ(±1000) is 1 and 0, never NaN', () => {
    const overflow = '01-sigmoid#computing-it-without-overflow';
    expectClose(() => sigmoid(1000), 1, { call: 'sigmoid(1000)', lesson: overflow, misconceptions: slipsOf('sigmoid', 1000, 1) });
    expectClose(() => sigmoid(-1000), 0, { call: 'sigmoid(-1000)', lesson: overflow, atol: 1e-300, misconceptions: slipsOf('sigmoid', -1000, 0) });
  });
});

describe("01 · σ'(z) and saturation", () => {
  const lesson = '01-sigmoid#saturation';

  test("σ'(0) = 0.25", () => {
    expectClose(() => sigmoidPrime(0), 0.25, { call: 'sigmoidPrime(0)', lesson: '01-sigmoid#the-derivative', misconceptions: slipsOf('sigmoidPrime', 0, 0.25) });
  });

  test("σ'(0) = 0.25 is the maximum", () => {
    for (let z = -8; z <= 8; z += 0.25) {
      const value = attempt(() => sigmoidPrime(z), { call: `sigmoidPrime(${z})`, lesson });
      if (!(value <= 0.25)) throw new Feedback(`sigmoidPrime(${z}) returned ${value}, above the maximum 0.25.`, lesson);
    }
  });

  test("the course's numbers (the lesson's table): σ'(2) = 0.104994, σ'(5) = 0.0066481, σ'(10) = 4.5396e-5", () => {
    expectClose(() => sigmoidPrime(2), 0.104994, { call: 'sigmoidPrime(2)', lesson, atol: 5e-7, rtol: 0, misconceptions: slipsOf('sigmoidPrime', 2, 0.104993585) });
    expectClose(() => sigmoidPrime(5), 0.0066481, { call: 'sigmoidPrime(5)', lesson, atol: 5e-8, rtol: 0, misconceptions: slipsOf('sigmoidPrime', 5, 0.00664805667) });
    expectClose(() => sigmoidPrime(10), 4.5396e-5, { call: 'sigmoidPrime(10)', lesson, atol: 5e-10, rtol: 0, misconceptions: slipsOf('sigmoidPrime', 10, 4.53958077e-5) });
  });

  test("σ'(±1000) is 0, not NaN", () => {
    const overflow = '01-sigmoid#computing-it-without-overflow';
    expectClose(() => sigmoidPrime(1000), 0, { call: 'sigmoidPrime(1000)', lesson: overflow, atol: 0, rtol: 0, misconceptions: slipsOf('sigmoidPrime', 1000, 0) });
    expectClose(() => sigmoidPrime(-1000), 0, { call: 'sigmoidPrime(-1000)', lesson: overflow, atol: 0, rtol: 0, misconceptions: slipsOf('sigmoidPrime', -1000, 0) });
  });

  test("σ' is symmetric: σ'(z) = σ'(−z)", () => {
    for (const z of [0.5, 1, 3, 7]) {
      const info = { call: `sigmoidPrime(${-z})`, lesson: '01-sigmoid#the-derivative' };
      const right = attempt(() => sigmoidPrime(z), info);
      expectClose(() => sigmoidPrime(-z), right, info);
    }
  });
});

describe("01 · tanh'", () => {
  const lesson = '01-sigmoid#tanh-saturates-too';
  test("tanh'(0) = 1 and tanh'(1) = 0.419974", () => {
    expectClose(() => tanhPrime(0), 1, { call: 'tanhPrime(0)', lesson, misconceptions: slipsOf('tanhPrime', 0, 1) });
    expectClose(() => tanhPrime(1), 0.419974, { call: 'tanhPrime(1)', lesson, atol: 5e-7, misconceptions: slipsOf('tanhPrime', 1, 0.419974342) });
  });
  test("tanh'(±1000) is 0", () => {
    expectClose(() => tanhPrime(1000), 0, { call: 'tanhPrime(1000)', lesson, atol: 1e-300, misconceptions: slipsOf('tanhPrime', 1000, 0) });
    expectClose(() => tanhPrime(-1000), 0, { call: 'tanhPrime(-1000)', lesson, atol: 1e-300, misconceptions: slipsOf('tanhPrime', -1000, 0) });
  });
});
