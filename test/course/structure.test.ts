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
    test('has its lesson, stub, public test, solution, hidden suite, misconception test and lesson-number claims', () => {
      const required = [
        unit.lesson,
        `${unit.exerciseDir}/index.ts`,
        `${unit.solutionDir}/index.ts`,
        `test/hidden/${unit.slug}.test.ts`,
        `test/hidden/${unit.slug}.checks.ts`,
        `test/misconceptions/${unit.slug}.test.ts`,
        `test/lessons/numbers/${unit.slug}.ts`,
      ];
      expect(required.filter((p) => !existsSync(join(repoRoot, p)))).toEqual([]);
      const publicTests = readdirSync(join(repoRoot, unit.exerciseDir)).filter((f) => f.endsWith('.test.ts'));
      expect(publicTests.length, `${unit.exerciseDir} needs a public *.test.ts`).toBeGreaterThan(0);
    });

    test('the stub and the solution export the same functions', async () => {
      const stub = await importFrom(`${unit.exerciseDir}/index.ts`);
      const solution = await importFrom(`${unit.solutionDir}/index.ts`);
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
