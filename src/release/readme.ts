/**
 * Generated text of a release: the learner's README, GitHub Classroom's autograding config (one
 * test per unit, `npm test -- <slug>`, points from the unit's metadata) and the workflow that runs
 * it, and the learner's vitest config (the public project only).
 */
import type { Unit } from '../course/course';

/** A release for a class (a teacher grades, GitHub Classroom) or for self-study (answers after a pass). */
type Kind = 'class' | 'self-study';

/** The course README's rules for answers (mathjs, helpers, conventions), if it has them. */
export function conventionsFrom(courseReadme: string): string {
  const start = courseReadme.indexOf('You may use [mathjs]');
  const end = courseReadme.indexOf('\n## ', start);
  if (start === -1 || end === -1) {
    return 'You may use [mathjs](https://mathjs.org) in your answers, and the helpers in `lib/` (`@course/random`, `@course/types`).';
  }
  return courseReadme.slice(start, end).trim().replace(/^### /m, '### ');
}

export function learnerReadme(title: string, description: string | undefined, units: Unit[], conventions: string, kind: Kind = 'class'): string {
  const first = units[0]!;
  const selfStudy = kind === 'self-study';
  const watchKeys = selfStudy
    ? `\`h\` hint, \`r\` re-run, \`n\` next unit, \`l\` list of units, \`o\` lesson link, \`s\` the reference answer (once the unit passes), \`?\` help, \`q\` quit`
    : `\`h\` hint, \`r\` re-run, \`n\` next unit, \`l\` list of units, \`o\` lesson link, \`?\` help, \`q\` quit`;
  const answers = selfStudy
    ? `Once a unit passes, \`npm run course -- solution ${first.number}\` writes the course's reference answer to
\`solutions/${first.slug}/index.ts\` (\`--print\` shows it instead), to compare with yours. Before the
unit passes it tells you which tests are left, and nothing more.`
    : `This repository holds no reference answers: your teacher grades the course, so they stay with the
teacher (\`npm run course -- solution\` says so).`;
  const solutionRow = selfStudy
    ? `| \`npm run course -- solution <unit>\` | once the unit passes, its reference answer, written to \`solutions/<slug>/index.ts\` (\`--print\` prints it; a different file there is replaced only after asking) |`
    : `| \`npm run course -- solution <unit>\` | not in this release: your teacher grades the course, and the reference answers stay with them |`;
  const closing = selfStudy
    ? `## Reference answers

This is a self-study copy of the course: nobody grades it but the tests. Hints come first and end in
a nudge, never the code; the code is the reference answer, which opens for a unit once that unit
passes (\`npm run course -- solution <unit>\`, or \`s\` in watch after a pass), as rustlings shows its
solutions. The answers travel sealed in \`.course/solutions/<slug>.ts.gz\` so that none is in your
editor's file list or in a search by accident. Sealed is not locked: gzip opens without the course's
help, and only you decide when to look. The answer you wrote yourself stays in \`exercises/\` either way.
`
    : `## Handing in

Commit and push your work. If your course uses GitHub Classroom, every push runs each unit's public
tests (\`npm test -- <unit>\`) and gives the unit the share of its points above that its passing tests
earn. Those points are a progress signal, not your mark: they come from the same public tests you run
yourself, which live in this repository (so changing a test changes them), and they check less than
your teacher does. Your mark comes from your teacher's grading, which runs further hidden checks on
your \`exercises/<unit>/index.ts\` files only.
`;
  const rows = units.map((u) => `| ${u.number} | [${u.title}](${u.lesson}) | \`${u.paths.stub}\` | ${u.points} |`).join('\n');
  const total = units.reduce((s, u) => s + u.points, 0);
  return `# ${title}

${description ?? ''}

You write each piece yourself, in TypeScript, and tests tell you, number by number, whether it
behaves the way the lessons say it should. There are ${units.length} units; do them in order.

## Getting started

You need [Node.js](https://nodejs.org) 26 or 24 (the LTS lines); 20.19 and later also work.

\`\`\`bash
npm install
npm run course      # where you are: every unit, passed / current / todo, and what to do next
npm run lessons     # the lessons as a website with typeset maths, at http://localhost:4173
\`\`\`

## The daily loop

1. Read the lesson of the current unit, e.g. [\`${first.lesson}\`](${first.lesson}) (or on the
   site from \`npm run lessons\`).
2. Start the watcher in a terminal next to your editor:

   \`\`\`bash
   npm run course -- watch
   \`\`\`

   It runs the current unit's tests, shows the first failure, and runs them again every time you
   save. When the unit passes it moves on to the next one. Keys: ${watchKeys}.
3. Open the unit's stub, e.g. \`${first.paths.stub}\`, and replace each
   \`throw new Error('TODO: …')\` with your code. A failing test tells you the call, the value
   expected, the value returned, and the lesson section to reread:

   \`\`\`
   sigmoidPrime(2) should be 0.104994 but returned 0.5.
     → Reread lessons/01-sigmoid.md#saturation
   \`\`\`

Stuck? \`npm run course -- hint ${first.number}\` reveals the next hint (one at a time; the course
remembers how many you have seen). Want to start a unit over? \`npm run course -- reset ${first.number}\`
puts the original stub back after asking; your version is kept in \`.course/backups/\`.

${answers}

A unit passes only when its tests pass **and** it compiles, type-checks and imports nothing but
mathjs, \`@course/*\` and your own files, because the grader gives 0 otherwise: \`npm test\` and the
course CLI check all of it, and \`npm run course -- check\` runs what the grader runs, minus its hidden checks.

## The units

| # | unit | your file | points |
|---|---|---|---|
${rows}

${total} points in all.

## Commands

| command | what it does |
|---|---|
| \`npm test\` | one line per unit, then the first failure (units fail until you solve them) |
| \`npm test -- ${first.number}\` | every test of one unit, by number or slug (\`${first.slug}\`) |
| \`npm run course -- check [unit]\` | what the grader runs, minus its hidden checks: compile, imports, types, public tests |
| \`npm run course\` | your progress table and the next step |
| \`npm run course -- next\` | the unit to work on, its lesson, and its first failing test |
| \`npm run course -- watch [unit]\` | re-run a unit on every save; moves on when it passes |
| \`npm run course -- hint [unit]\` | the next hint for a unit (default: the current one) |
${solutionRow}
| \`npm run course -- reset <unit>\` | restore a unit's original stub (asks first; \`--yes\` to skip) |
| \`npm run course -- restore <unit>\` | bring back a version that reset saved in \`.course/backups/\` |
| \`npm run lessons\` | build the lessons into a site and serve it on localhost |
| \`npm run ui\` | the tests in your browser (Vitest UI) |

## Rules for your answers

${conventions}

${closing}`;
}

export interface AutogradingTest {
  name: string;
  setup: string;
  run: string;
  input: string;
  output: string;
  comparison: 'included';
  timeout: number;
  points: number;
}

/** `.github/classroom/autograding.json`: one test per unit, in course order. */
export function autogradingConfig(units: Unit[]): { tests: AutogradingTest[] } {
  return {
    tests: units.map((u, i) => ({
      name: `${u.number} · ${u.title}`,
      // Tests run one after another in the same checkout: install once.
      setup: i === 0 ? 'npm ci' : '',
      run: `npm test -- ${u.slug}`,
      input: '',
      output: '',
      comparison: 'included',
      timeout: 10,
      points: u.points,
    })),
  };
}

/**
 * The learner's vitest config: the repository's own, less the grader's projects. It reads the same
 * alias table (src/course/modules.ts) and the same course list as the repository's vitest.config.ts,
 * so the two resolve `@impl/…` and `@course/…` alike and run the same public tests
 * (test/release/release.test.ts loads both and compares them).
 */
export function learnerVitestConfig(): string {
  return `// Generated by \`npm run release\`: the course's vitest setup with only the public tests.
import { defineConfig } from 'vitest/config';
import { loadCourse } from './src/course/course.ts';
import { vitestAliases } from './src/course/modules.ts';
import { repoRoot, resolveImplRoot } from './src/course/paths.ts';

// \`@impl/<slug>\` is your exercises/<slug>/index.ts (COURSE_IMPL can point it at another folder).
const implRoot = resolveImplRoot();
const { units } = loadCourse(repoRoot);

export default defineConfig({
  resolve: {
    alias: vitestAliases({ root: repoRoot, implRoot }),
  },
  test: {
    // Failures point at the test line, not at the course's assertion helpers.
    onStackTrace: (_error, frame) => !/\\/lib\\/testing/.test(frame.file),
    projects: [{ extends: true, test: { name: 'public', include: units.map((unit) => \`\${unit.paths.exerciseDir}/*.test.ts\`) } }],
  },
});
`;
}

/** The learner's .gitignore: progress and backups stay local; the stubs, the release's kind and (self-study) the sealed answers are part of the course. */
export function learnerGitignore(kind: Kind = 'class'): string {
  return `node_modules/
dist/
*.log
# The course CLI's progress and backups stay on your machine; the original stubs are part of the course.
.course/*
!.course/stubs/
!.course/release.json
${kind === 'self-study' ? '!.course/solutions/\n' : ''}`;
}
