// The shared feedback helpers: where an answer departs, and one anchor per not-written-yet message.
import { expect, test } from 'vitest';
import { whereItDeparts } from '../../lib/compare';
import { attempt, expectClose } from '../../lib/testing';

test('a wrong matrix says its first wrong entry and its largest error', () => {
  expect(whereItDeparts([[1, 2, 3], [4, 5, 9]], [[1, 2, 3.5], [4, 5, 6]])).toBe('2 of 6 entries are wrong; the first is [0][2]: 3 where 3.5 is expected; the largest error is 3, at [1][2] (9 where 6 is expected).');
  expect(whereItDeparts([1, 2, 7], [1, 2, 3])).toBe('Only one entry is wrong; the first is [2]: 7 where 3 is expected.');
  expect(whereItDeparts(2, 3)).toBe('');
  expect(whereItDeparts([1, 2], [1, 2, 3])).toBe('');
  expect(() => expectClose(() => [1, 5], [1, 2], { call: 'f()', lesson: '01-sigmoid#the-sigmoid' })).toThrow(/the first is \[1\]: 5 where 2 is expected/);
});

test("a stub's TODO keeps the stub's own lesson link as the one section to reread", () => {
  const stub = () => { throw new Error('TODO: write sigmoidPrime(z) — see lessons/01-sigmoid.md#the-derivative'); };
  let message = '';
  try {
    attempt(stub, { call: 'sigmoidPrime(2)', lesson: '01-sigmoid#saturation' });
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toBe('sigmoidPrime(2) is not written yet: TODO: write sigmoidPrime(z)\n  → Reread lessons/01-sigmoid.md#the-derivative');
  expect(message.match(/lessons\//g)).toHaveLength(1);
});
