/**
 * `npm test [-- <unit>… ] [--all]`: the learner's test command. It runs the public tests of the
 * units asked for (default: all) in the course CLI's runner (a child process with a heap limit,
 * so a runaway loop is reported, not a crash), and at the same time the grader's static checks
 * (compile, imports, types: verdict.ts). What it prints is for a person:
 *
 * - several units: one line per unit in course order, then the first failure of the first unit
 *   that fails;
 * - one unit (`npm test -- 03`), or `--all`: every test of the unit, each failure with its feedback.
 *
 * Units are matched exactly (`1` is 01, never 10); a unit that does not exist is one line and
 * exit 2. `--reporter=<name>` and `--outputFile[.<name>]=<file>` are handed to vitest as they are,
 * for tools that read its reports (the release check reads `--reporter=json`).
 */
import { isLessonLine } from '../../lib/feedback';
import { cliMain } from '../course/cli-main';
import { repoRoot } from '../course/paths';
import { CourseError, loadUnits, type Unit } from '../course/course';
import { EXIT, unitNamed, UsageError } from './args';
import { makeColors, wantsColor, type Colors } from './colors';
import { unitFingerprint } from './fingerprint';
import { ProgressStore, type UnitResult } from './progress';
import { UnitRunner, type RunnerOptions, type RunReport, type TestLine } from './runner';
import { renderFailure, unitLine } from './table';
import { judge, StaticChecks } from './verdict';

export interface TestCommand {
  units: string[];
  /** every test of every unit asked for, not just the first failure */
  all: boolean;
  color?: boolean;
  help: boolean;
  /** passed on to vitest, for tools that read its reports */
  reporters: string[];
  outputFile: Record<string, string>;
}

export function parseTestArgs(argv: readonly string[]): TestCommand {
  const command: TestCommand = { units: [], all: false, help: false, reporters: [], outputFile: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (flag: string): string => {
      const eq = arg.indexOf('=');
      if (eq !== -1) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value, e.g. ${flag}=json.`);
      return next;
    };
    if (arg === '--all' || arg === '--verbose' || arg === '-a') command.all = true;
    else if (arg === '--no-color' || arg === '--no-colour') command.color = false;
    else if (arg === '--color' || arg === '--colour') command.color = true;
    else if (arg === '--help' || arg === '-h') command.help = true;
    else if (arg === '--reporter' || arg.startsWith('--reporter=')) command.reporters.push(value('--reporter'));
    else if (/^--outputFile(\.[\w-]+)?(=|$)/.test(arg)) {
      const name = /^--outputFile\.([\w-]+)/.exec(arg)?.[1] ?? command.reporters[0] ?? 'json';
      command.outputFile[name] = value('--outputFile');
    } else if (arg.startsWith('-')) throw new UsageError(`Unknown option "${arg}". Run \`npm test -- --help\` for what npm test takes.`);
    else command.units.push(arg);
  }
  return command;
}

export const TEST_HELP = [
  "npm test: every unit's public tests, and the grader's compile, import and type checks.",
  '',
  '  npm test                 one line per unit, then the first failure of the first unit that fails',
  '  npm test -- 03           every test of unit 03 (by number or slug: 3, 03, 03-gradient-check)',
  '  npm test -- 01 03        those units, one line each',
  '  npm test -- --all        every test of every unit',
  '  npm test -- --no-color   plain output (already plain when the output is not a terminal)',
  '',
  'A unit passes when its public tests pass and it compiles, type-checks and imports only what the',
  "grader allows. The grader's hidden checks try more cases; they decide the points.",
  'Exit status: 0 every unit asked about passes, 1 some unit does not, 2 a usage mistake, 3 the course is broken.',
].join('\n');

/** The whole report of one unit: its line, its problem, every test and each failure's feedback. */
export function renderUnitDetail(unit: Unit, result: UnitResult, tests: TestLine[], consoleOutput: string[], c: Colors): string {
  const lines = [unitLine(unit, result, c)];
  if (result.problem) lines.push('', ...result.problem.message.split('\n').map((l) => `  ${c.red(l)}`));
  if (tests.length > 0) lines.push('');
  for (const test of tests) {
    const mark = test.state === 'passed' ? c.green('✓') : test.state === 'failed' ? c.red('✗') : c.dim('·');
    lines.push(`  ${mark} ${test.state === 'failed' ? test.name : c.dim(test.name)}`);
    if (test.message) {
      for (const line of test.message.split('\n')) lines.push(`      ${isLessonLine(line) ? c.cyan(line) : line}`);
      lines.push('');
    }
  }
  if (consoleOutput.length > 0) {
    const shown = consoleOutput.join('\n').split('\n');
    lines.push('', c.bold('Your console output:'), ...shown.slice(0, 40).map((l) => c.dim(`  ${l}`)));
    if (shown.length > 40) lines.push(c.dim(`  … ${shown.length - 40} more lines`));
  }
  return lines.join('\n').trimEnd();
}

/** Several units: one line each, then the first failure of the first unit that fails, then what to type next. */
export function renderSummary(units: Unit[], report: Pick<RunReport, 'results'>, c: Colors): string {
  const width = Math.max(...units.map((u) => u.title.length));
  const lines = units.map((u) => unitLine(u, report.results.get(u.slug), c, width));
  const failing = units.find((u) => !report.results.get(u.slug)?.passed);
  const passed = units.filter((u) => report.results.get(u.slug)?.passed).length;
  if (failing) {
    lines.push('', c.dim(`First failure, in unit ${failing.number}:`), renderFailure(failing, report.results.get(failing.slug)!, c));
    lines.push('', `${passed} of ${units.length} units pass.  ${c.dim(`Every test of unit ${failing.number}: npm test -- ${failing.number} · of every unit: npm test -- --all`)}`);
  } else {
    lines.push('', c.green(`All ${units.length} units pass their public tests and the grader's checks.`));
  }
  return lines.join('\n');
}

export interface TestCliOptions extends RunnerOptions {
  root?: string;
  out?: (text: string) => void;
  err?: (text: string) => void;
}

export async function testCli(argv: string[], { root = repoRoot, out = (t) => process.stdout.write(t), err = (t) => process.stderr.write(t), ...runnerOptions }: TestCliOptions = {}): Promise<number> {
  let c = makeColors(wantsColor(process.stderr));
  const parse = (args: string[]) => {
    const command = parseTestArgs(args);
    c = makeColors(wantsColor(process.stdout, process.env, command.color));
    return command;
  };
  return cliMain(argv, parse, (command) => runTests(command, { root, out, err, c, runnerOptions }), {
    name: 'npm test',
    label: (text) => c.red(text),
    expected: [[CourseError, EXIT.broken]],
    unexpected: (error) => ({ line: `${c.red('npm test: unexpected error:')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, status: EXIT.broken }),
    err,
  });
}

async function runTests(command: TestCommand, { root, out, err, c, runnerOptions }: { root: string; out: (text: string) => void; err: (text: string) => void; c: Colors; runnerOptions: RunnerOptions }): Promise<number> {
  let runner: UnitRunner | undefined;
  let checks: StaticChecks | undefined;
  try {
    if (command.help) {
      out(`${TEST_HELP}\n`);
      return EXIT.ok;
    }
    const all = loadUnits(root);
    const chosen = command.units.length > 0 ? [...new Set(command.units.map((q) => unitNamed(all, q)))].sort((a, b) => all.indexOf(a) - all.indexOf(b)) : all;
    // COURSE_IMPL=solutions npm test (a maintainer) tests another folder: the static checks are about exercises/.
    const impl = process.env.COURSE_IMPL ?? 'exercises';
    const fingerprints = new Map(chosen.map((u) => [u.slug, unitFingerprint(root, u)]));
    runner = await UnitRunner.create(root, { ...runnerOptions, impl, reporters: command.reporters, outputFile: command.outputFile });
    if (impl === 'exercises') {
      checks = new StaticChecks(root);
      checks.warm();
    }
    const [report, problems] = await Promise.all([runner.run(chosen), Promise.all(chosen.map((u) => checks?.check(u)))]);
    chosen.forEach((u, i) => report.results.set(u.slug, judge(report.results.get(u.slug)!, problems[i])));
    if (impl === 'exercises') {
      // Results go where npm run course looks, so the table is instant afterwards.
      const store = ProgressStore.load(root, (message) => err(`${c.yellow(message)}\n`));
      for (const u of chosen) store.recordResult(u.slug, fingerprints.get(u.slug)!, report.results.get(u.slug)!);
      store.save();
    }
    const detail = command.all || chosen.length === 1;
    if (detail) {
      out(`${chosen.map((u) => renderUnitDetail(u, report.results.get(u.slug)!, report.tests.get(u.slug) ?? [], chosen.length === 1 ? report.consoleOutput : [], c)).join('\n\n')}\n`);
      const passed = chosen.filter((u) => report.results.get(u.slug)?.passed).length;
      if (chosen.length > 1) out(`\n${passed} of ${chosen.length} units pass.\n`);
    } else {
      out(`${renderSummary(chosen, report, c)}\n`);
    }
    if (impl !== 'exercises') out(`${c.dim(`(COURSE_IMPL=${impl}: the compile, import and type checks are about exercises/ and were skipped)`)}\n`);
    return chosen.every((u) => report.results.get(u.slug)?.passed) ? EXIT.ok : EXIT.notPassing;
  } finally {
    await Promise.all([runner?.close(), checks?.close()]);
  }
}
