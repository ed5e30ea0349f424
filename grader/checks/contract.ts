/**
 * The contract of a hidden suite, declared once: each unit's checks are plain functions of the
 * learner's module, so the same checks run under vitest, in the grader's sandbox and in the
 * misconception tests (which feed them deliberately wrong implementations and assert the message).
 */

/** The learner's unit module, as its exports. */
export type UnitModule = Record<string, unknown>;

export interface HiddenCheck {
  /** unique within the unit; shown to the learner as the test name */
  name: string;
  run(impl: UnitModule): void;
}

/** What a unit's hidden suite module (`unit.paths.hiddenSuite`) exports. */
export interface HiddenSuite {
  checks: HiddenCheck[];
  /** vitest's per-test limit, when the checks need more than its 5 s on a loaded machine (the grader applies its own per-unit limit) */
  testTimeout?: number;
}
