/**
 * A learner's results.json in Gradescope's autograder format: top-level score, max_score,
 * execution_time and output, and one test per hidden check (name, score, max_score, status, output
 * with the check's feedback, visibility). Check names are the same for every learner, so
 * Gradescope's per-question statistics line up.
 */
import { checkPoints, formatScore, PROBLEM_LABEL } from '../outcome';
import type { StudentRow } from './gradebook';

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  visibility: 'visible' | 'hidden' | 'after_due_date' | 'after_published';
}

export interface GradescopeResults {
  score: number;
  max_score: number;
  execution_time: number;
  output: string;
  visibility: 'visible';
  stdout_visibility: 'hidden';
  tests: GradescopeTest[];
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function toGradescope(row: StudentRow): GradescopeResults {
  const tests: GradescopeTest[] = [];
  const lines: string[] = [`${row.result.student}: ${formatScore(row.score)} / ${formatScore(row.maxScore)}`];
  if (row.result.unusable) lines.push('', `This submission could not be graded: ${row.result.unusable}`);
  for (const note of row.result.notes) lines.push(`Note: ${note}`);
  // The top-level score is after the late deduction; the tests keep what each check earned.
  if (row.result.late?.note) lines.push(`Note: ${row.result.late.note} (${formatScore(row.rawScore)} before the deduction)`);
  row.units.forEach((u, unitIndex) => {
    const { unit, outcome } = u;
    lines.push('', `${unit.slug} — ${unit.title}: ${formatScore(u.score)} / ${unit.points}`);
    if (outcome.problem && !row.result.unusable) lines.push(`  ${PROBLEM_LABEL[outcome.problem.kind]}: ${outcome.problem.message.replace(/\n/g, '\n  ')}`);
    if (outcome.output) {
      lines.push('  Your code printed:', ...outcome.output.trimEnd().split('\n').map((l) => `  | ${l}`));
      if (outcome.droppedLines > 0) lines.push(`  (${outcome.droppedLines} more lines were not kept)`);
    }
    const each = checkPoints(unit.points, outcome.checks.length);
    outcome.checks.forEach((check, i) => {
      const passed = check.passed && !outcome.problem;
      tests.push({
        name: `${unit.slug}: ${check.name}`,
        number: `${unitIndex + 1}.${i + 1}`,
        score: passed ? round(each, 4) : 0,
        max_score: round(each, 4),
        status: passed ? 'passed' : 'failed',
        output: passed ? '' : (check.feedback ?? outcome.problem?.message ?? 'failed'),
        visibility: 'visible',
      });
    });
  });
  return {
    score: round(row.score, 2),
    max_score: round(row.maxScore, 2),
    execution_time: round(row.result.ms / 1000, 2),
    output: lines.join('\n'),
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests,
  };
}
