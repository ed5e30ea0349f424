/**
 * Checks that a release works as a learner's repository: it installs from its own lockfile, its
 * `npm test` fails on every test and only with TODO messages, and the reference answers pass.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { lessonOf } from '../../lib/feedback';
import { CourseError, loadUnits, type Unit } from '../course/course';
import { releaseKind, sealedPath, unseal } from '../cli/solution';

export type InstallMethod = 'npm ci --offline' | 'linked from the course';

export interface InstallReport {
  method: InstallMethod;
  ms: number;
  /** why npm ci was not used, when it was not */
  note?: string;
}

function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  // As on a learner's machine: no COURSE_IMPL (the tests use exercises/), no forced colours.
  const base: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', ...env };
  delete base.COURSE_IMPL;
  delete base.FORCE_COLOR;
  return spawnSync('npm', args, { cwd, encoding: 'utf8', env: base, timeout: 300_000 });
}

/**
 * Link every top-level package of the release's lockfile from the course's node_modules. Used
 * when npm cannot install offline (its cache lacks a tarball): a package the lockfile lost would
 * still be missing, so the tests that follow would notice.
 */
export function linkInstall(dir: string, courseRoot: string): void {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  for (const key of Object.keys(lock.packages)) {
    const name = key.slice('node_modules/'.length);
    if (!key.startsWith('node_modules/') || name.includes('/node_modules/')) continue;
    const source = join(courseRoot, 'node_modules', name);
    if (!existsSync(source)) continue; // an optional package for another platform
    mkdirSync(join(dir, 'node_modules', name, '..'), { recursive: true });
    symlinkSync(source, join(dir, 'node_modules', name), 'dir');
  }
  symlinkSync(join(courseRoot, 'node_modules', '.bin'), join(dir, 'node_modules', '.bin'), 'dir');
}

const OFFLINE_TROUBLE = /ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network/i;

/** `npm ci --offline` from npm's cache; if the cache cannot serve it, link from the course instead. */
export function installRelease(dir: string, courseRoot: string, method: 'auto' | 'npm' | 'link' = 'auto'): InstallReport {
  const started = performance.now();
  if (method !== 'link') {
    const ci = npm(['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
    if (ci.status === 0) return { method: 'npm ci --offline', ms: performance.now() - started };
    const output = `${ci.stdout}${ci.stderr}`;
    if (method === 'npm' || !OFFLINE_TROUBLE.test(output)) {
      throw new CourseError(`npm ci failed in the release:\n${output.trim().split('\n').slice(0, 12).join('\n')}`);
    }
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    linkInstall(dir, courseRoot);
    return { method: 'linked from the course', ms: performance.now() - started, note: /ENOTCACHED/.test(output) ? "npm's cache lacks some packages, and the check stays offline" : 'npm could not reach the registry' };
  }
  linkInstall(dir, courseRoot);
  return { method: 'linked from the course', ms: performance.now() - started };
}

export interface TestOutcome {
  name: string;
  passed: boolean;
  messages: string[];
}

export interface TestRun {
  status: number | null;
  tests: TestOutcome[];
  /** test files that failed to load */
  broken: string[];
  ms: number;
}

/** `npm test [-- <filters>]` in the release, read through vitest's JSON report. */
export function runReleaseTests(dir: string, filters: string[] = []): TestRun {
  const started = performance.now();
  const scratch = mkdtempSync(join(tmpdir(), 'release-report-'));
  const report = join(scratch, 'report.json');
  try {
    const run = npm(['test', '--', ...filters, '--reporter=json', `--outputFile.json=${report}`], dir);
    if (!existsSync(report)) throw new CourseError(`npm test in the release produced no report:\n${`${run.stdout}${run.stderr}`.trim().slice(0, 2000)}`);
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      testResults: { name: string; message?: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
    };
    const tests: TestOutcome[] = [];
    const broken: string[] = [];
    for (const file of json.testResults) {
      if (file.assertionResults.length === 0) broken.push(`${file.name}: ${file.message ?? 'no tests'}`);
      for (const t of file.assertionResults) tests.push({ name: t.fullName, passed: t.status === 'passed', messages: t.failureMessages ?? [] });
    }
    return { status: run.status, tests, broken, ms: performance.now() - started };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Problems with a run of the untouched stubs: every test must fail, each with a TODO message that
 * names the lesson section to reread.
 */
export function stubProblems(run: TestRun): string[] {
  const problems = run.broken.map((b) => `a test file failed to load: ${b}`);
  if (run.tests.length === 0) problems.push('npm test ran no tests');
  if (run.status === 0) problems.push('npm test exited 0 on the stubs');
  for (const t of run.tests) {
    if (t.passed) problems.push(`passes on the stub: ${t.name}`);
    else if (!t.messages.some((m) => m.includes('TODO'))) problems.push(`fails without a TODO message: ${t.name}: ${t.messages[0]?.split('\n')[0] ?? '(no message)'}`);
    else if (!t.messages.some((m) => lessonOf(m)?.includes('#'))) problems.push(`fails without naming a lesson section to reread: ${t.name}`);
  }
  return problems;
}

/** A unit's reference answer in `solutionsDir`, a folder laid out as the course's solutions/ (the course model says how). */
function answerIn(solutionsDir: string, unit: Unit): string {
  return join(solutionsDir, posix.relative(posix.dirname(unit.paths.solutionDir), unit.paths.solution));
}

/**
 * A self-study release's sealed answers: one per unit, each opening to exactly the reference answer
 * in `solutionsDir`. A class release must hold none.
 */
export function sealedProblems(dir: string, solutionsDir: string): string[] {
  const kind = releaseKind(dir);
  const problems: string[] = [];
  for (const unit of loadUnits(dir)) {
    const sealed = join(dir, sealedPath(unit));
    if (kind !== 'self-study') {
      if (existsSync(sealed)) problems.push(`a ${kind} release holds the sealed answer ${sealedPath(unit)}`);
      continue;
    }
    if (!existsSync(sealed)) {
      problems.push(`the self-study release lacks ${sealedPath(unit)}`);
      continue;
    }
    const reference = answerIn(solutionsDir, unit);
    if (!existsSync(reference) || unseal(readFileSync(sealed)) !== readFileSync(reference, 'utf8')) problems.push(`${sealedPath(unit)} does not open to ${unit.paths.solution}`);
  }
  return problems;
}

export interface CheckReport {
  install: InstallReport;
  stubs: TestRun;
  solutions?: TestRun;
  problems: string[];
}

/**
 * The whole check, in a scratch copy so the release folder stays clean: install, run the stubs'
 * tests, then copy every reference answer from `solutionsDir` in and run them again.
 */
export function checkRelease(dir: string, courseRoot: string, solutionsDir?: string): CheckReport {
  const scratch = mkdtempSync(join(tmpdir(), 'release-check-'));
  try {
    const skip = [join(dir, '.git'), join(dir, 'node_modules')];
    cpSync(dir, scratch, { recursive: true, filter: (src) => !skip.some((s) => src === s || src.startsWith(`${s}/`)) });
    const install = installRelease(scratch, courseRoot);
    const stubs = runReleaseTests(scratch);
    const problems = [...stubProblems(stubs), ...(solutionsDir ? sealedProblems(dir, solutionsDir) : [])];
    let solutions: TestRun | undefined;
    if (solutionsDir && existsSync(solutionsDir)) {
      for (const unit of loadUnits(scratch)) {
        const answer = answerIn(solutionsDir, unit);
        if (existsSync(answer)) cpSync(answer, join(scratch, unit.paths.stub));
      }
      solutions = runReleaseTests(scratch);
      problems.push(...solutions.broken.map((b) => `with the solutions, a test file failed to load: ${b}`));
      problems.push(...solutions.tests.filter((t) => !t.passed).map((t) => `fails with the reference solution: ${t.name}`));
    }
    return { install, stubs, solutions, problems };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
