/** What grading one unit of one submission produced, and how it is scored. */
import type { CheckOutcome } from './sandbox/protocol';

export type ProblemKind =
  | 'missing' // no exercises/<slug>/index.ts
  | 'build' // does not compile (syntax error, unresolved import)
  | 'types' // does not typecheck
  | 'forbidden' // imports or does something graded code may not
  | 'load' // the module threw while loading
  | 'timeout'
  | 'memory'
  | 'exit' // called process.exit and the like
  | 'crash' // the sandbox died for another reason
  | 'unusable'; // the whole submission could not be read

/** A reason the unit scores 0 whatever its checks say. */
export interface Problem {
  kind: ProblemKind;
  message: string;
}

export interface UnitOutcome {
  slug: string;
  /** every check of the unit's hidden suite, in order (all failed when there is a problem) */
  checks: CheckOutcome[];
  problem?: Problem;
  /** what the learner's code printed while graded (capped) */
  output: string;
  droppedLines: number;
  /** time spent running the unit's checks, milliseconds */
  ms: number;
}

/** A problem short name for tables: "time limit", "type errors"… */
export const PROBLEM_LABEL: Record<ProblemKind, string> = {
  missing: 'missing',
  build: 'does not compile',
  types: 'type errors',
  forbidden: 'forbidden',
  load: 'fails to load',
  timeout: 'time limit',
  memory: 'memory limit',
  exit: 'process.exit',
  crash: 'crashed',
  unusable: 'unusable',
};

/** Every check failed with the same message (used when a problem stops the unit). */
export function allFailed(names: string[], problem: Problem): CheckOutcome[] {
  return names.map((name) => ({ name, passed: false, feedback: problem.message }));
}

/** Points earned: the unit's points split evenly over its checks; 0 with a problem. */
export function unitScore(outcome: UnitOutcome, points: number): number {
  if (outcome.problem || outcome.checks.length === 0) return 0;
  return (points * outcome.checks.filter((c) => c.passed).length) / outcome.checks.length;
}

/** Points per check for a unit. */
export function checkPoints(points: number, checks: number): number {
  return checks === 0 ? 0 : points / checks;
}

/** Scores are shown with at most two decimals, trailing zeros dropped: 10, 7.5, 8.89. */
export function formatScore(x: number): string {
  return String(Math.round(x * 100) / 100);
}
