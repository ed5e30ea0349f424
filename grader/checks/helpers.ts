/**
 * What a unit's hidden checks (grader/checks/<slug>.checks.ts, the contract in contract.ts) are
 * written with, and the two helpers the misconception tests use to run one check on a deliberately
 * wrong implementation and read its message. The same checks run under vitest
 * (test/hidden/units.test.ts), in the grader's sandbox and in the misconception tests.
 */
import { Feedback } from '../../lib/testing';

import type { HiddenCheck, UnitModule } from './contract';

export type { HiddenCheck, UnitModule } from './contract';

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
