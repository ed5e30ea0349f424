/**
 * Text the CLI prints, as pure functions of the rows: the progress table, the "what now" block,
 * and a unit's first failure. Colours come in as a parameter, so tests read plain text.
 */
import { isLessonLine, lessonOf } from '../../lib/feedback';
import type { Unit } from '../course/course';
import type { Colors } from './colors';
import type { UnitResult } from './progress';
import type { TestLine } from './runner';
import type { UnitRow } from './status';
import { problemLabel } from './verdict';

export function progressBar(done: number, total: number, width = 20): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

const STATUS_TEXT = { passed: '✓ passed', current: '▶ current', todo: '· todo' } as const;

/** "10/10 public tests", with the problem that outranks them, if any: "10/10 public tests · type errors". */
export function testsText(result: UnitResult | undefined): string {
  if (!result) return 'not run yet';
  const tests = result.totalTests > 0 ? `${result.passedTests}/${result.totalTests} public tests` : 'no tests ran';
  return result.problem ? `${tests} · ${problemLabel(result.problem.kind)}` : tests;
}

export function renderTable(rows: UnitRow[], c: Colors, title?: string): string {
  const passed = rows.filter((r) => r.status === 'passed');
  const titleWidth = Math.max(4, ...rows.map((r) => r.unit.title.length));
  const lines: string[] = [];
  if (title) lines.push(c.bold(title), '');
  lines.push(`${progressBar(passed.length, rows.length)}  ${passed.length} of ${rows.length} units pass`);
  lines.push(c.dim("A unit passes when its public tests pass and it compiles, type-checks and imports only what the grader allows. Points come from the grader's hidden checks."), '');
  lines.push(c.dim(`  #   ${'unit'.padEnd(titleWidth)}  ${'status'.padEnd(9)}  ${'public tests'.padStart(12)}   hints`));
  for (const row of rows) {
    const tests = row.result ? (row.result.totalTests > 0 ? `${row.result.passedTests}/${row.result.totalTests}` : '0') : '–';
    const problem = row.result?.problem ? c.red(` ${problemLabel(row.result.problem.kind)}`) : '';
    const hints = row.hintsShown > 0 ? `${row.hintsShown}/${row.unit.hints.length}` : '';
    const status = STATUS_TEXT[row.status].padEnd(9);
    const paint = row.status === 'passed' ? c.green : row.status === 'current' ? (s: string) => c.bold(c.yellow(s)) : c.dim;
    lines.push(`  ${row.unit.number}  ${paint(row.unit.title.padEnd(titleWidth))}  ${paint(status)}  ${tests.padStart(12)}   ${hints.padEnd(5)}${problem}`.trimEnd());
  }
  return lines.join('\n');
}

/** Exported names of a stub, in file order: what the learner has to write. */
export function exportedNames(source: string): string[] {
  return [...source.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|class)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!);
}

/** The first failure, as in `course watch`: which test, then the feedback (call, expected, received, lesson). */
export function renderFailure(unit: Unit, result: UnitResult, c: Colors): string {
  const lines = [`${c.red('✗')} ${c.bold(result.firstFailure?.test ?? 'a test failed')}`, ''];
  const message = result.firstFailure?.message ?? 'failed without a message';
  for (const line of message.split('\n')) lines.push(`  ${isLessonLine(line) ? c.cyan(line) : line}`);
  // A type error or a runaway loop is about the code, not the lesson: no lesson link for those.
  if (!lessonOf(result.firstFailure) && !result.problem) lines.push(`  ${c.cyan(`→ The lesson: ${unit.lesson}`)}`);
  return lines.join('\n');
}

/** What the CLI says when every unit passes (the table's "next", and watch when the last unit passes). */
export const COURSE_FINISHED = 'Every unit passes. You have finished the course!';

export function renderNext(row: UnitRow | undefined, stubSource: string | undefined, c: Colors): string {
  if (!row) return c.green(c.bold(COURSE_FINISHED));
  const { unit, result } = row;
  const names = stubSource ? exportedNames(stubSource) : [];
  const lines = [
    `${c.bold('Next:')} unit ${unit.number} · ${unit.title}${result ? c.dim(`  (${testsText(result)})`) : ''}`,
    `  read   ${unit.lesson}   ${c.dim('(or npm run lessons for the rendered site)')}`,
    `  edit   ${unit.paths.stub}${names.length > 0 ? c.dim(`   write ${names.join(', ')}`) : ''}`,
    `  run    npm run course -- watch   ${c.dim(`(or npm test -- ${unit.number})`)}`,
    `  stuck? npm run course -- hint ${unit.number}   ${c.dim(`(${row.hintsShown} of ${unit.hints.length} hints shown)`)}`,
  ];
  return lines.join('\n');
}

/** One line per unit, as `npm test` and `course check` print them. */
export function unitLine(unit: Unit, result: UnitResult | undefined, c: Colors, titleWidth = unit.title.length): string {
  const mark = result?.passed ? c.green('✓') : c.red('✗');
  const text = `${unit.number} · ${unit.title.padEnd(titleWidth)}`;
  return `${mark} ${result?.passed ? text : c.bold(text)}  ${result?.problem ? c.red(testsText(result)) : c.dim(testsText(result))}`;
}

/** `course check`: what the grader runs, minus its hidden checks; the first failure of the first unit that fails. */
export function renderCheck(rows: UnitRow[], c: Colors): string {
  const width = Math.max(...rows.map((r) => r.unit.title.length));
  const lines = [c.dim("What the grader runs, minus its hidden checks: compile, allowed imports, type check, then the public tests."), ''];
  for (const row of rows) lines.push(unitLine(row.unit, row.result, c, width));
  const failing = rows.find((r) => !r.result?.passed);
  if (failing?.result) lines.push('', renderFailure(failing.unit, failing.result, c));
  const passed = rows.filter((r) => r.result?.passed).length;
  lines.push(
    '',
    passed === rows.length
      ? c.green(`${rows.length === 1 ? 'This unit passes' : `All ${rows.length} units pass`} everything the grader checks that you can see; its hidden checks try more cases.`)
      : `${passed} of ${rows.length} ${rows.length === 1 ? 'unit passes' : 'units pass'}.`,
  );
  return lines.join('\n');
}

/**
 * `course solution <unit>` before the unit passes: what is left (the problem that zeroes it, the
 * public tests that fail, by name), the first failure, and where to go next.
 */
export function renderSolutionLocked(unit: Unit, result: UnitResult, tests: TestLine[], c: Colors, shown = 12): string {
  const lines = [`${c.bold(`The reference answer of unit ${unit.number} · ${unit.title} opens once the unit passes.`)}`, ''];
  const failing = tests.filter((t) => t.state === 'failed');
  if (result.problem) lines.push(`${c.red('What is left:')} ${problemLabel(result.problem.kind)} (the grader gives such a unit 0, whatever its tests say), then ${testsText(result).replace(/ · .*$/, '')} pass.`);
  else lines.push(`${c.red('What is left:')} ${result.totalTests - result.passedTests} of ${result.totalTests} public tests fail.`);
  for (const t of failing.slice(0, shown)) lines.push(`  ${c.red('✗')} ${t.name}`);
  if (failing.length > shown) lines.push(c.dim(`  … and ${failing.length - shown} more (npm test -- ${unit.number} lists them all)`));
  lines.push('', renderFailure(unit, result, c), '');
  lines.push(`Keep going: npm run course -- watch ${unit.number}   ${c.dim(`stuck? npm run course -- hint ${unit.number}`)}`);
  return lines.join('\n');
}
