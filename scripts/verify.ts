/**
 * npm run verify — the maintainer's proof that the course is whole:
 *   1. the course list and every unit's metadata load;
 *   2. everything typechecks;
 *   3. the project's own tests pass (engine, lessons' numbers and links, structure, CLI, grader…);
 *   4. every public and hidden test passes against solutions/;
 *   5. every public and hidden test FAILS against the stubs in exercises/ (any that passes is listed).
 * Ends with the plain line `N passed, N failed`, and exits non-zero on any violation.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pc from 'picocolors';
import { repoRoot } from '../src/course/paths';
import { loadUnits } from '../src/course/units';

interface StepResult {
  name: string;
  passed: number;
  failed: string[];
  /** what a passing check means and what a failing one does, when "passed"/"failed" would mislead (the stub step) */
  words?: [string, string];
}

const results: StepResult[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'course-verify-'));
const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);

function heading(text: string): void {
  console.log(`\n${pc.bold(pc.cyan(`▶ ${text}`))}`);
}

interface VitestJson {
  testResults: { name: string; message?: string; assertionResults: { fullName: string; status: string }[] }[];
}

/** Run vitest with a JSON report; returns every test as [name, passed] plus files that failed to load. */
function runVitest(projects: string[], impl: string, label: string, { quiet = false } = {}): { tests: [string, boolean][]; brokenFiles: string[] } {
  const out = join(scratch, `${label}.json`);
  // Against the stubs every test fails by design, so their details are noise: keep only the report.
  const reporters = quiet ? ['--reporter=json'] : ['--reporter=dot', '--reporter=json'];
  const args = ['run', ...projects.flatMap((p) => ['--project', p]), ...reporters, `--outputFile.json=${out}`];
  // In CI, plain text for the log: vitest's colour library takes any FORCE_COLOR, even "0", as a yes.
  const { FORCE_COLOR: _inherited, ...env } = process.env;
  const colour = process.env.CI ? { NO_COLOR: '1' } : { FORCE_COLOR: '1' };
  spawnSync(bin('vitest'), args, { cwd: repoRoot, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'], env: { ...env, ...colour, COURSE_IMPL: impl } });
  let report: VitestJson;
  try {
    report = JSON.parse(readFileSync(out, 'utf8')) as VitestJson;
  } catch {
    return { tests: [], brokenFiles: [`vitest produced no report for ${label}`] };
  }
  const tests: [string, boolean][] = [];
  const brokenFiles: string[] = [];
  for (const file of report.testResults) {
    const rel = file.name.replace(`${repoRoot}/`, '');
    if (file.assertionResults.length === 0) brokenFiles.push(`${rel}: ${file.message?.split('\n')[0] ?? 'no tests ran'}`);
    for (const t of file.assertionResults) tests.push([`${rel} › ${t.fullName}`, t.status === 'passed']);
  }
  return { tests, brokenFiles };
}

function step(name: string, body: () => Omit<StepResult, 'name'>): void {
  heading(name);
  const result = { name, ...body() };
  results.push(result);
  const verdict = result.failed.length === 0 ? pc.green('ok') : pc.red(`${result.failed.length} problem(s)`);
  console.log(`${pc.bold(name)}: ${result.passed} ${result.words?.[0] ?? 'passed'}, ${verdict}`);
  for (const f of result.failed.slice(0, 40)) console.log(pc.red(`  ✗ ${f}`));
  if (result.failed.length > 40) console.log(pc.red(`  … and ${result.failed.length - 40} more`));
}

step('Course list and unit metadata', () => {
  try {
    const units = loadUnits();
    console.log(units.map((u) => `  ${u.slug}  ${u.title} (${u.points} pts, ${u.hints.length} hints)`).join('\n'));
    return { passed: 1, failed: [] };
  } catch (error) {
    return { passed: 0, failed: [(error as Error).message] };
  }
});

step('Typecheck (tsc --noEmit)', () => {
  const tsc = spawnSync(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { cwd: repoRoot, encoding: 'utf8' });
  const errors = `${tsc.stdout}${tsc.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
  if (tsc.status !== 0 && errors.length === 0) errors.push(`tsc exited with ${tsc.status}: ${tsc.stderr || tsc.stdout}`);
  return { passed: errors.length === 0 ? 1 : 0, failed: errors };
});

step("The project's own tests", () => {
  const { tests, brokenFiles } = runVitest(['project'], 'solutions', 'project');
  return { passed: tests.filter(([, ok]) => ok).length, failed: [...brokenFiles, ...tests.filter(([, ok]) => !ok).map(([n]) => n)] };
});

step('Public and hidden suites against solutions/ (all must pass)', () => {
  const { tests, brokenFiles } = runVitest(['public', 'hidden'], 'solutions', 'solutions');
  return { passed: tests.filter(([, ok]) => ok).length, failed: [...brokenFiles, ...tests.filter(([, ok]) => !ok).map(([n]) => `fails on the solution: ${n}`)] };
});

step('Public and hidden suites against the stubs in exercises/ (all must fail)', () => {
  const { tests, brokenFiles } = runVitest(['public', 'hidden'], 'exercises', 'stubs', { quiet: true });
  return {
    passed: tests.filter(([, ok]) => !ok).length,
    failed: [...brokenFiles, ...tests.filter(([, ok]) => ok).map(([n]) => `passes on the stub: ${n}`)],
    words: ['failed on the stubs as they must', 'passed on a stub'],
  };
});

rmSync(scratch, { recursive: true, force: true });
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed.length, 0);
heading('Summary');
for (const r of results) console.log(`  ${r.failed.length === 0 ? pc.green('✓') : pc.red('✗')} ${r.name}: ${r.passed} ${r.words?.[0] ?? 'passed'}, ${r.failed.length} ${r.words?.[1] ?? 'failed'}`);
console.log(failed === 0 ? pc.green('\nThe course is consistent.') : pc.red('\nVerification failed: see the problems listed above.'));
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
