/** grades.csv: `student,score,max_score,<slug>…,notes`, one row per submission, in name order. */
import { formatScore } from '../outcome';
import type { Gradebook } from './gradebook';

/** Quote when needed; a leading = + - @ would be a formula to a spreadsheet, so it is defused. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(book: Gradebook): string {
  const header = ['student', 'score', 'max_score', ...book.units.map((u) => u.slug), 'notes'];
  const rows = book.students.map((s) => [
    csvField(s.result.student),
    formatScore(s.score),
    formatScore(s.maxScore),
    ...s.units.map((u) => formatScore(u.score)),
    csvField(s.notes.join('; ')),
  ]);
  return [header, ...rows].map((r) => r.join(',')).join('\n') + '\n';
}
