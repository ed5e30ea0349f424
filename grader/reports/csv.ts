/**
 * grades.csv: one row per learner (a Gradescope group gives each member a row), in name order:
 * `student,name,id,email,section,submitted_at,days_late,late_deduction,score,max_score,<slug>…,notes`.
 * `student` is the submission as the grader names it (its results folder); name, id and email are
 * what the export or the roster knows, so the file joins a roster or an LMS gradebook. UTF-8 with a
 * byte-order mark, so that Excel on Windows reads "José" as José.
 */
import { formatScore } from '../outcome';
import type { Person } from '../ingest/identity';
import type { Gradebook, StudentRow } from './gradebook';

export const BOM = '\uFEFF';

/** Quote when needed; a leading = + - @ would be a formula to a spreadsheet, so it is defused. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Everyone a row stands for: the submitters the export names, or the submission itself. */
export function peopleOf(row: StudentRow): Person[] {
  const people = row.result.identity?.people ?? [];
  return people.length > 0 ? people : [{ name: row.result.student }];
}

export function csvLines(rows: (string | number)[][]): string {
  return `${BOM}${rows.map((r) => r.map((v) => (typeof v === 'number' ? String(v) : csvField(v))).join(',')).join('\n')}\n`;
}

export function toCsv(book: Gradebook): string {
  const header = ['student', 'name', 'id', 'email', 'section', 'submitted_at', 'days_late', 'late_deduction', 'score', 'max_score', ...book.units.map((u) => u.slug), 'notes'];
  const rows = book.students.flatMap((s) =>
    peopleOf(s).map((p) => [
      s.result.student,
      p.name ?? '',
      p.id ?? p.sisId ?? '',
      p.email ?? '',
      p.section ?? '',
      s.result.identity?.submittedAt ?? '',
      s.result.late ? String(s.result.late.days) : '',
      s.lateDeduction > 0 ? formatScore(s.lateDeduction) : '',
      formatScore(s.score),
      formatScore(s.maxScore),
      ...s.units.map((u) => formatScore(u.score)),
      s.notes.join('; '),
    ]),
  );
  return csvLines([header, ...rows]);
}
