/** The summary printed when grading ends: one line per learner (or the ones with problems), then per unit. */
import pc from 'picocolors';
import { formatScore } from '../outcome';
import { classMeans } from './analysis';
import { type Gradebook, median } from './gradebook';

function pad(text: string, width: number, right = false): string {
  const visible = text.length;
  const fill = ' '.repeat(Math.max(0, width - visible));
  return right ? fill + text : text + fill;
}

function cell(score: number, points: number, problem: boolean): string {
  const text = formatScore(score);
  if (problem) return pc.red(pc.bold(text));
  if (score >= points - 1e-9) return pc.green(text);
  return score > 0 ? pc.yellow(text) : pc.red(text);
}

/** Student rows beyond this count are summarised (only those with problems are listed). */
const MAX_ROWS = 40;

export function summaryTable(book: Gradebook): string {
  const lines: string[] = [];
  const nameWidth = Math.min(28, Math.max(7, ...book.students.map((s) => s.result.student.length)));
  const shown = book.students.length <= MAX_ROWS ? book.students : book.students.filter((s) => s.notes.length > 0);
  lines.push(pc.bold(`${pad('student', nameWidth)}  ${pad('score', 9, true)}  ${book.units.map((u) => pad(u.number, 5, true)).join(' ')}  notes`));
  for (const s of shown) {
    const name = s.result.student.length > nameWidth ? `${s.result.student.slice(0, nameWidth - 1)}…` : s.result.student;
    const units = s.units.map((u) => pad(formatScore(u.score), 5, true).replace(formatScore(u.score), cell(u.score, u.unit.points, Boolean(u.outcome.problem)))).join(' ');
    const notes = s.notes.join('; ');
    lines.push(`${pad(name, nameWidth)}  ${pad(`${formatScore(s.score)}/${formatScore(s.maxScore)}`, 9, true)}  ${units}  ${pc.dim(notes.length > 70 ? `${notes.slice(0, 69)}…` : notes)}`);
  }
  if (shown.length < book.students.length) lines.push(pc.dim(`(${book.students.length - shown.length} more without problems; every row is in grades.csv)`));
  lines.push('');
  lines.push(pc.bold(`${pad('unit', 26)}  ${pad('mean', 5, true)}  ${pad('full', 5, true)}  ${pad('zero', 5, true)}  problems`));
  for (const u of book.unitStats) {
    const problems = Object.entries(u.problems).map(([k, n]) => `${k} ×${n}`).join(', ');
    lines.push(`${pad(u.unit.slug, 26)}  ${pad(Number.isFinite(u.mean) ? `${Math.round(u.mean * 100)}%` : '–', 5, true)}  ${pad(String(u.full), 5, true)}  ${pad(String(u.zero), 5, true)}  ${pc.dim(problems)}`);
  }
  const totals = book.students.filter((s) => !s.result.unusable).map((s) => s.score);
  if (totals.length > 0) {
    const { all, gradable, rows } = classMeans(book);
    const ungradable = rows - totals.length;
    const mean = ungradable > 0
      ? `mean ${formatScore(all)} over all ${rows} rows of grades.csv (the ${ungradable} ungradable at 0), ${formatScore(gradable)} over the ${totals.length} gradable; their median ${formatScore(median(totals))}`
      : `mean ${formatScore(all)}, median ${formatScore(median(totals))}`;
    lines.push('', `Class: ${mean}, of ${formatScore(book.maxScore)}.`);
  }
  return lines.join('\n');
}
