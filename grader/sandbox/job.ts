/**
 * What one job (one unit of one submission) collects while it runs: the learner's console output,
 * capped, and the first violation. Each job has its own; the realm, the membrane and cleanError
 * write into the one they are given, so nothing one unit prints or does can land in the next one's
 * result.
 */
import type { Violation } from './protocol';

/** Characters kept of one message: feedback quotes what graded code returned or threw, which may be megabytes. */
export const MESSAGE_LIMIT = 4000;

export function clip(text: string): string {
  if (text.length <= MESSAGE_LIMIT) return text;
  // split/join copies: a plain slice would keep the whole megabytes-long string alive until the job ends.
  return `${text.slice(0, MESSAGE_LIMIT).split('').join('')}… (${text.length - MESSAGE_LIMIT} more characters)`;
}

export class JobState {
  readonly output: string[] = [];
  outputBytes = 0;
  /** console lines not kept because the cap was reached */
  droppedLines = 0;
  /** the first violation: later ones are consequences of it, or no news */
  violation?: Violation;

  /** `outputLimit`: characters of console output kept */
  constructor(private readonly outputLimit: number) {}

  flag(violation: Violation): void {
    this.violation ??= { kind: violation.kind, message: clip(violation.message) };
  }

  capture(text: string): void {
    if (this.outputBytes >= this.outputLimit) {
      this.droppedLines++;
      return;
    }
    const room = this.outputLimit - this.outputBytes;
    const kept = text.length > room ? `${text.slice(0, room)}…\n` : text;
    this.output.push(kept);
    this.outputBytes += kept.length;
  }
}
