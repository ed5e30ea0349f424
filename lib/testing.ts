/**
 * Helpers the course's tests use so that every failure says what was called, what was
 * expected, what came back, and which lesson section to reread.
 */
import { describe as show, isClose, shapeOf, whereItDeparts, type Numeric, type Tolerance } from './compare';
import { Feedback, lessonIn, stubLink } from './feedback';
import type { Misconception } from './misconceptions';

export { Feedback, lessonLink } from './feedback';
export type { FeedbackData } from './feedback';

export interface CallInfo {
  /** how the call reads in the message, e.g. `sigmoidPrime(2)` */
  call: string;
  /** lesson section to reread, `<slug>#<anchor>` */
  lesson: string;
}

/**
 * Feedback for a stub's `throw new Error('TODO: … — see lessons/<slug>.md#<anchor>')`. The stub's own
 * link becomes the one lesson to reread, so the message never carries two different anchors.
 */
export function notWrittenYet(call: string, message: string, lesson: string): Feedback {
  const link = stubLink(message);
  if (!link) return new Feedback(`${call} is not written yet: ${message}`, lesson);
  return new Feedback(`${call} is not written yet: ${message.slice(0, link.index)}`, link.ref);
}

/**
 * Run a learner's function; turn anything it throws into feedback naming the call. A TODO from
 * another unit (unit 12 calls the learner's earlier units; a stub's TODO links its own lesson) says
 * which unit to finish first.
 */
export function attempt<T>(compute: () => T, { call, lesson }: CallInfo): T {
  try {
    return compute();
  } catch (error) {
    // Feedback from a nested check (a helper that called another function first) is already final.
    if (error instanceof Feedback) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const todoOf = lessonIn(message);
    if (message.startsWith('TODO') && todoOf && todoOf.slug !== lesson.split('#')[0]) {
      throw new Feedback(`${call} uses your unit ${todoOf.slug}, which is not finished yet: ${message}\n  Make \`npm test -- ${todoOf.slug.slice(0, 2)}\` pass first.`, todoOf.ref);
    }
    if (message.startsWith('TODO')) throw notWrittenYet(call, message, lesson);
    throw new Feedback(`${call} threw an error: ${message}`, lesson);
  }
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
  /** the known slips to recognise (from the unit's catalogue, bound to this call: see misconceptions.ts) */
  misconceptions?: Misconception[];
}

function recognise(actual: unknown, expected: Numeric, judgement: Judgement): Misconception | undefined {
  return judgement.misconceptions?.find((m) => {
    if (m.matches) {
      try {
        return m.matches(actual);
      } catch {
        return false;
      }
    }
    if (!m.value) return false;
    let predicted: unknown;
    try {
      predicted = m.value();
    } catch {
      return false;
    }
    // A misconception that gives the right answer here cannot be told apart from it.
    if (predicted === undefined || shapeOf(predicted) === null || isClose(predicted, expected, judgement)) return false;
    return isClose(actual, predicted as Numeric, { atol: 1e-9, rtol: 1e-6, ...judgement });
  });
}

/**
 * Pass when `actual` is close to `expected`; otherwise name the misconception if one fits, or say
 * where the answer departs (the first wrong entry and the largest error), never a whole matrix only.
 */
export function judge(actual: unknown, judgement: Judgement): void {
  const { expected, call, lesson } = judgement;
  if (isClose(actual, expected, judgement)) return;
  const found = recognise(actual, expected, judgement);
  const numbers = judgement.expectedIs
    ? `${call} returned ${show(actual)}, ${judgement.expectedIs} ${show(expected)}.`
    : `${call} returned ${show(actual)}; the right value is ${show(expected)}.`;
  const where = whereItDeparts(actual, expected, judgement);
  const detail = where ? ` ${where}` : '';
  if (found) throw new Feedback(`It looks like ${found.name}. ${found.explain}\n  ${numbers}`, found.lesson);
  const got = shapeOf(actual);
  const want = shapeOf(expected);
  const shapeNote = got !== want ? ` The shape is ${got ?? 'not numeric'} but should be ${want}.` : '';
  throw new Feedback(`${numbers}${shapeNote}${detail}`, lesson);
}

/**
 * Throw the feedback of the first misconception that recognises `actual` (by `matches`), with
 * `numbers` as the line that shows the call; do nothing when none does. For answers that are not
 * one vector or matrix (a list of differently shaped gradients), where `judge` cannot compare.
 */
export function nameSlip(actual: unknown, misconceptions: Misconception[], numbers: string): void {
  const found = misconceptions.find((m) => {
    try {
      return m.matches?.(actual) ?? false;
    } catch {
      return false;
    }
  });
  if (found) throw new Feedback(`It looks like ${found.name}. ${found.explain}\n  ${numbers}`, found.lesson);
}

/** Call the learner's function and judge what it returns. */
export function expectAnswer(compute: () => unknown, judgement: Judgement): void {
  judge(attempt(compute, judgement), judgement);
}

export function expectClose(compute: () => unknown, expected: Numeric, info: CallInfo & Tolerance & { misconceptions?: Misconception[] }): void {
  const actual = attempt(compute, info);
  if (isClose(actual, expected, info)) return;
  if (info.misconceptions?.length) judge(actual, { ...info, expected });
  const want = shapeOf(expected);
  const got = shapeOf(actual);
  const shapeNote = got !== want ? ` (expected shape ${want}, got ${got ?? 'something that is not numbers'})` : '';
  const where = whereItDeparts(actual, expected, info);
  throw new Feedback(`${info.call} should be ${show(expected)} but returned ${show(actual)}${shapeNote}.${where ? ` ${where}` : ''}`, info.lesson);
}

export function expectEqual<T>(compute: () => T, expected: T, info: CallInfo & { misconceptions?: Misconception[] }): void {
  const actual = attempt(compute, info);
  if (Object.is(actual, expected)) return;
  if (info.misconceptions?.length && typeof expected === 'number') judge(actual, { ...info, expected, atol: 0, rtol: 0 });
  throw new Feedback(`${info.call} should be ${show(expected)} but returned ${show(actual)}.`, info.lesson);
}

/** The value must be a matrix/vector of the given shape, e.g. '3x2' or '4'. */
export function expectShape(compute: () => unknown, shape: string, info: CallInfo): void {
  const actual = attempt(compute, info);
  const got = shapeOf(actual);
  if (got === shape) return;
  throw new Feedback(`${info.call} should have shape ${shape} but has shape ${got ?? 'unknown'}: ${show(actual)}.`, info.lesson);
}

/** A shape mismatch must throw an Error whose message names both shapes. */
export function expectShapeError(compute: () => unknown, shapes: string[], info: CallInfo): void {
  let thrown: unknown;
  try {
    compute();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) {
    throw new Feedback(`${info.call} should throw on mismatched shapes (${shapes.join(' vs ')}) but returned normally.`, info.lesson);
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  if (message.startsWith('TODO')) throw notWrittenYet(info.call, message, info.lesson);
  const missing = shapes.filter((s) => !message.includes(s));
  if (missing.length > 0) {
    throw new Feedback(
      `${info.call} threw "${message}", but the message should name both shapes (${shapes.join(' and ')}); it lacks ${missing.join(', ')}.`,
      info.lesson,
    );
  }
}

/** Deep copy of plain numeric data, to check later that a function did not mutate its input. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}

export function expectUnchanged(before: unknown, after: unknown, info: CallInfo & { argument: string }): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  throw new Feedback(`${info.call} changed its input ${info.argument}: functions must return new arrays and leave inputs alone.`, info.lesson);
}
