/**
 * Text the CLI prints, as pure functions of the rows: the progress table, the "what now" block,
 * and a unit's first failure. Colours come in as a parameter, so tests read plain text.
 */
import type { Unit } from '../course/units';
import type { Colors } from './colors';
import type { UnitResult } from './progress';
import type { UnitRow } from './status';

export function progressBar(done: number, total: number, width = 20): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

const STATUS_TEXT = { passed: '✓ passed', current: '▶ current', todo: '· todo' } as const;

export function renderTable(rows: UnitRow[], c: Colors, title?: string): string {
  const passed = rows.filter((r) => r.status === 'passed');
  const points = rows.reduce((s, r) => s + r.unit.points, 0);
  const earned = passed.reduce((s, r) => s + r.unit.points, 0);
  const titleWidth = Math.max(4, ...rows.map((r) => r.unit.title.length));
  const lines: string[] = [];
  if (title) lines.push(c.bold(title), '');
  lines.push(`${progressBar(passed.length, rows.length)}  ${passed.length} of ${rows.length} units passed, ${earned} of ${points} points`, '');
  lines.push(c.dim(`  #   ${'unit'.padEnd(titleWidth)}  ${'status'.padEnd(9)}  tests   hints`));
  for (const row of rows) {
    const tests = row.result ? `${row.result.passedTests}/${row.result.totalTests}` : '–';
    const hints = row.hintsShown > 0 ? `${row.hintsShown}/${row.unit.hints.length}` : '';
    const status = STATUS_TEXT[row.status].padEnd(9);
    const paint = row.status === 'passed' ? c.green : row.status === 'current' ? (s: string) => c.bold(c.yellow(s)) : c.dim;
    lines.push(`  ${row.unit.number}  ${paint(row.unit.title.padEnd(titleWidth))}  ${paint(status)}  ${tests.padStart(5)}   ${hints}`.trimEnd());
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
  for (const line of message.split('\n')) lines.push(`  ${/Reread /.test(line) ? c.cyan(line) : line}`);
  if (!/Reread lessons\//.test(message)) lines.push(`  ${c.cyan(`→ The lesson: ${unit.lesson}`)}`);
  return lines.join('\n');
}

export function renderNext(row: UnitRow | undefined, stubSource: string | undefined, c: Colors): string {
  if (!row) return `${c.green(c.bold('Every unit passes. You have finished the course!'))}`;
  const { unit, result } = row;
  const names = stubSource ? exportedNames(stubSource) : [];
  const lines = [
    `${c.bold('Next:')} unit ${unit.number} · ${unit.title}${result ? c.dim(result.totalTests > 0 ? `  (${result.passedTests}/${result.totalTests} tests pass)` : '  (its tests do not load: see below)') : ''}`,
    `  read   ${unit.lesson}   ${c.dim('(or npm run lessons for the rendered site)')}`,
    `  edit   ${unit.exerciseDir}/index.ts${names.length > 0 ? c.dim(`   write ${names.join(', ')}`) : ''}`,
    `  run    npm run course -- watch   ${c.dim(`(or npm test -- ${unit.number})`)}`,
    `  stuck? npm run course -- hint ${unit.number}   ${c.dim(`(${row.hintsShown} of ${unit.hints.length} hints shown)`)}`,
  ];
  return lines.join('\n');
}
