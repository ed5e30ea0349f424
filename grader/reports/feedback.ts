/**
 * One feedback file per learner, for the teacher to send back: `<student>/feedback.md` and the same
 * as a self-contained `feedback.html`. The total, what to revisit first (the misconceptions the
 * checks recognised, with the lesson section of each), then unit by unit: the score, the reason a
 * unit scored 0, each failed check's feedback, and what the code printed. A unit not started yet is
 * one line, not one line per check.
 */
import MarkdownIt from 'markdown-it';
import { formatScore } from '../outcome';
import { isNotWritten, namedSlip, type NamedSlip, problemText } from './feedback-text';
import type { StudentRow } from './gradebook';

/** A fenced block that the text cannot close: a fence longer than any run of backticks in it. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text.trimEnd()}\n${fence}`;
}

/** Markdown-safe inline text (names and titles come from learners and folders): only what would format or open HTML is escaped. */
function inline(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}

/** The slips a learner made, once each, in course order. */
export function slipsOf(row: StudentRow): (NamedSlip & { unit: string })[] {
  const seen = new Map<string, NamedSlip & { unit: string }>();
  for (const u of row.units) {
    if (u.outcome.problem) continue;
    for (const c of u.outcome.checks) {
      const slip = c.passed ? undefined : namedSlip(c.feedback);
      if (slip && !seen.has(slip.name)) seen.set(slip.name, { ...slip, unit: u.unit.slug });
    }
  }
  return [...seen.values()];
}

export function feedbackMarkdown(row: StudentRow, course: string): string {
  const r = row.result;
  const out: string[] = [`# ${inline(course)}: feedback for ${inline(r.student)}`, '', `**Total: ${formatScore(row.score)} / ${formatScore(row.maxScore)}**`];
  if (r.unusable) {
    out.push('', `Your submission could not be graded: ${inline(r.unusable)}`, '', 'Nothing in it was marked; please hand it in again as your teacher asked.');
    return `${out.join('\n')}\n`;
  }
  for (const note of r.notes) out.push('', `*Note:* ${inline(note)}`);
  const slips = slipsOf(row);
  if (slips.length > 0) {
    out.push('', '## To revisit first', '', 'The checks recognised these mistakes in your code:', '');
    for (const s of slips) out.push(`- ${inline(s.name)} (${s.unit}${s.lesson ? `; reread \`${s.lesson}\`` : ''})`);
  }
  out.push('', '## Unit by unit');
  for (const u of row.units) {
    const { unit, outcome } = u;
    const failed = outcome.checks.filter((c) => !c.passed);
    out.push('', `### ${unit.number} · ${inline(unit.title)}: ${formatScore(u.score)} / ${unit.points}`, '');
    if (outcome.problem?.kind === 'missing') {
      out.push(`Not handed in: there is no \`${unit.paths.stub}\`.`);
      continue;
    }
    if (outcome.problem) out.push('This unit scores 0 because of this problem:', '', fenced(problemText(outcome.problem)));
    else if (failed.length === 0) out.push(`All ${outcome.checks.length} checks pass.`);
    else if (failed.length === outcome.checks.length && failed.every((c) => isNotWritten(c.feedback))) out.push(`Not written yet: \`${unit.paths.stub}\` is still the stub (all ${outcome.checks.length} checks say "not written yet").`);
    else {
      out.push(`${u.passed} of ${u.total} checks pass. The others:`);
      for (const c of failed) out.push('', `- **${inline(c.name)}**`, '', fenced(c.feedback ?? 'failed').replace(/^/gm, '  '));
    }
    if (outcome.output) {
      out.push('', 'Your code printed:', '', fenced(outcome.output));
      if (outcome.droppedLines > 0) out.push('', `(${outcome.droppedLines} more lines were not kept)`);
    }
  }
  return `${out.join('\n')}\n`;
}

const md = new MarkdownIt({ html: false, linkify: false });

export function feedbackHtml(markdown: string, title: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${md.utils.escapeHtml(title)}</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:52rem;padding:0 1rem;color:#1d232a}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}h3{margin:1.4rem 0 .3rem}
pre{white-space:pre-wrap;background:#f6f7f9;padding:.5rem .7rem;border-radius:4px;font-size:.9em}code{background:#f2f3f5;padding:0 .2em;border-radius:3px}pre code{background:none;padding:0}
@media (prefers-color-scheme: dark){body{background:#16181c;color:#e4e6ea}pre,code{background:#23262c}h2{border-color:#333}}
</style></head><body>
${md.render(markdown)}</body></html>
`;
}
