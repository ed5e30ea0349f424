import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { loadCourse } from './src/course/course.ts';
import { vitestAliases } from './src/course/modules.ts';
import { repoRoot, resolveImplRoot } from './src/course/paths.ts';

// `@impl/<slug>` is chosen here (COURSE_IMPL) and resolved by the one alias table: tests never name exercises/ or solutions/.
const implRoot = resolveImplRoot();
// Lesson code reproduces the lessons with the reference solutions, so the project's own tests see
// `@impl/` as solutions/ unless COURSE_IMPL says otherwise (and as the others do in a copy without solutions/, a learner's).
const projectImplRoot = process.env.COURSE_IMPL || !existsSync(join(repoRoot, 'solutions')) ? implRoot : resolveImplRoot('solutions');
const { units } = loadCourse(repoRoot);

export default defineConfig({
  resolve: {
    alias: vitestAliases({ root: repoRoot, implRoot }),
  },
  test: {
    // Failures point at the test line, not at the course's assertion helpers.
    onStackTrace: (_error, frame) => !/\/(lib\/testing|test\/support\/|grader\/checks\/(helpers|support\/))/.test(frame.file),
    projects: [
      // The learner's public tests: `npm test`, `npm test -- 04`, `npm test -- 04-backprop-mlp`.
      { extends: true, test: { name: 'public', include: units.map((unit) => `${unit.paths.exerciseDir}/*.test.ts`) } },
      // Grader-side suites; never shipped to learners.
      { extends: true, test: { name: 'hidden', include: ['test/hidden/*.test.ts'] } },
      // The project's own tests (engine, lessons, CLI, grader, release).
      {
        extends: true,
        resolve: { alias: vitestAliases({ root: repoRoot, implRoot: projectImplRoot }) },
        test: {
          name: 'project',
          include: ['test/**/*.test.ts', 'grader/**/*.test.ts'],
          exclude: ['test/hidden/**', 'test/adversarial/submissions/**', '**/node_modules/**'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
