/**
 * The shape of a hidden suite. Each unit's checks live in `test/hidden/<slug>.checks.ts` as plain
 * functions of the learner's module, so that the same checks run under vitest
 * (`test/hidden/<slug>.test.ts`), in the grader, and in the misconception tests, which feed them
 * deliberately wrong implementations and assert the message.
 */
import { attempt, Feedback } from '../../lib/testing';
import { describe as show, isClose, shapeOf, type Numeric, type Tolerance } from '../../lib/compare';

export type UnitModule = Record<string, unknown>;

export interface HiddenCheck {
  /** unique within the unit; shown to the learner as the test name */
  name: string;
  run(impl: UnitModule): void;
}

/** A known wrong idea, recognised by the value it produces. */
export interface Misconception {
  /** short name shown first, e.g. "σ(z)·(1−z) instead of σ(z)·(1−σ(z))" */
  name: string;
  /** one or two kind sentences on why it is wrong */
  explain: string;
  /** lesson section that untangles it, `<slug>#<anchor>` */
  lesson: string;
  /** the value this misconception would produce for the call being checked… */
  value?: () => unknown;
  /** …or a predicate recognising its output (e.g. NaN from an overflowing exp) */
  matches?: (actual: unknown) => boolean;
}

/** The function `name` exported by the learner's module, or feedback saying it is missing. */
export function exported<F extends (...args: never[]) => unknown>(impl: UnitModule, name: string, slug: string): F {
  const value = impl[name];
  if (typeof value !== 'function') {
    const found = value === undefined ? 'it is missing' : `it is ${typeof value}`;
    throw new Feedback(`${slug} must export a function named \`${name}\`, but ${found}. Keep the names the stub exports.`, `${slug}`);
  }
  return value as F;
}

export interface Judgement extends Tolerance {
  call: string;
  lesson: string;
  expected: Numeric;
  /**
   * How to introduce `expected` when it is not the right answer itself but another of the learner's
   * results that this one must agree with, e.g. `but sigmoidPrime(2) returned`.
   */
  expectedIs?: string;
  misconceptions?: Misconception[];
}

function recognise(actual: unknown, expected: Numeric, judgement: Judgement): Misconception | undefined {
  return judgement.misconceptions?.find((m) => {
    if (m.matches) return m.matches(actual);
    if (!m.value) return false;
    let predicted: unknown;
    try {
      predicted = m.value();
    } catch {
      return false;
    }
    // A misconception that gives the right answer here cannot be told apart from it.
    if (shapeOf(predicted) === null || isClose(predicted, expected, judgement)) return false;
    return isClose(actual, predicted as Numeric, { atol: 1e-9, rtol: 1e-6, ...judgement });
  });
}

/** Pass when `actual` is close to `expected`; otherwise name the misconception if one fits. */
export function judge(actual: unknown, judgement: Judgement): void {
  const { expected, call, lesson } = judgement;
  if (isClose(actual, expected, judgement)) return;
  const found = recognise(actual, expected, judgement);
  const numbers = judgement.expectedIs
    ? `${call} returned ${show(actual)}, ${judgement.expectedIs} ${show(expected)}.`
    : `${call} returned ${show(actual)}; the right value is ${show(expected)}.`;
  if (found) throw new Feedback(`It looks like ${found.name}. ${found.explain}\n  ${numbers}`, found.lesson);
  const got = shapeOf(actual);
  const want = shapeOf(expected);
  const shapeNote = got !== want ? ` The shape is ${got ?? 'not numeric'} but should be ${want}.` : '';
  throw new Feedback(`${numbers}${shapeNote}`, lesson);
}

/** Call the learner's function and judge what it returns. */
export function expectAnswer(compute: () => unknown, judgement: Judgement): void {
  judge(attempt(compute, judgement), judgement);
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
