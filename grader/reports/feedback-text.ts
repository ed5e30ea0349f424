/**
 * What a check's feedback says, read back from its text. The hidden suites phrase a recognised slip
 * as "It looks like <name>. <why>\n  … → Reread lessons/<slug>.md#<section>" (grader/checks/helpers.ts
 * and the checks that throw their own), and an unwritten function as "<call> is not written yet";
 * the reports tally those without the suites having to send anything but the message.
 */
import { lessonOf } from '../../lib/feedback';
import { PROBLEM_LABEL, type Problem } from '../outcome';

export interface NamedSlip {
  /** the misconception's short name, e.g. "σ(z)·(1−z) instead of σ(z)·(1−σ(z))" */
  name: string;
  /** the lesson section to re-teach, e.g. "lessons/01-sigmoid.md#the-derivative", when the message names one */
  lesson?: string;
}

const LOOKS_LIKE = /^It looks like (.+)$/m;
/** Beyond this a "name" is a sentence; the part before its first colon names the slip. */
const LONGEST_NAME = 90;

/** The named misconception a failed check's feedback reports, if any. */
export function namedSlip(feedback: string | undefined): NamedSlip | undefined {
  const line = feedback ? LOOKS_LIKE.exec(feedback)?.[1] : undefined;
  if (!line) return undefined;
  // The name ends at the first sentence break; a very long first sentence is cut at its first colon.
  let name = line.split(/\.(?:\s|$)/)[0]!.trim();
  if (name.length > LONGEST_NAME && name.includes(': ')) name = name.slice(0, name.indexOf(': '));
  if (name.length > LONGEST_NAME) name = `${name.slice(0, LONGEST_NAME - 1)}…`;
  const lesson = lessonOf(feedback);
  return { name, ...(lesson ? { lesson } : {}) };
}

/** True when the feedback says the learner has not written the function yet (the stub's TODO). */
export function isNotWritten(feedback: string | undefined): boolean {
  return Boolean(feedback && /\bis not written yet\b/.test(feedback));
}

/** "does not compile: …" without saying "does not compile" twice when the message starts with it. */
export function problemText(problem: Problem): string {
  const label = PROBLEM_LABEL[problem.kind];
  return problem.message.toLowerCase().startsWith(label.toLowerCase()) ? problem.message : `${label}: ${problem.message}`;
}

/**
 * Split `total` into `parts` shares in hundredths that sum to it exactly (largest remainder: every
 * share is ⌊total/parts⌋ cents, and the cents left over go one each to the first shares).
 */
export function splitPoints(total: number, parts: number): number[] {
  if (parts <= 0) return [];
  const cents = Math.round(total * 100);
  const base = Math.floor(cents / parts);
  const left = cents - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < left ? 1 : 0)).map((c) => c / 100);
}
