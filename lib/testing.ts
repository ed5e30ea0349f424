/**
 * Helpers the course's tests use so that every failure says what was called, what was
 * expected, what came back, and which lesson section to reread.
 */
import { describe as show, isClose, shapeOf, type Numeric, type Tolerance } from './compare';

/** A lesson reference is `<slug>#<anchor>`, e.g. `01-sigmoid#saturation`. */
export function lessonLink(ref: string): string {
  const [slug, anchor] = ref.split('#');
  return `lessons/${slug}.md${anchor ? `#${anchor}` : ''}`;
}

/** The error every course check throws: a kind message ending in the lesson to reread. */
export class Feedback extends Error {
  constructor(message: string, readonly lesson?: string) {
    super(lesson ? `${message}\n  → Reread ${lessonLink(lesson)}` : message);
    this.name = 'Feedback';
  }
}

export interface CallInfo {
  /** how the call reads in the message, e.g. `sigmoidPrime(2)` */
  call: string;
  /** lesson section to reread, `<slug>#<anchor>` */
  lesson: string;
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
    const message = error instanceof Error ? error.message : String(error);
    const [, todoOf, anchor = ''] = /lessons\/(\d\d-[a-z0-9-]+)\.md(#[a-z0-9-]+)?/.exec(message) ?? [];
    if (message.startsWith('TODO') && todoOf && todoOf !== lesson.split('#')[0]) {
      throw new Feedback(`${call} uses your unit ${todoOf}, which is not finished yet: ${message}\n  Make \`npm test -- ${todoOf.slice(0, 2)}\` pass first.`, `${todoOf}${anchor}`);
    }
    if (message.startsWith('TODO')) throw new Feedback(`${call} is not written yet: ${message}`, lesson);
    throw new Feedback(`${call} threw an error: ${message}`, lesson);
  }
}

export function expectClose(compute: () => unknown, expected: Numeric, info: CallInfo & Tolerance): void {
  const actual = attempt(compute, info);
  if (isClose(actual, expected, info)) return;
  const want = shapeOf(expected);
  const got = shapeOf(actual);
  const shapeNote = got !== want ? ` (expected shape ${want}, got ${got ?? 'something that is not numbers'})` : '';
  throw new Feedback(`${info.call} should be ${show(expected)} but returned ${show(actual)}${shapeNote}.`, info.lesson);
}

export function expectEqual<T>(compute: () => T, expected: T, info: CallInfo): void {
  const actual = attempt(compute, info);
  if (Object.is(actual, expected)) return;
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
  if (message.startsWith('TODO')) throw new Feedback(`${info.call} is not written yet: ${message}`, info.lesson);
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
