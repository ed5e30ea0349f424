/**
 * A learner's results.json in Gradescope's autograder format: top-level score, max_score,
 * execution_time, output (Markdown, `output_format: "md"`) and one test per hidden check (name,
 * score, max_score, status, output with the check's feedback, the misconception it names as a tag,
 * visibility). Check names are the same for every learner, so Gradescope's per-question statistics
 * line up. Each unit's checks are worth shares of its points in hundredths that sum to the points
 * exactly; the top-level score is the one grades.csv has (the unit's points × the fraction of its
 * checks passed), which can differ from the sum of the passed shares by a cent per unit.
 */
import { formatScore } from '../outcome';
import { isNotWritten, namedSlip, problemText, splitPoints } from './feedback-text';
import type { StudentRow } from './gradebook';

export const VISIBILITIES = ['visible', 'hidden', 'after_due_date', 'after_published'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  output_format: 'text';
  tags: string[];
  visibility: Visibility;
}

export interface GradescopeResults {
  score: number;
  max_score: number;
  execution_time: number;
  output: string;
  output_format: 'md';
  visibility: Visibility;
  stdout_visibility: 'hidden';
  tests: GradescopeTest[];
}

export interface GradescopeOptions {
  /** of every check's test (Gradescope's values); default visible */
  checks?: Visibility;
  /** of the top-level summary (score per unit); default visible */
  summary?: Visibility;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
/** Text inside a Markdown code span: backticks would end it. */
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
const fence = (text: string): string => `\`\`\`\n${text.replace(/```/g, "'''")}\n\`\`\``;

export function toGradescope(row: StudentRow, options: GradescopeOptions = {}): GradescopeResults {
  const checksVisibility = options.checks ?? 'visible';
  const tests: GradescopeTest[] = [];
  const lines: string[] = [`**${row.result.student.replace(/[*_`[\]<>]/g, '')}**: ${formatScore(row.score)} / ${formatScore(row.maxScore)}`];
  if (row.result.unusable) lines.push('', `This submission could not be graded: ${row.result.unusable}`);
  for (const note of row.result.notes) lines.push('', `Note: ${note}`);
  // The top-level score is after the late deduction; the tests keep what each check earned.
  if (row.result.late?.note) lines.push('', `Note: ${row.result.late.note} (${formatScore(row.rawScore)} before the deduction)`);
  row.units.forEach((u, unitIndex) => {
    const { unit, outcome } = u;
    lines.push('', `### ${unit.number} · ${unit.title}: ${formatScore(u.score)} / ${unit.points}`, '', `File: ${code(unit.paths.stub)}`);
    if (outcome.problem && !row.result.unusable) lines.push('', fence(problemText(outcome.problem)));
    else if (!outcome.problem && outcome.checks.length > 0 && outcome.checks.every((c) => !c.passed && isNotWritten(c.feedback))) lines.push('', 'Not written yet.');
    if (outcome.output) {
      lines.push('', 'Your code printed:', '', fence(outcome.output.trimEnd()));
      if (outcome.droppedLines > 0) lines.push('', `(${outcome.droppedLines} more lines were not kept)`);
    }
    const shares = splitPoints(unit.points, outcome.checks.length);
    outcome.checks.forEach((check, i) => {
      const passed = check.passed && !outcome.problem;
      const slip = passed ? undefined : namedSlip(check.feedback);
      tests.push({
        name: `${unit.slug}: ${check.name}`,
        number: `${unitIndex + 1}.${i + 1}`,
        score: passed ? shares[i]! : 0,
        max_score: shares[i]!,
        status: passed ? 'passed' : 'failed',
        output: passed ? '' : outcome.problem ? problemText(outcome.problem) : (check.feedback ?? 'failed'),
        output_format: 'text',
        tags: slip ? [slip.name] : [],
        visibility: checksVisibility,
      });
    });
  });
  return {
    score: round2(row.score),
    max_score: round2(row.maxScore),
    execution_time: round2(row.result.ms / 1000),
    output: lines.join('\n'),
    output_format: 'md',
    visibility: options.summary ?? 'visible',
    stdout_visibility: 'hidden',
    tests,
  };
}
