/**
 * What grading a class takes and gives (gradeClass in grade.ts, run by a GradingSession in
 * session.ts): its options, each learner's result, the class's result and its statistics.
 */
import type { Unit } from '../src/course/course';
import type { Submission } from './discover';
import type { Identity } from './ingest/identity';
import type { LateOutcome } from './late';
import type { UnitOutcome } from './outcome';

export interface GradeOptions {
  submissionsDir: string;
  /** the learners, when the caller has listed them already (grader/ingest/layouts.ts); default: discover(submissionsDir) */
  submissions?: Submission[];
  /** the units to grade, in course order; one without hidden checks is a GradeError naming it (unitsToGrade) */
  units: Unit[];
  /** grade only these learners (by name) */
  students?: string[];
  /** sandbox processes; default: one per core */
  jobs?: number;
  /** per unit */
  timeoutMs?: number;
  memoryMb?: number;
  /** bytes of a unit's console output kept */
  outputLimit?: number;
  /** where cached results live; none: grade everything */
  cacheDir?: string;
  /** where the oracle tables live (default: cacheDir); they survive --no-cache, since they cannot change a grade */
  oracleDir?: string;
  /** false: compute every expected value for every learner, as the checks are written (`--no-oracle`) */
  oracle?: boolean;
  onStart?: (total: number) => void;
  onStudent?: (result: StudentResult, done: number, total: number) => void;
  /**
   * Stops the grading when aborted (the CLI's Ctrl-C): the sandboxes are killed at once, no unit that
   * was cut short is scored or cached, and gradeClass rejects with GradingStopped once the session is
   * closed (scratch removed, the oracle table saved). Units finished before stay in the cache.
   */
  signal?: AbortSignal;
}

export interface StudentResult {
  student: string;
  /** the folder or zip it came from */
  source: string;
  /** who it belongs to, when the export or the roster says */
  identity?: Identity;
  /** set by the caller from the late policy before the reports are written (grader/late.ts) */
  late?: LateOutcome;
  /** why nothing could be graded */
  unusable?: string;
  /** where exercises/ was found, relative to the submission */
  foundAt?: string;
  notes: string[];
  /** one per graded unit, in course order */
  units: UnitOutcome[];
  /** time spent grading it (cached units count the time they took when graded) */
  ms: number;
  /** units answered from the cache */
  cached: number;
}

export interface ClassResult {
  units: Unit[];
  students: StudentResult[];
  /** per unit slug, its checks' names */
  checkNames: Record<string, string[]>;
  stats: { wallMs: number; gradedUnits: number; cachedUnits: number; damagedEntries: number; sandboxes: number; typecheckMs: number; oracle?: OracleStats };
  /** what the results depend on besides the learners' files: each unit's bundled suite, and the grader (hashes) */
  graders?: { suites: Record<string, string>; environment: string };
}

/** What the oracle tables did in a run (grader/oracle/). */
export interface OracleStats {
  /** expected values answered from the table, in the sandboxes */
  hits: number;
  /** calls the sandboxes computed (misses, and calls that cannot be memoised), and their time, ms */
  sandboxComputed: number;
  sandboxComputeMs: number;
  /** values the grader computed for the table (each once per class), and their time, ms */
  graderComputed: number;
  graderComputeMs: number;
  /** entries per unit at the end, and how many came from the cache */
  entries: number;
  loaded: number;
  damaged: number;
  saveError?: string;
}

export class GradeError extends Error {
  override name = 'GradeError';
}

/** gradeClass was stopped through its `signal`: what it had finished is cached, nothing else was written. */
export class GradingStopped extends Error {
  override name = 'GradingStopped';
}

export const DEFAULTS = { timeoutMs: 10_000, memoryMb: 512, outputLimit: 8_000 };
