// Every unit in course.json has everything it needs, and its stub and solution agree on the
// exported names (the contract the public tests, hidden suites and grader rely on).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../../src/course/paths';
import { loadUnits } from '../../src/course/course';

const importFrom = (path: string) => import(pathToFileURL(join(repoRoot, path)).href) as Promise<Record<string, unknown>>;

for (const unit of loadUnits()) {
  describe(`unit ${unit.slug}`, () => {
    test('has every file the course model gives it, plus its misconception test and lesson-number claims', () => {
      // Every path of unit.paths but the experiments and live figures, which only units with figures have; the lists must not be empty.
      const { experiments: _optional, liveFigures: _optionalLive, publicTests, hiddenChecks, ...single } = unit.paths;
      expect(publicTests.length, `${unit.exerciseDir} needs a public *.test.ts`).toBeGreaterThan(0);
      expect(hiddenChecks, `${unit.slug} needs its hidden suite, ${unit.paths.hiddenSuite}`).toContain(unit.paths.hiddenSuite);
      const required = [...Object.values(single), ...publicTests, ...hiddenChecks, `test/misconceptions/${unit.slug}.test.ts`, `test/lessons/numbers/${unit.slug}.ts`];
      expect(required.filter((p) => !existsSync(join(repoRoot, p)))).toEqual([]);
      expect(readdirSync(join(repoRoot, unit.exerciseDir)).filter((f) => f.endsWith('.test.ts')).map((f) => `${unit.exerciseDir}/${f}`)).toEqual(publicTests);
    });

    test('the stub and the solution export the same functions', async () => {
      const stub = await importFrom(`${unit.paths.stub}`);
      const solution = await importFrom(`${unit.paths.solution}`);
      const shape = (mod: Record<string, unknown>) => Object.keys(mod).sort().map((k) => `${k}: ${typeof mod[k]}`);
      expect(shape(stub)).toEqual(shape(solution));
      expect(Object.keys(stub).length).toBeGreaterThan(0);
    });
  });
}

test('exercises/ holds only the units course.json lists', () => {
  const listed = new Set(loadUnits().map((u) => u.slug));
  const folders = readdirSync(join(repoRoot, 'exercises'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  expect(folders.filter((f) => !listed.has(f))).toEqual([]);
});
