// Every number a lesson quotes as a result is reproduced by the code: a lesson that drifts from
// the code, or code that drifts from the lesson, fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../../src/course/paths';
import { loadUnits } from '../../src/course/course';
import { checkClaim, checkStatement, parseQuote, quotesNumber, unclaimedNumbers, type LessonClaim, type LessonStatement } from '../../src/lessons/claims';

describe('quote parsing', () => {
  test('reads decimals, e-notation and LaTeX powers of ten with their precision', () => {
    expect(parseQuote('0.0138')).toEqual({ value: 0.0138, tolerance: expect.closeTo(5e-5, 12) });
    expect(parseQuote('4.5396 \\times 10^{-5}').value).toBeCloseTo(4.5396e-5, 15);
    expect(parseQuote('4.5396 \\times 10^{-5}').tolerance / 5e-10).toBeCloseTo(1, 6);
    expect(parseQuote('−0.6321206').value).toBe(-0.6321206);
    expect(parseQuote('127834')).toEqual({ value: 127834, tolerance: expect.closeTo(0.5, 9) });
    expect(() => parseQuote('about 3')).toThrow(/cannot read/);
  });

  test('a claim fails when the code disagrees with the quote or the quote is gone', () => {
    const text = 'σ′(2) = 0.104994';
    expect(checkClaim(text, { quote: '0.104994', value: () => 0.1049941 }).ok).toBe(true);
    expect(checkClaim(text, { quote: '0.104994', value: () => 0.104996 }).ok).toBe(false);
    expect(checkClaim(text, { quote: '0.105', value: () => 0.105 }).ok).toBe(false);
    expect(unclaimedNumbers('a 0.1234 b 0.25', [])).toEqual(['0.1234']);
  });

  test('a quote must stand as a number of its own, not inside a longer one', () => {
    expect(quotesNumber('saturated: 0.1% of the units', '0.1')).toBe(true);
    expect(quotesNumber('RMS 0.13 after 30 layers', '0.1')).toBe(false);
    expect(quotesNumber('a ratio of 10.1', '0.1')).toBe(false);
    expect(quotesNumber('$4.5396 \\times 10^{-5}$', '4.5396 \\times 10^{-5}')).toBe(true);
    expect(checkClaim('RMS 0.13', { quote: '0.1', value: () => 0.1 }).ok).toBe(false);
  });

  test("a slip of the notes holds only when the code disagrees with it; a given is only looked for", () => {
    const text = 'they write "0.249999 ~ 0.25"; the factors 0.001 and 0.1';
    expect(checkClaim(text, { quote: '0.249999', value: () => 0.24995875, kind: 'slip' }).ok).toBe(true);
    expect(checkClaim(text, { quote: '0.249999', value: () => 0.2499991, kind: 'slip' }).ok).toBe(false);
    expect(checkClaim(text, { quote: '0.001', value: () => 0.001, kind: 'given' }).ok).toBe(true);
    expect(checkClaim(text, { quote: '0.003', value: () => 0.003, kind: 'given' }).ok).toBe(false);
  });

  test('a statement holds when the lesson says it and the code agrees', () => {
    const text = 'ReLU returns $4, 5, 0, 0, 0$';
    expect(checkStatement(text, { says: '$4, 5, 0, 0, 0$', holds: () => true }).ok).toBe(true);
    expect(checkStatement(text, { says: '$4, 5, 0, 0, 0$', holds: () => false }).ok).toBe(false);
    expect(checkStatement(text, { says: '$4, 5, 0, 0, 1$', holds: () => true }).ok).toBe(false);
  });
});

for (const unit of loadUnits()) {
  describe(`lesson ${unit.slug}: quoted numbers`, () => {
    const text = readFileSync(join(repoRoot, unit.lesson), 'utf8');
    test('every precise number has a claim backed by code', async () => {
      const { claims, statements = [] } = (await import(`./numbers/${unit.slug}.ts`)) as { claims: LessonClaim[]; statements?: LessonStatement[] };
      expect(claims.length, 'a lesson with no checked numbers').toBeGreaterThan(0);
      expect(unclaimedNumbers(text, claims), 'numbers quoted without a claim').toEqual([]);
      const failures = [...claims.map((c) => checkClaim(text, c)), ...statements.map((s) => checkStatement(text, s))]
        .filter((r) => !r.ok)
        .map((r) => r.message);
      expect(failures).toEqual([]);
    });
  });
}
