/**
 * What a teacher acts on, computed from the gradebook: which named misconceptions the class made
 * (per unit, how many learners, the lesson section to re-teach) and an item analysis of every check
 * (facility, discrimination). Learners who could not be graded, and units a learner never started
 * (no file, or every check still "not written yet"), are left out of both: they say nothing about a check.
 */
import type { Unit } from '../../src/course/course';
import { isNotWritten, namedSlip } from './feedback-text';
import type { Gradebook, UnitRow } from './gradebook';

export interface SlipCount {
  name: string;
  lesson?: string;
  /** learners who made it, by name */
  learners: string[];
  /** the checks whose feedback named it */
  checks: string[];
}

export interface CheckItem {
  name: string;
  /** learners who took the unit (see `took`) */
  takers: number;
  /** fraction of takers who passed the check; NaN without takers */
  facility: number;
  /**
   * Corrected point-biserial correlation between passing this check and the fraction of the unit's
   * other checks passed, over the takers; NaN when either side does not vary.
   */
  discrimination: number;
}

export interface UnitAnalysis {
  unit: Unit;
  takers: number;
  slips: SlipCount[];
  checks: CheckItem[];
}

/** A unit the learner did not start: no file, or nothing but "not written yet". */
export function notStarted(row: UnitRow): boolean {
  if (row.outcome.problem) return row.outcome.problem.kind === 'missing' || row.outcome.problem.kind === 'unusable';
  return row.outcome.checks.length > 0 && row.outcome.checks.every((c) => !c.passed && isNotWritten(c.feedback));
}

/** Whether the learner took the unit: started it, whatever came of it (a unit that does not compile counts, at 0). */
const took = (row: UnitRow): boolean => !notStarted(row);

function pointBiserial(item: number[], rest: number[]): number {
  const n = item.length;
  if (n < 2) return NaN;
  const p = item.reduce((a, b) => a + b, 0) / n;
  const mean = rest.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(rest.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  if (p === 0 || p === 1 || sd === 0) return NaN;
  const m1 = rest.filter((_, i) => item[i] === 1).reduce((a, b) => a + b, 0) / (p * n);
  const m0 = rest.filter((_, i) => item[i] === 0).reduce((a, b) => a + b, 0) / ((1 - p) * n);
  return ((m1 - m0) / sd) * Math.sqrt(p * (1 - p));
}

export function analyse(book: Gradebook): UnitAnalysis[] {
  const gradable = book.students.filter((s) => !s.result.unusable);
  return book.units.map((unit, u) => {
    const rows = gradable.map((s) => ({ student: s.result.student, row: s.units[u]! })).filter(({ row }) => took(row));
    const slips = new Map<string, { lesson?: string; learners: Set<string>; checks: Set<string> }>();
    for (const { student, row } of rows) {
      if (row.outcome.problem) continue;
      for (const check of row.outcome.checks) {
        if (check.passed) continue;
        const slip = namedSlip(check.feedback);
        if (!slip) continue;
        const entry = slips.get(slip.name) ?? { lesson: slip.lesson, learners: new Set<string>(), checks: new Set<string>() };
        entry.learners.add(student);
        entry.checks.add(check.name);
        slips.set(slip.name, entry);
      }
    }
    const names = rows[0]?.row.outcome.checks.map((c) => c.name) ?? [];
    const passedMatrix: number[][] = rows.map(({ row }) => row.outcome.checks.map((c) => (c.passed && !row.outcome.problem ? 1 : 0)));
    const checks = names.map((name, i): CheckItem => {
      const item = passedMatrix.map((r) => r[i] ?? 0);
      const rest = passedMatrix.map((r) => (r.length > 1 ? (r.reduce((a, b) => a + b, 0) - (r[i] ?? 0)) / (r.length - 1) : 0));
      return { name, takers: rows.length, facility: rows.length ? item.reduce((a, b) => a + b, 0) / rows.length : NaN, discrimination: pointBiserial(item, rest) };
    });
    return {
      unit,
      takers: rows.length,
      slips: [...slips].map(([name, e]) => ({ name, ...(e.lesson ? { lesson: e.lesson } : {}), learners: [...e.learners].sort(), checks: [...e.checks] })).sort((a, b) => b.learners.length - a.learners.length || a.name.localeCompare(b.name)),
      checks,
    };
  });
}

/** Class totals as grades.csv has them: every row, an ungradable submission at 0. */
export function classMeans(book: Gradebook): { all: number; gradable: number; rows: number; gradableRows: number } {
  const all = book.students.map((s) => s.score);
  const gradable = book.students.filter((s) => !s.result.unusable).map((s) => s.score);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  return { all: mean(all), gradable: mean(gradable), rows: all.length, gradableRows: gradable.length };
}

/** Histogram bins of total scores: 0–9 %, 10–19 %, …, 90–99 %, and 100 % on its own. */
export function scoreBins(fractions: number[]): { label: string; count: number }[] {
  const bins = Array.from({ length: 11 }, (_, i) => ({ label: i === 10 ? '100' : `${i * 10}–${i * 10 + 9}`, count: 0 }));
  for (const f of fractions) {
    // Only a perfect score is 100; 0.3 computed as 0.29999… still lands in 30–39.
    bins[f >= 1 - 1e-9 ? 10 : Math.min(9, Math.max(0, Math.floor(f * 10 + 1e-9)))]!.count++;
  }
  return bins;
}
