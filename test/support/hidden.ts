/**
 * The shape of a hidden suite. Each unit's checks live in `test/hidden/<slug>.checks.ts` as plain
 * functions of the learner's module, so that the same checks run under vitest
 * (`test/hidden/<slug>.test.ts`), in the grader, and in the misconception tests, which feed them
 * deliberately wrong implementations and assert the message.
 */
import { Feedback } from '../../lib/testing';

import type { HiddenCheck, UnitModule } from '../../grader/checks/contract';

export type { HiddenCheck, UnitModule } from '../../grader/checks/contract';

/** The judging helpers and the misconception type live in lib/, shared with the public tests. */
export { expectAnswer, judge, type Judgement } from '../../lib/testing';
export type { Misconception } from '../../lib/misconceptions';

/** The function `name` exported by the learner's module, or feedback saying it is missing. */
export function exported<F extends (...args: never[]) => unknown>(impl: UnitModule, name: string, slug: string): F {
  const value = impl[name];
  if (typeof value !== 'function') {
    const found = value === undefined ? 'it is missing' : `it is ${typeof value}`;
    throw new Feedback(`${slug} must export a function named \`${name}\`, but ${found}. Keep the names the stub exports.`, `${slug}`);
  }
  return value as F;
}

/** Find one check by name (used by the misconception tests). */
export function checkNamed(checks: HiddenCheck[], name: string): HiddenCheck {
  const check = checks.find((c) => c.name === name);
  if (!check) throw new Error(`no hidden check named "${name}"; have: ${checks.map((c) => c.name).join(' | ')}`);
  return check;
}

/** The message a check produces for `impl`, or null when it passes. */
export function feedbackOf(check: HiddenCheck, impl: UnitModule): string | null {
  try {
    check.run(impl);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
