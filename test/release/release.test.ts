// `npm run release -- <dir>`: the learner's repository. Built, inspected, installed, and used the way a
// learner would: the stubs fail with TODO messages, a copied answer makes its unit pass.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot, resolveImplRoot } from '../../src/course/paths';
import { loadUnits } from '../../src/course/course';
import { buildRelease, type ReleaseResult } from '../../src/release/build';
import { installRelease, runReleaseTests, sealedProblems, stubProblems } from '../../src/release/check';
import { RELEASE_INFO, SEALED_DIR, sealedPath, unseal } from '../../src/cli/solution';
import { importClosure, packageOf } from '../../src/release/files';
import { importSpecifiers } from '../../src/course/imports';
import { parse } from 'yaml';
import { readWorkflow, runWorkflow } from './classroom-runner';
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
// Removing an installed node_modules can take longer than a hook's default 10 s on a busy machine.
afterAll(() => rmSync(scratch, { recursive: true, force: true }), 120_000);

const read = (path: string) => readFileSync(join(out, path), 'utf8');

describe('npm run release: what the learner gets', () => {
  test('no solutions, no hidden suites, no grader, bench, maintainer scripts or lesson experiments', () => {
    for (const file of release.files) expect(file).not.toMatch(/^(solutions|test|grader|bench|scripts|lessons\/experiments)\//);
    for (const dir of ['solutions', 'test', 'grader', 'bench', 'scripts', 'lessons/experiments']) expect(existsSync(join(out, dir)), dir).toBe(false);
    // the experiments import their unit as `@impl/<slug>`, run with solutions/: none is shipped, by any path
    const experiments = units.map((u) => u.paths.experiments).filter((f) => existsSync(join(repoRoot, f)));
    expect(experiments.length).toBeGreaterThan(0);
    for (const file of experiments) expect(release.files, file).not.toContain(file);
    // not even as copied text: no file of the release contains a reference answer
    const answers = units.map((u) => join(repoRoot, u.paths.solution)).filter(existsSync).map((f) => readFileSync(f, 'utf8'));
    for (const file of release.files) {
      const text = read(file);
      for (const answer of answers) expect(text.includes(answer), file).toBe(false);
    }
  });

  test("every unit's stub, public tests and metadata, its lesson, and a pristine copy of the stub for course reset", () => {
    expect(JSON.parse(read('course.json')).units).toEqual(units.map((u) => u.slug));
    for (const unit of units) {
      expect(read(`${unit.paths.stub}`)).toBe(readFileSync(join(repoRoot, unit.paths.stub), 'utf8'));
      expect(read(`.course/stubs/${unit.slug}/index.ts`)).toBe(read(`${unit.paths.stub}`));
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
      release.files.filter((f) => /\.(ts|mjs)$/.test(f)).flatMap((f) => importSpecifiers(read(f)).map(packageOf).filter((p): p is string => Boolean(p))),
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

  test("that config resolves @impl and @course and picks the public tests as the repository's own does", async () => {
    // Loaded as vitest loads it; its packages come from the course's node_modules, one folder up.
    if (!existsSync(join(scratch, 'node_modules'))) symlinkSync(join(repoRoot, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    type Config = { resolve: { alias: { find: RegExp; replacement: string }[] }; test: { projects: { test: { name: string; include: string[] } }[] } };
    const implSetting = process.env.COURSE_IMPL;
    delete process.env.COURSE_IMPL; // the learner's default, exercises/
    let learner: Config;
    try {
      learner = (await import(join(out, 'vitest.config.ts'))).default as Config;
    } finally {
      if (implSetting !== undefined) process.env.COURSE_IMPL = implSetting;
    }
    const course = (await import(join(repoRoot, 'vitest.config.ts'))).default as Config;
    const resolved = (config: Config, root: string, implRoot: string) => (specifier: string) => {
      const alias = config.resolve.alias.find((a) => a.find.test(specifier));
      return alias && specifier.replace(alias.find, alias.replacement).replace(implRoot, '<impl>').replace(root, '<root>');
    };
    const asLearner = resolved(learner, out, join(out, 'exercises'));
    const asCourse = resolved(course, repoRoot, resolveImplRoot());
    const specifiers = [...units.map((u) => `@impl/${u.slug}`), '@course/testing', '@course/misconceptions/01-sigmoid', '@impl/01-sigmoid/deeper', 'mathjs', './local'];
    expect(specifiers.map(asLearner)).toEqual(specifiers.map(asCourse));
    expect(asLearner('@impl/01-sigmoid')).toBe('<impl>/01-sigmoid/index.ts');
    expect(asLearner('@course/testing')).toBe('<root>/lib/testing');
    const publicTests = (config: Config) => config.test.projects.find((p) => p.test.name === 'public')!.test.include;
    expect(learner.test.projects.map((p) => p.test.name)).toEqual(['public']);
    expect(publicTests(learner)).toEqual(publicTests(course));
  });

  test('GitHub Classroom autograding: one test per unit, points from the metadata, npm test -- <slug>', () => {
    const { tests } = JSON.parse(read('.github/classroom/autograding.json'));
    expect(tests.map((t: { run: string }) => t.run)).toEqual(units.map((u) => `npm test -- ${u.slug}`));
    expect(tests.map((t: { points: number }) => t.points)).toEqual(units.map((u) => u.points));
    expect(tests[0].setup).toBe('npm ci');
  });

  test('the Classroom workflow is valid YAML: one step per unit with its title as the name, then the reporter reading every step', () => {
    const text = read('.github/workflows/classroom.yml');
    // 1.1 parsers read an unquoted `on` as true; both readings must give the same workflow
    for (const version of ['1.1', '1.2'] as const) expect(Object.keys(parse(text, { version, strict: true }))).toContain('on');
    const { on, steps } = readWorkflow(text);
    expect(on).toEqual(['push', 'repository_dispatch']);
    const unitSteps = steps.filter((s) => s.id);
    expect(unitSteps.map((s) => s.name)).toEqual(units.map((u) => `${u.number} · ${u.title}`));
    expect(unitSteps.map((s) => s.run)).toEqual(units.map((u) => `node .github/classroom/grade-unit.mjs ${u.slug} ${u.points} 10`));
    const reporter = steps.at(-1)!;
    expect(reporter.uses).toBe('classroom-resources/autograding-grading-reporter@v1');
    const runners = reporter.with!.runners!;
    // the reporter's own check of its input, from its src/main.js
    expect(runners).toMatch(/^([a-zA-Z0-9]+,)*[a-zA-Z0-9]+$/);
    expect(runners.split(',')).toEqual(unitSteps.map((s) => s.id));
    expect(reporter.env).toEqual(Object.fromEntries(unitSteps.map((s) => [`${s.id!.toUpperCase()}_RESULTS`, `\${{ steps.${s.id}.outputs.result }}`])));
    expect(release.files).toContain('.github/classroom/grade-unit.mjs');
  });

  test('a README for learners: getting started, the loop, every unit, the commands', () => {
    const readme = read('README.md');
    for (const text of ['npm install', 'npm run course', 'npm run course -- watch', 'npm run course -- hint', 'npm run course -- reset', 'npm run lessons', 'npm run ui', 'npm test -- 01']) {
      expect(readme, text).toContain(text);
    }
    for (const unit of units) expect(readme).toContain(`[${unit.title}](${unit.lesson})`);
    expect(readme).not.toMatch(/npm run (verify|grade|bench|release|figures)|solutions\//);
  });

  test('a class release by default: it says so in .course/release.json and holds no reference answer, sealed or not', () => {
    expect(release.kind).toBe('class');
    expect(JSON.parse(read(RELEASE_INFO))).toEqual({ kind: 'class' });
    expect(existsSync(join(out, SEALED_DIR))).toBe(false);
    expect(release.files.filter((f) => f.startsWith('.course/') && !f.startsWith('.course/stubs/'))).toEqual([RELEASE_INFO]);
    expect(sealedProblems(out, join(repoRoot, 'solutions'))).toEqual([]);
    expect(read('README.md')).toContain('This repository holds no reference answers: your teacher grades the course');
    expect(read('.gitignore')).toMatch(/^!\.course\/release\.json$/m);
    expect(read('.gitignore')).not.toContain('.course/solutions');
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
    expect(none.stderr.trim()).toBe('release: Name the folder to write. Usage: npm run release -- <dir> [--self-study] [--force] [--no-check]');
    const flag = spawnSync(tsx, ['scripts/release.ts', join(scratch, 'x'), '--quick'], { cwd: repoRoot, encoding: 'utf8', env });
    expect(flag.status).toBe(2);
    expect(flag.stderr.trim()).toMatch(/^release: Unknown option --quick\./);
  });
});

describe('npm run release: the import walk', () => {
  test('a shipped file that imports a lesson experiment stops the release, naming the chain', () => {
    const root = join(scratch, 'walk');
    mkdirSync(join(root, 'lib'), { recursive: true });
    mkdirSync(join(root, 'lessons', 'experiments'), { recursive: true });
    writeFileSync(join(root, 'lessons', 'experiments', '01-a.ts'), "export { f } from '@impl/01-a';\n");
    writeFileSync(join(root, 'lib', 'plot.ts'), "export { f } from '../lessons/experiments/01-a';\n");
    expect(() => importClosure(root, ['lib/plot.ts'])).toThrow('The release cannot ship lessons/experiments/01-a.ts, but lib/plot.ts imports it.');
    writeFileSync(join(root, 'lib', 'plot.ts'), "export const f = 1;\n");
    expect(importClosure(root, ['lib/plot.ts']).files).toEqual(['lib/plot.ts']);
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

  test('the Classroom workflow, run as Actions and the reporter run it: partial credit per unit from the public tests', () => {
    // A learner with unit 02 solved, unit 01 half right (σ'(z) = σ(z)(1 − z)) and the rest untouched.
    const learner = join(scratch, 'classroom-learner');
    cpSync(out, learner, { recursive: true, filter: (src) => !src.startsWith(join(out, 'node_modules')) });
    symlinkSync(join(out, 'node_modules'), join(learner, 'node_modules'), 'dir');
    const half = readFileSync(join(repoRoot, 'solutions/01-sigmoid/index.ts'), 'utf8').replace('return sigmoid(z) * sigmoid(-z);', 'return sigmoid(z) * (1 - z);');
    expect(half).toContain('(1 - z)');
    writeFileSync(join(learner, 'exercises/01-sigmoid/index.ts'), half);
    cpSync(join(repoRoot, 'solutions/02-chain-rule/index.ts'), join(learner, 'exercises/02-chain-rule/index.ts'));
    // What vitest itself says of unit 01, to compare the step's result with
    const truth = runReleaseTests(learner, ['01-sigmoid']);
    const passed01 = truth.tests.filter((t) => t.passed).length;
    expect(passed01).toBeGreaterThan(0);
    expect(passed01).toBeLessThan(truth.tests.length);

    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.COURSE_IMPL;
    delete env.FORCE_COLOR;
    const run = runWorkflow(learner, readFileSync(join(learner, '.github/workflows/classroom.yml'), 'utf8'), env);
    const byId = new Map(run.runners.map((r) => [r.id, r]));
    expect(run.runners).toHaveLength(units.length);
    expect(run.maxPoints).toBe(units.reduce((s, u) => s + u.points, 0));
    const score = (id: string) => byId.get(id)!.results.tests.reduce((s, t) => s + t.score, 0);

    const u01 = units[0]!;
    const r01 = byId.get('unit01')!.results;
    expect(r01).toMatchObject({ version: 1, status: 'fail', max_score: u01.points });
    expect(r01.tests.map((t) => t.name).sort()).toEqual(truth.tests.map((t) => t.name).sort());
    expect(r01.tests.filter((t) => t.status === 'pass').map((t) => t.name).sort()).toEqual(truth.tests.filter((t) => t.passed).map((t) => t.name).sort());
    // each test is worth its share of the points (hundredths, adding up to the unit's points)
    expect(Math.abs(score('unit01') - (u01.points * passed01) / truth.tests.length)).toBeLessThan(0.01 * truth.tests.length);
    expect(r01.tests.reduce((s, t) => s + Math.round((t.status === 'pass' ? t.score : 0) * 100), 0)).toBe(Math.round(score('unit01') * 100));
    expect(byId.get('unit01')!.tableScore).toBeCloseTo((u01.points * passed01) / truth.tests.length, 9);

    expect(byId.get('unit02')!.results.status).toBe('pass');
    expect(score('unit02')).toBeCloseTo(units[1]!.points, 9);
    for (const u of units.slice(2)) {
      expect(byId.get(`unit${u.number}`)!.results.status, u.slug).toBe('fail');
      expect(score(`unit${u.number}`), u.slug).toBe(0);
    }
    expect(run.totalPoints).toBeCloseTo(score('unit01') + units[1]!.points, 9);
    expect(run.reporterFailed).toBe(true);
    expect(run.logs.find((l) => l.startsWith('01 · '))).toMatch(new RegExp(`01-sigmoid: ${passed01} of ${truth.tests.length} public tests pass`));
    rmSync(learner, { recursive: true, force: true });
  }, 900_000);

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

describe('npm run release -- --self-study: the reference answers, sealed, for course solution', () => {
  let selfStudy: string;
  let built: ReleaseResult;
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.COURSE_IMPL;
  delete env.FORCE_COLOR;
  const course = (dir: string, args: string[]) => spawnSync('npm', ['run', '--silent', 'course', '--', ...args], { cwd: dir, encoding: 'utf8', env });
  beforeAll(() => {
    selfStudy = join(scratch, 'self-study');
    built = buildRelease({ outDir: selfStudy, kind: 'self-study' });
  });

  test('every unit\'s answer sealed in .course/solutions/, opening to exactly the reference, never as plain text; no Classroom files', () => {
    expect(built.kind).toBe('self-study');
    expect(JSON.parse(readFileSync(join(selfStudy, RELEASE_INFO), 'utf8'))).toEqual({ kind: 'self-study' });
    for (const unit of units) {
      const sealed = readFileSync(join(selfStudy, sealedPath(unit)));
      expect(unseal(sealed), unit.slug).toBe(readFileSync(join(repoRoot, unit.paths.solution), 'utf8'));
    }
    expect(sealedProblems(selfStudy, join(repoRoot, 'solutions'))).toEqual([]);
    for (const file of built.files) expect(file).not.toMatch(/^(solutions|test|grader|bench|scripts)\/|^\.github\//);
    const answers = units.map((u) => readFileSync(join(repoRoot, u.paths.solution), 'utf8'));
    for (const file of built.files) {
      const text = readFileSync(join(selfStudy, file), 'utf8');
      for (const answer of answers) expect(text.includes(answer), file).toBe(false);
    }
    // the sealed answers are part of the learner's repository, so git must keep them
    expect(readFileSync(join(selfStudy, '.gitignore'), 'utf8')).toMatch(/^!\.course\/solutions\/$/m);
    const readme = readFileSync(join(selfStudy, 'README.md'), 'utf8');
    expect(readme).toContain('npm run course -- solution 01');
    expect(readme).toContain('## Reference answers');
    expect(readme).not.toMatch(/Handing in|GitHub Classroom|npm run (verify|grade|bench|release|figures)/);
  });

  test('used as a learner would: course solution 01 is locked (exit 1) until unit 01 passes, then writes solutions/01-sigmoid/index.ts', () => {
    // the same package.json and lockfile as the class release installed above: share its node_modules
    expect(readFileSync(join(selfStudy, 'package-lock.json'), 'utf8')).toBe(read('package-lock.json'));
    symlinkSync(join(out, 'node_modules'), join(selfStudy, 'node_modules'), 'dir');
    const before = course(selfStudy, ['solution', '01']);
    expect(before.status, before.stderr).toBe(1);
    expect(before.stdout).toContain('The reference answer of unit 01 · The sigmoid and its derivative opens once the unit passes.');
    expect(before.stdout).toMatch(/What is left: (\d+) of \1 public tests fail\./);
    expect(existsSync(join(selfStudy, 'solutions'))).toBe(false);

    const answer = readFileSync(join(repoRoot, 'solutions/01-sigmoid/index.ts'), 'utf8');
    writeFileSync(join(selfStudy, 'exercises/01-sigmoid/index.ts'), answer);
    const after = course(selfStudy, ['solution', '01']);
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout).toContain('Wrote the reference answer of unit 01 · The sigmoid and its derivative to solutions/01-sigmoid/index.ts.');
    expect(readFileSync(join(selfStudy, 'solutions/01-sigmoid/index.ts'), 'utf8')).toBe(answer);
    // a unit not passed yet stays locked
    expect(course(selfStudy, ['solution', '02']).status).toBe(1);
  }, 300_000);

  test('in the class release the command says the answers are not part of it (exit 2), even for a unit that passes', () => {
    // unit 01 of the class release was solved above ("copying the solution of unit 01 …")
    const run = course(out, ['solution', '01']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('The reference answers are not part of this release: your teacher grades this course');
    expect(existsSync(join(out, 'solutions'))).toBe(false);
  });
});
