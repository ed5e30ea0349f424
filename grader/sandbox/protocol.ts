/** Messages between the grader (parent) and a sandbox process. Plain JSON over Node's IPC channel. */

/** First message to a fresh sandbox: everything it will ever run, as source text (it can read no files). */
export interface InitMessage {
  type: 'init';
  /** the harness bundle (grader/sandbox/harness.ts), a script body taking `__boot` */
  harness: string;
  /** mathjs's self-contained browser bundle, evaluated once for the suites and afresh for each learner that imports it */
  mathjs: string;
  /** per unit slug, the bundled hidden suite (`grader/checks/<slug>.checks.ts` and what it imports), CommonJS */
  suites: Record<string, string>;
  /** bytes of console output kept per unit */
  outputLimit: number;
  /** the oracle tables (grader/oracle/): off, or per unit slug the entries the grader has computed */
  oracle?: { enabled: boolean; tables: Record<string, OracleEntries> };
}

/** Oracle table entries: [key, value as base64 of its v8 serialisation] (grader/oracle/memo.ts). */
export type OracleEntries = [string, string][];

/** What the oracle table did in one job. */
export interface OracleReport {
  /** calls this sandbox computed that the grader's table lacks: [function id, arguments as base64 of their v8 serialisation] */
  misses: [string, string][];
  /** calls answered from the table */
  hits: number;
  /** calls computed (misses and calls that cannot be memoised) and the time they took, ms */
  computed: number;
  computeMs: number;
}

export interface ReadyMessage {
  type: 'ready';
  /** per unit slug, the names of its hidden checks in order */
  checkNames: Record<string, string[]>;
  /** suites that failed to load: slug → message (a course bug, not a learner's) */
  suiteErrors: Record<string, string>;
  bootMs: number;
}

/** Grade one unit of one submission. */
export interface JobMessage {
  type: 'job';
  id: number;
  slug: string;
  /** the learner's unit bundled by esbuild (CommonJS, with `mathjs` left as a require) */
  code: string;
  /** oracle entries of this unit the sandbox has not been sent yet */
  oracle?: OracleEntries;
}

export interface CheckOutcome {
  name: string;
  passed: boolean;
  /** the Feedback message when it failed */
  feedback?: string;
}

/** Something the learner's code did that scores the unit 0 whatever the checks say. */
export interface Violation {
  kind: 'timeout' | 'memory' | 'exit' | 'crash' | 'forbidden' | 'load';
  message: string;
}

export interface JobResult {
  type: 'result';
  id: number;
  checks: CheckOutcome[];
  violation?: Violation;
  /** what the learner's code printed (capped) */
  output: string;
  /** console lines not kept because the cap was reached */
  droppedLines: number;
  ms: number;
  oracle?: OracleReport;
  /** the sandbox saw something it cannot undo (e.g. a non-configurable global); the pool replaces it */
  tainted?: boolean;
}

/**
 * The job's checks started (busy) or finished computing a value the sandbox's oracle table lacked:
 * that time is the class's, spent once for everyone, so it does not count against the learner's time
 * limit (pool.ts). Sent only for misses, so a warm table sends none.
 */
export type OracleBusy =
  | { type: 'oracle-busy'; id: number; busy: true }
  | { type: 'oracle-busy'; id: number; busy: false; /** that computation's wall time and the process's CPU time during it, ms */ wallMs: number; cpuMs: number };

export type FromSandbox = ReadyMessage | JobResult | OracleBusy;
