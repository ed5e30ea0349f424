/**
 * Hints are revealed one at a time, in order, and the count is remembered, so asking again shows
 * what you have already seen plus exactly one more.
 */
import type { Unit } from '../course/course';
import type { Colors } from './colors';

export interface HintReveal {
  /** hints seen before this request */
  earlier: string[];
  /** the newly revealed hint, if any were left */
  revealed?: string;
  /** how many hints have now been shown */
  shown: number;
  total: number;
}

export function revealNextHint(unit: Unit, alreadyShown: number): HintReveal {
  const total = unit.hints.length;
  const before = Math.min(Math.max(0, alreadyShown), total);
  if (before >= total) return { earlier: unit.hints.slice(), shown: total, total };
  return { earlier: unit.hints.slice(0, before), revealed: unit.hints[before], shown: before + 1, total };
}

/** `answers`: whether this repository has reference answers (`course solution`), to say so after the last hint. */
export function renderHints(unit: Unit, reveal: HintReveal, c: Colors, answers = false): string {
  const lines = [c.bold(`Hints for unit ${unit.number} · ${unit.title}`), ''];
  reveal.earlier.forEach((hint, i) => lines.push(c.dim(`  ${i + 1}. ${hint}`)));
  if (reveal.revealed) {
    lines.push(`${c.yellow(`▸ ${reveal.shown}.`)} ${reveal.revealed}`);
    lines.push('', c.dim(reveal.shown < reveal.total ? `Hint ${reveal.shown} of ${reveal.total}. Ask again for the next one.` : `That was the last hint (${reveal.total} of ${reveal.total}). The lesson has the rest: ${unit.lesson}`));
  } else {
    lines.push('', c.dim(`You have seen all ${reveal.total} hints. Reread ${unit.lesson}, or the section the failing test names.`));
  }
  if (answers && reveal.shown === reveal.total) lines.push(c.dim(`Once the unit passes, npm run course -- solution ${unit.number} shows the reference answer to compare with yours.`));
  return lines.join('\n');
}
