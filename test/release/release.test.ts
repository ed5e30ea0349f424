// `npm run release -- <dir>`: the learner's repository. Built, inspected, installed, and used the way a
// learner would: the stubs fail with TODO messages, a copied answer makes its unit pass.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../src/course/paths';
import { loadUnits } from '../../src/course/units';
import { buildRelease, type ReleaseResult } from '../../src/release/build';
import { installRelease, runReleaseTests, stubProblems } from '../../src/release/check';
import { packageOf, specifiersIn } from '../../src/release/files';
import { LEARNER_SCRIPTS } from '../../src/release/package';

const units = loadUnits();
let scratch: string;
let out: string;
let release: ReleaseResult;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'course-release-'));
  out = join(scratch, 'learner');
  const started = performance.now();
  release = buildRelease({ outDir: out });
  console.log(`release: wrote ${release.files.length} files in ${Math.round(performance.now() - started)} ms`);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }), 120_000); // an installed node_modules takes a while to delete on a busy machine

const read = (path: string) => readFileSync(join(out, path), 'utf8');

describe('npm run release: what the learner gets', () => {
  test('no solutions, no hidden suites, no grader, bench or maintainer scripts', () => {
    for (const file of release.files) expect(file).not.toMatch(/^(solutions|test|grader|bench|scripts)\//);
    for (const dir of ['solutions', 'test', 'grader', 'bench', 'scripts']) expect(existsSync(join(out, dir)), dir).toBe(false);
    // not even as copied text: no file of the release contains a reference answer
    const answers = units.map((u) => join(repoRoot, u.solutionDir, 'index.ts')).filter(existsSync).map((f) => readFileSync(f, 'utf8'));
    for (const file of release.files) {
      const text = read(file);
      for (const answer of answers) expect(text.includes(answer), file).toBe(false);
    }
  });

  test("every unit's stub, public tests and metadata, its lesson, and a pristine copy of the stub for course reset", () => {
    expect(JSON.parse(read('course.json')).units).toEqual(units.map((u) => u.slug));
    for (const unit of units) {
      expect(read(`${unit.exerciseDir}/index.ts`)).toBe(readFileSync(join(repoRoot, unit.exerciseDir, 'index.ts'), 'utf8'));
      expect(read(`.course/stubs/${unit.slug}/index.ts`)).toBe(read(`${unit.exerciseDir}/index.ts`));
      expect(existsSync(join(out, unit.exerciseDir, 'meta.json'))).toBe(true);
      expect(release.files.some((f) => f.startsWith(`${unit.exerciseDir}/`) && f.endsWith('.test.ts'))).toBe(true);
      expect(existsSync(join(out, unit.lesson))).toBe(true);
    }
    expect(read('.gitignore')).toMatch(/^\.course\/\*$[\s\S]*^!\.course\/stubs\/$/m);
  });

  test('a package.json with the learner scripts and only the dependencies the shipped files use', () => {
    const pkg = JSON.parse(read('package.json'));
    const course = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.scripts).sort()).toEqual(LEARNER_SCRIPTS.filter((s) => course.scripts[s]).sort());
    expect(pkg.dependencies).toEqual(course.dependencies);
    const imported = new Set(
      release.files.filter((f) => /\.(ts|mjs)$/.test(f)).flatMap((f) => specifiersIn(read(f)).map(packageOf).filter((p): p is string => Boolean(p))),
    );
    for (const name of Object.keys(pkg.devDependencies)) {
      expect(imported.has(name) || ['vitest', '@vitest/ui', 'tsx', 'typescript', '@types/node'].includes(name) || name.startsWith('@types/'), name).toBe(true);
    }
    for (const name of imported) expect(name in pkg.devDependencies || name in pkg.dependencies, name).toBe(true);
    const lock = JSON.parse(read('package-lock.json'));
    expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
    expect(Object.keys(lock.packages).length).toBeLessThanOrEqual(Object.keys(JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')).packages).length);
  });

  test('a vitest config with the public tests only', () => {
    const config = read('vitest.config.ts');
    expect(config).toContain("name: 'public'");
    expect(config).not.toMatch(/hidden|name: 'project'/);
  });

  test('GitHub Classroom autograding: one test per unit, points from the metadata, npm test -- <slug>', () => {
    const { tests } = JSON.parse(read('.github/classroom/autograding.json'));
    expect(tests.map((t: { run: string }) => t.run)).toEqual(units.map((u) => `npm test -- ${u.slug}`));
    expect(tests.map((t: { points: number }) => t.points)).toEqual(units.map((u) => u.points));
    expect(tests[0].setup).toBe('npm ci');
    const workflow = read('.github/workflows/classroom.yml');
    for (const unit of units) expect(workflow).toContain(`command: npm test -- ${unit.slug}\n          timeout: 10\n          max-score: ${unit.points}`);
  });

  test('a README for learners: getting started, the loop, every unit, the commands', () => {
    const readme = read('README.md');
    for (const text of ['npm install', 'npm run course', 'npm run course -- watch', 'npm run course -- hint', 'npm run course -- reset', 'npm run lessons', 'npm run ui', 'npm test -- 01']) {
      expect(readme, text).toContain(text);
    }
    for (const unit of units) expect(readme).toContain(`[${unit.title}](${unit.lesson})`);
    expect(readme).not.toMatch(/npm run (verify|grade|bench|release|figures)|solutions\//);
  });

  test('refuses a non-empty folder unless --force, which keeps .git', () => {
    const target = join(scratch, 'existing');
    mkdirSync(join(target, '.git'), { recursive: true });
    writeFileSync(join(target, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(target, 'old.txt'), 'old');
    expect(() => buildRelease({ outDir: target })).toThrow(/is not empty\. Choose a new folder, or add --force/);
    expect(existsSync(join(target, 'old.txt'))).toBe(true);
    buildRelease({ outDir: target, force: true });
    expect(existsSync(join(target, 'old.txt'))).toBe(false);
    expect(readFileSync(join(target, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(() => buildRelease({ outDir: repoRoot, force: true })).toThrow(/holds the course itself/);
  });

  test('the release script: a missing folder or an unknown flag is one clear line', () => {
    const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    const none = spawnSync(tsx, ['scripts/release.ts'], { cwd: repoRoot, encoding: 'utf8', env });
    expect(none.status).toBe(2);
    expect(none.stderr.trim()).toBe('release: Name the folder to write. Usage: npm run release -- <dir> [--force] [--no-check]');
    const flag = spawnSync(tsx, ['scripts/release.ts', join(scratch, 'x'), '--quick'], { cwd: repoRoot, encoding: 'utf8', env });
    expect(flag.status).toBe(2);
    expect(flag.stderr.trim()).toMatch(/^release: Unknown option --quick\./);
  });
});

describe('npm run release: the stub check', () => {
  const run = (tests: { name: string; passed: boolean; messages: string[] }[], status = 1) => ({ status, tests, broken: [], ms: 0 });
  const todo = 'f(1) is not written yet: TODO: write f\n  → Reread lessons/01-a.md#the-f';
  test('accepts only failures with a TODO message and a lesson section', () => {
    expect(stubProblems(run([{ name: 'a', passed: false, messages: [todo] }]))).toEqual([]);
    expect(stubProblems(run([{ name: 'a', passed: true, messages: [] }]))).toEqual(['passes on the stub: a']);
    expect(stubProblems(run([{ name: 'a', passed: false, messages: ['expected 1 to be 2'] }]))).toEqual(['fails without a TODO message: a: expected 1 to be 2']);
    expect(stubProblems(run([{ name: 'a', passed: false, messages: ['TODO: write f'] }]))).toEqual(['fails without naming a lesson section to reread: a']);
    expect(stubProblems(run([], 0))).toEqual(['npm test ran no tests', 'npm test exited 0 on the stubs']);
  });
});

describe('npm run release: used as a learner would', () => {
  test('it installs, and npm test fails on every test, only with TODO messages', () => {
    const method = (process.env.COURSE_RELEASE_INSTALL ?? 'auto') as 'auto' | 'npm' | 'link';
    const install = installRelease(out, repoRoot, method);
    console.log(`release: installed (${install.method}${install.note ? `: ${install.note}` : ''}) in ${Math.round(install.ms)} ms`);
    const run = runReleaseTests(out);
    expect(stubProblems(run)).toEqual([]);
    expect(run.tests.length).toBeGreaterThanOrEqual(units.length);
    console.log(`release: npm test on the stubs: ${run.tests.length} tests, all TODO failures, in ${Math.round(run.ms)} ms`);
  });

  test('copying the solution of unit 01 over its stub makes `npm test -- 01` pass', () => {
    cpSync(join(repoRoot, 'solutions/01-sigmoid/index.ts'), join(out, 'exercises/01-sigmoid/index.ts'));
    const run = runReleaseTests(out, ['01']);
    expect(run.status).toBe(0);
    expect(run.broken).toEqual([]);
    expect(run.tests.length).toBeGreaterThan(0);
    expect(run.tests.filter((t) => !t.passed)).toEqual([]);
  });

  test("the learner's tools work there: the course table, and the lesson site", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.COURSE_IMPL;
    delete env.FORCE_COLOR;
    const course = spawnSync('npm', ['run', '--silent', 'course'], { cwd: out, encoding: 'utf8', env });
    expect(course.status, course.stderr).toBe(0);
    expect(course.stdout).toMatch(/01 {2}The sigmoid and its derivative\s+✓ passed/);
    const lessons = spawnSync('npm', ['run', '--silent', 'lessons', '--', '--build-only'], { cwd: out, encoding: 'utf8', env });
    expect(lessons.status, lessons.stdout + lessons.stderr).toBe(0);
    expect(existsSync(join(out, 'dist/site/lessons/01-sigmoid.html'))).toBe(true);
  });
});
