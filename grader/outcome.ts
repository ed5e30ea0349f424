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

/** How a run in the sandbox went, as the pool reports it (grader/sandbox/pool.ts's JobOutcome). */
export interface RunReport {
  checks: CheckOutcome[];
  violation?: Problem;
  output: string;
  droppedLines: number;
  ms: number;
}

/** What the grader learnt about one unit of one submission, at the stage where it stopped. */
export type UnitFacts =
  /** the submission could not be read at all */
  | { stage: 'read'; student: string; reason: string }
  /**
   * the unit could not be bundled; `links` (paths under exercises/) and `readerNotes` are what the
   * submission's reader did not follow or left out, which may be why
   */
  | { stage: 'build'; kind: 'missing' | 'build' | 'forbidden'; message: string; links: string[]; readerNotes: string[] }
  /** the unit ran in a sandbox; `typeErrors`: what the type checker said about it, if anything */
  | { stage: 'ran'; run: RunReport; typeErrors?: string[] };

/** The type checker's verdict as a problem: the first five errors, and how many more. */
export function typesProblem(errors: string[]): Problem {
  const shown = errors.slice(0, 5).join('\n');
  const more = errors.length > 5 ? `\n(and ${errors.length - 5} more)` : '';
  return { kind: 'types', message: `does not typecheck (npm run typecheck shows the same):\n${shown}${more}` };
}

/** Why a unit that does not bundle failed, in the words most useful to its learner. */
function buildProblem(slug: string, facts: Extract<UnitFacts, { stage: 'build' }>): Problem {
  if (facts.kind === 'missing' && facts.links.includes(`${slug}/index.ts`)) {
    return { kind: 'missing', message: `exercises/${slug}/index.ts is a symbolic link; the grader does not follow links, so submit the file itself` };
  }
  // What the reader left out of this unit's folder (links, files or folders over a limit) explains the failure.
  const leftOut = facts.readerNotes.filter((n) => /^(ignored|skipped) /.test(n) && n.includes(`exercises/${slug}/`));
  const message = leftOut.length > 0 ? `${facts.message}\n(the grader ${leftOut.slice(0, 3).join('; ')})` : facts.message;
  return { kind: facts.kind, message };
}

/** The problem that stops a unit that ran, if any. */
function runProblem(facts: Extract<UnitFacts, { stage: 'ran' }>): Problem | undefined {
  const { violation } = facts.run;
  // What graded code did (an attack, a limit) outranks its type errors; a module that merely
  // failed to load is most likely explained by them.
  if (violation && violation.kind !== 'load') return violation;
  if (facts.typeErrors && facts.typeErrors.length > 0) return typesProblem(facts.typeErrors);
  return violation;
}

/**
 * The scoring policy: from what was learnt about a unit, its outcome. A problem fails every one of
 * the unit's checks (`checkNames`) with its message; without one, the checks are as they ran.
 */
export function decideOutcome(slug: string, checkNames: string[], facts: UnitFacts): UnitOutcome {
  if (facts.stage === 'ran') {
    const problem = runProblem(facts);
    const { run } = facts;
    return { slug, checks: problem ? allFailed(checkNames, problem) : run.checks, ...(problem ? { problem } : {}), output: run.output, droppedLines: run.droppedLines, ms: Math.round(run.ms) };
  }
  const problem: Problem = facts.stage === 'read' ? { kind: 'unusable', message: `${facts.student} cannot be graded: ${facts.reason}` } : buildProblem(slug, facts);
  return { slug, checks: allFailed(checkNames, problem), problem, output: '', droppedLines: 0, ms: 0 };
}
