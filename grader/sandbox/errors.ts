/** Errors crossing the membrane: re-created on the grader's side, read without trusting them. */
import type { JobState } from './job';

export const ERROR_NAMES = ['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError'] as const;

const { apply } = Reflect;
const hasInstance = Function.prototype[Symbol.hasInstance];
const graderErrors = globalThis as unknown as Record<string, ErrorConstructor>;

/**
 * An error thrown by (or at) graded code, as an Error of the grader's realm with the same kind and
 * message. `learnerErrors` are the learner realm's constructors (its toolkit's); an allocation
 * failure is flagged on `job` as the memory violation it is.
 */
export function cleanError(error: unknown, learnerErrors: Record<string, ErrorConstructor>, job: JobState): Error {
  let message: string;
  let name = 'Error';
  try {
    const m = (error as { message?: unknown } | null | undefined)?.message;
    message = typeof m === 'string' ? m : String(error);
    // OrdinaryHasInstance, not `instanceof`: a learner's Symbol.hasInstance must never see the error.
    for (const candidate of ERROR_NAMES) {
      if (apply(hasInstance, learnerErrors[candidate]!, [error]) || apply(hasInstance, graderErrors[candidate]!, [error])) name = candidate;
    }
  } catch {
    message = 'an error that cannot be read';
  }
  message = String(message);
  if (message.includes('Array buffer allocation failed')) {
    job.flag({ kind: 'memory', message: 'ran out of memory (an array buffer allocation failed): the unit is over its memory limit' });
  }
  const Type = graderErrors[name] ?? Error;
  return new Type(message);
}

/** `Name: message` of anything thrown, without letting a hostile getter throw again. */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`;
    const e = error as { name?: unknown; message?: unknown } | null;
    if (e && typeof e.message === 'string') return `${typeof e.name === 'string' ? e.name : 'Error'}: ${e.message}`;
    return String(error);
  } catch {
    return 'an error that cannot be read';
  }
}
