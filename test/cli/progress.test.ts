import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ProgressStore, progressPath } from '../../src/cli/progress';

const dirs: string[] = [];
function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'course-progress-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const passed = { passed: true, passedTests: 3, totalTests: 3 };

describe('progress store (.course/progress.json)', () => {
  test('starts empty, and what is saved survives a restart', () => {
    const root = tempRoot();
    const store = ProgressStore.load(root);
    expect(store.freshResult('01-sigmoid', 'abc')).toBeUndefined();
    store.recordResult('01-sigmoid', 'abc', passed, new Date('2026-01-01T00:00:00Z'));
    store.setHintsShown('01-sigmoid', 2);
    store.save();

    const again = ProgressStore.load(root);
    expect(again.freshResult('01-sigmoid', 'abc')).toEqual(passed);
    expect(again.freshResult('01-sigmoid', 'changed')).toBeUndefined();
    expect(again.lastResult('01-sigmoid')).toEqual(passed);
    expect(again.unit('01-sigmoid')).toMatchObject({ hintsShown: 2, firstPassedAt: '2026-01-01T00:00:00.000Z' });
  });

  test('forgetting a result (after a reset) keeps the hint count', () => {
    const root = tempRoot();
    const store = ProgressStore.load(root);
    store.recordResult('01-sigmoid', 'abc', passed);
    store.setHintsShown('01-sigmoid', 1);
    store.forgetResult('01-sigmoid');
    expect(store.freshResult('01-sigmoid', 'abc')).toBeUndefined();
    expect(store.unit('01-sigmoid').hintsShown).toBe(1);
  });

  test.each([
    ['not JSON', '{"version": 1, "units": {'],
    ['the wrong shape', '[1, 2, 3]'],
    ['an unknown version', '{"version": 7, "units": {}}'],
  ])('a corrupt file (%s) is set aside with a warning, not a crash', (_what, content) => {
    const root = tempRoot();
    mkdirSync(join(root, '.course'));
    writeFileSync(progressPath(root), content);
    const warnings: string[] = [];
    const store = ProgressStore.load(root, (m) => warnings.push(m));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not be read .*starting with fresh progress/);
    expect(readFileSync(`${progressPath(root)}.corrupt`, 'utf8')).toBe(content);
    expect(existsSync(progressPath(root))).toBe(false);
    store.setHintsShown('01-sigmoid', 1);
    store.save();
    expect(ProgressStore.load(root).unit('01-sigmoid').hintsShown).toBe(1);
  });

  test('odd fields inside a unit record are dropped one by one', () => {
    const root = tempRoot();
    mkdirSync(join(root, '.course'));
    writeFileSync(
      progressPath(root),
      JSON.stringify({ version: 1, units: { a: { hintsShown: -3, fingerprint: 5, result: 'yes' }, b: 'nonsense', c: { hintsShown: 2, fingerprint: 'f', result: { passed: false } } } }),
    );
    const store = ProgressStore.load(root, () => {
      throw new Error('no warning expected');
    });
    expect(store.unit('a')).toEqual({ hintsShown: 0 });
    expect(store.unit('b')).toEqual({ hintsShown: 0 });
    expect(store.freshResult('c', 'f')).toEqual({ passed: false, passedTests: 0, totalTests: 0, firstFailure: undefined });
    expect(store.unit('c').hintsShown).toBe(2);
  });
});
