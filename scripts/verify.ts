/**
 * npm run verify — the maintainer's proof that the course is whole:
 *   1. the course list and every unit's metadata load;
 *   2. everything typechecks;
 *   3. the project's own tests pass (engine, lessons' numbers and links, structure, CLI, grader…);
 *   4. every public and hidden test passes against solutions/;
 *   5. every public and hidden test FAILS against the stubs in exercises/ (any that passes is listed);
 *   6. with VERIFY_ALSO_NODE=<node binary>[:<node binary>…] (CI: Node 24 and 26, see .ci/run), the core
 *      again under each: typecheck, the sandbox and the demo class, and steps 4 and 5.
 * Ends with the plain line `N passed, N failed` counting every step, and exits non-zero on any violation.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import pc from 'picocolors';
import { repoRoot } from '../src/course/paths';
import { loadUnits } from '../src/course/course';

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

/** Another Node to run the core under; its folder goes first on PATH too, so `node` in tests and shebangs is it. */
interface OtherNode {
  path: string;
  version: string;
}

/** How to run node_modules/.bin/<name>: directly, or as a script of the other Node. */
function command(name: string, args: string[], node: OtherNode | undefined, env: NodeJS.ProcessEnv = process.env): [string, string[], NodeJS.ProcessEnv] {
  if (!node) return [bin(name), args, env];
  return [node.path, [bin(name), ...args], { ...env, PATH: [dirname(node.path), env.PATH].filter(Boolean).join(delimiter) }];
}

function heading(text: string): void {
  console.log(`\n${pc.bold(pc.cyan(`▶ ${text}`))}`);
}

interface VitestJson {
  testResults: { name: string; status?: string; message?: string; assertionResults: { fullName: string; status: string }[] }[];
}

/** Run vitest with a JSON report; returns every test as [name, passed] plus files that failed to load. */
function runVitest(
  projects: string[],
  impl: string,
  label: string,
  { quiet = false, files = [], node }: { quiet?: boolean; files?: string[]; node?: OtherNode } = {},
): { tests: [string, boolean][]; brokenFiles: string[] } {
  const out = join(scratch, `${label}.json`);
  // Against the stubs every test fails by design, so their details are noise: keep only the report.
  const reporters = quiet ? ['--reporter=json'] : ['--reporter=dot', '--reporter=json'];
  const args = ['run', ...files, ...projects.flatMap((p) => ['--project', p]), ...reporters, `--outputFile.json=${out}`];
  // In CI, plain text for the log: vitest's colour library takes any FORCE_COLOR, even "0", as a yes.
  const { FORCE_COLOR: _inherited, ...inherited } = process.env;
  const colour = process.env.CI ? { NO_COLOR: '1' } : { FORCE_COLOR: '1' };
  const [file, argv, env] = command('vitest', args, node, { ...inherited, ...colour, COURSE_IMPL: impl });
  spawnSync(file, argv, { cwd: repoRoot, stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'], env });
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
    // A file can fail with every test passing (a beforeAll/afterAll hook threw or timed out): that counts too.
    else if (file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed')) brokenFiles.push(`${rel}: ${file.message?.split('\n')[0] || 'failed outside its tests (in a hook)'}`);
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

function typecheck(node?: OtherNode): Omit<StepResult, 'name'> {
  const [file, argv, env] = command('tsc', ['--noEmit', '-p', 'tsconfig.json'], node);
  const tsc = spawnSync(file, argv, { cwd: repoRoot, encoding: 'utf8', env });
  const errors = `${tsc.stdout}${tsc.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
  if (tsc.status !== 0 && errors.length === 0) errors.push(`tsc exited with ${tsc.status}: ${tsc.stderr || tsc.stdout}`);
  return { passed: errors.length === 0 ? 1 : 0, failed: errors };
}

/** Steps 4 and 5: every suite passes on the solutions and fails on the stubs. */
function suiteSteps(node?: OtherNode): void {
  const on = node ? ` (Node ${node.version})` : '';
  const tag = node ? `-node${node.version}` : '';
  step(`Public and hidden suites against solutions/ (all must pass)${on}`, () => {
    const { tests, brokenFiles } = runVitest(['public', 'hidden'], 'solutions', `solutions${tag}`, { node });
    return { passed: tests.filter(([, ok]) => ok).length, failed: [...brokenFiles, ...tests.filter(([, ok]) => !ok).map(([n]) => `fails on the solution: ${n}`)] };
  });

  step(`Public and hidden suites against the stubs in exercises/ (all must fail)${on}`, () => {
    const { tests, brokenFiles } = runVitest(['public', 'hidden'], 'exercises', `stubs${tag}`, { quiet: true, node });
    return {
      passed: tests.filter(([, ok]) => !ok).length,
      failed: [...brokenFiles, ...tests.filter(([, ok]) => ok).map(([n]) => `passes on the stub: ${n}`)],
      words: ['failed on the stubs as they must', 'passed on a stub'],
    };
  });
}

/** A Node named in VERIFY_ALSO_NODE, or why it cannot run. */
function otherNode(path: string): OtherNode | string {
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `VERIFY_ALSO_NODE=${path} does not run (${probe.error?.message ?? probe.stderr.trim()})`;
  return { path, version: probe.stdout.trim().replace(/^v/, '') };
}

step('Typecheck (tsc --noEmit)', () => typecheck());

step("The project's own tests", () => {
  const { tests, brokenFiles } = runVitest(['project'], 'solutions', 'project');
  return { passed: tests.filter(([, ok]) => ok).length, failed: [...brokenFiles, ...tests.filter(([, ok]) => !ok).map(([n]) => n)] };
});

suiteSteps();

// Each further Node (a PATH-style list) runs the core again.
for (const path of (process.env.VERIFY_ALSO_NODE ?? '').split(delimiter).filter(Boolean)) {
  const node = otherNode(path);
  if (typeof node === 'string') {
    step(`The core on another Node (${path})`, () => ({ passed: 0, failed: [node] }));
    continue;
  }
  step(`Typecheck (tsc --noEmit) (Node ${node.version})`, () => typecheck(node));
  // The grader's sandbox rests on Node's permission model and V8's memory layout, both of which change between versions.
  step(`The sandbox and the demo class (Node ${node.version})`, () => {
    const files = ['test/grader/sandbox.test.ts', 'test/grader/demo-class.test.ts'];
    const { tests, brokenFiles } = runVitest(['project'], 'solutions', `grader-node${node.version}`, { files, node });
    const failed = [...brokenFiles, ...tests.filter(([, ok]) => !ok).map(([n]) => n)];
    if (tests.length === 0 && failed.length === 0) failed.push(`no tests ran from ${files.join(', ')}`);
    return { passed: tests.filter(([, ok]) => ok).length, failed };
  });
  suiteSteps(node);
}

rmSync(scratch, { recursive: true, force: true });
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed.length, 0);
heading('Summary');
for (const r of results) console.log(`  ${r.failed.length === 0 ? pc.green('✓') : pc.red('✗')} ${r.name}: ${r.passed} ${r.words?.[0] ?? 'passed'}, ${r.failed.length} ${r.words?.[1] ?? 'failed'}`);
console.log(failed === 0 ? pc.green('\nThe course is consistent.') : pc.red('\nVerification failed: see the problems listed above.'));
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
