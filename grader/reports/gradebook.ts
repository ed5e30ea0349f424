/** The numbers every report shows, computed once from a graded class. */
import type { Unit } from '../../src/course/course';
import type { ClassResult, StudentResult } from '../grade';
import { PROBLEM_LABEL, type UnitOutcome, unitScore } from '../outcome';

export interface UnitRow {
  unit: Unit;
  outcome: UnitOutcome;
  score: number;
  passed: number;
  total: number;
}

export interface StudentRow {
  result: StudentResult;
  /** after any late deduction */
  score: number;
  /** before it */
  rawScore: number;
  /** points taken off for lateness (grader/late.ts) */
  lateDeduction: number;
  maxScore: number;
  units: UnitRow[];
  /** one line for the CSV's notes column and the terminal: why points were lost wholesale */
  notes: string[];
}

export interface UnitStats {
  unit: Unit;
  /** mean score as a fraction of the unit's points, over usable submissions */
  mean: number;
  full: number;
  zero: number;
  /** checks failed by the most learners, with how many failed them */
  hardest: { name: string; failed: number }[];
  problems: Partial<Record<string, number>>;
}

export interface Gradebook {
  units: Unit[];
  students: StudentRow[];
  maxScore: number;
  unitStats: UnitStats[];
  /** usable submissions' totals as fractions of the maximum */
  fractions: number[];
}

export function studentNotes(result: StudentResult): string[] {
  if (result.unusable) return [`cannot be graded: ${result.unusable}`];
  const notes: string[] = [];
  for (const o of result.units) {
    if (o.problem) notes.push(`${o.slug}: ${PROBLEM_LABEL[o.problem.kind]}`);
    if (o.droppedLines > 0) notes.push(`${o.slug}: output truncated`);
  }
  return [...notes, ...result.notes, ...(result.late?.note ? [result.late.note] : [])];
}

/** One learner's scores, unit by unit. */
export function studentRow(r: StudentResult, courseUnits: Unit[]): StudentRow {
  const maxScore = courseUnits.reduce((s, u) => s + u.points, 0);
  const units = courseUnits.map((unit, i) => {
    const outcome = r.units[i]!;
    return {
      unit,
      outcome,
      score: unitScore(outcome, unit.points),
      passed: outcome.problem ? 0 : outcome.checks.filter((c) => c.passed).length,
      total: outcome.checks.length,
    };
  });
  const rawScore = units.reduce((s, u) => s + u.score, 0);
  const lateDeduction = rawScore * (r.late?.fraction ?? 0);
  return { result: r, score: rawScore - lateDeduction, rawScore, lateDeduction, maxScore, units, notes: studentNotes(r) };
}

export function gradebook(result: ClassResult): Gradebook {
  const maxScore = result.units.reduce((s, u) => s + u.points, 0);
  const students = result.students.map((r) => studentRow(r, result.units));
  const usable = students.filter((s) => !s.result.unusable);
  const unitStats = result.units.map((unit, i): UnitStats => {
    const rows = usable.map((s) => s.units[i]!);
    const failures = new Map<string, number>();
    const problems: Partial<Record<string, number>> = {};
    for (const row of rows) {
      if (row.outcome.problem) problems[row.outcome.problem.kind] = (problems[row.outcome.problem.kind] ?? 0) + 1;
      else for (const c of row.outcome.checks) if (!c.passed) failures.set(c.name, (failures.get(c.name) ?? 0) + 1);
    }
    const n = Math.max(rows.length, 1);
    return {
      unit,
      mean: rows.reduce((s, r) => s + r.score / unit.points, 0) / n,
      full: rows.filter((r) => r.score >= unit.points - 1e-9).length,
      zero: rows.filter((r) => r.score <= 1e-9).length,
      hardest: [...failures].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, failed]) => ({ name, failed })),
      problems,
    };
  });
  return { units: result.units, students, maxScore, unitStats, fractions: usable.map((s) => (maxScore ? s.score / maxScore : 0)) };
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
