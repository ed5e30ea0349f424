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
