/**
 * report.html: one self-contained page (inline CSS and SVG, no scripts, nothing fetched), so it
 * opens from disk and can be mailed around. Class overview, score distribution, per-unit
 * difficulty, the misconceptions the class made, an item analysis of every check, pairs of
 * submissions to look at side by side, a table of every learner, and each learner's feedback.
 */
import { formatScore, PROBLEM_LABEL } from '../outcome';
import { analyse, classMeans, scoreBins, type UnitAnalysis } from './analysis';
import { isNotWritten, problemText } from './feedback-text';
import { type Gradebook, median, type StudentRow } from './gradebook';
import { groupPairs, SIMILARITY_DEFAULTS, type SimilarPair } from '../similarity';

export interface ReportExtras {
  /** pairs of learners whose unit files are far more alike than the stub explains */
  similar?: SimilarPair[];
  /** per learner, the folder of their feedback files, relative to the report (linked from their section) */
  feedbackLink?: (student: string) => string | undefined;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const pct = (x: number): string => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : '–');

/** An id usable in a URL fragment, unique per learner. */
function anchor(index: number): string {
  return `student-${index + 1}`;
}

function histogram(fractions: number[]): string {
  const bins = scoreBins(fractions);
  const most = Math.max(1, ...bins.map((b) => b.count));
  const w = 34;
  const h = 120;
  const bars = bins.map(({ label, count }, i) => {
    const bh = (count / most) * h;
    const x = 30 + i * (w + 4);
    return `<rect x="${x}" y="${10 + h - bh}" width="${w}" height="${bh}" class="bar${i === 10 ? ' perfect' : ''}"><title>${label}%: ${count}</title></rect>`
      + `<text x="${x + w / 2}" y="${h + 26}" class="axis">${i === 10 ? '100' : i * 10}</text>`
      + (count > 0 ? `<text x="${x + w / 2}" y="${6 + h - bh}" class="count">${count}</text>` : '');
  }).join('');
  return `<svg viewBox="0 0 480 160" width="480" height="160" role="img" aria-label="Distribution of total scores: ${bins.map((b) => `${b.label}%: ${b.count}`).join(', ')}">${bars}<text x="468" y="${h + 26}" class="axis">%</text></svg>`;
}

const ratio = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '–');

function tallySection(analysis: UnitAnalysis[]): string {
  const units = analysis.filter((a) => a.slips.length > 0);
  if (units.length === 0) return '<p>No check recognised a named misconception in any submission.</p>';
  return units.map((a) => `<h3>${escapeHtml(a.unit.number)} · ${escapeHtml(a.unit.title)} <small>(${a.takers} took the unit)</small></h3>
<table class="tally"><thead><tr><th>misconception</th><th class="num">learners</th><th>re-teach</th><th>who</th></tr></thead><tbody>
${a.slips.map((s) => `<tr><td>${escapeHtml(s.name)}</td><td class="num"><b>${s.learners.length}</b></td><td>${s.lesson ? `<code>${escapeHtml(s.lesson)}</code>` : '–'}</td><td class="who">${escapeHtml(s.learners.join(', '))}</td></tr>`).join('\n')}
</tbody></table>`).join('\n');
}

function itemSection(analysis: UnitAnalysis[]): string {
  return analysis.map((a) => {
    if (a.takers === 0) return `<details class="items"><summary>${escapeHtml(a.unit.number)} · ${escapeHtml(a.unit.title)}: nobody took this unit yet</summary></details>`;
    const rows = a.checks.map((c) => {
      const flags = [c.facility < 0.3 && 'hard', Number.isFinite(c.discrimination) && c.discrimination < 0.2 && 'low discrimination'].filter(Boolean).join(', ');
      return `<tr${flags ? ' class="flag"' : ''}><td>${escapeHtml(c.name)}</td><td class="num">${pct(c.facility)}<div class="meter"><span style="width:${Math.round((Number.isFinite(c.facility) ? c.facility : 0) * 100)}%"></span></div></td><td class="num">${ratio(c.discrimination)}</td><td>${flags}</td></tr>`;
    }).join('\n');
    return `<details class="items"><summary>${escapeHtml(a.unit.number)} · ${escapeHtml(a.unit.title)} <small>(${a.takers} took it, ${a.checks.length} checks)</small></summary>
<table><thead><tr><th>check</th><th class="num">facility</th><th class="num">discrimination</th><th></th></tr></thead><tbody>
${rows}
</tbody></table></details>`;
  }).join('\n');
}

function similaritySection(pairs: SimilarPair[] | undefined): string {
  if (pairs === undefined) return '';
  const intro = `<p>Submissions whose unit files share far more code than the stub explains: Dolos's winnowing fingerprints of each file's tokens, with local names, numbers and strings replaced by their kind (so renaming and reformatting change nothing) and the stub's own fingerprints discounted; a pair is listed from ${Math.round(SIMILARITY_DEFAULTS.threshold * 100)}% of fingerprints shared. Learners linked by such pairs form a group. Similar code has innocent causes (a worked example, a study group, a short exercise with one natural answer): this is a list of files to read side by side, not a verdict, and no score depends on it.</p>`;
  if (pairs.length === 0) return `<h2 id="similarity">Similar submissions</h2>${intro}<p>No pair stands out.</p>`;
  const body = groupPairs(pairs).map((g) => {
    const p = g.closest;
    const who = g.members.length === 2 ? `<b>${escapeHtml(p.left)}</b> and <b>${escapeHtml(p.right)}</b>` : `${g.members.length} learners (${escapeHtml(g.members.join(', '))})`;
    const others = g.pairs.length > 1 ? `<p class="who">${g.pairs.length} similar pairs in this group, from ${Math.round(Math.min(...g.pairs.map((q) => q.similarity)) * 100)}% to ${Math.round(p.similarity * 100)}%; the closest is shown.</p>` : '';
    return `<details class="pair"><summary>${escapeHtml(g.unit)}: ${who}, ${Math.round(p.similarity * 100)}% of fingerprints shared (longest common run: ${p.longest} fingerprints)</summary>${others}
<div class="side"><div><div class="who">${escapeHtml(p.left)}: exercises/${escapeHtml(g.unit)}/index.ts</div><pre>${escapeHtml(p.leftText)}</pre></div><div><div class="who">${escapeHtml(p.right)}: exercises/${escapeHtml(g.unit)}/index.ts</div><pre>${escapeHtml(p.rightText)}</pre></div></div></details>`;
  }).join('\n');
  return `<h2 id="similarity">Similar submissions</h2>${intro}${body}`;
}

function unitCell(row: StudentRow['units'][number]): string {
  const f = row.score / row.unit.points;
  const cls = row.outcome.problem ? 'bad' : f >= 1 - 1e-9 ? 'full' : f > 0 ? 'part' : 'zero';
  const title = row.outcome.problem ? PROBLEM_LABEL[row.outcome.problem.kind] : `${row.passed}/${row.total} checks`;
  return `<td class="${cls}" title="${escapeHtml(title)}">${formatScore(row.score)}</td>`;
}

function studentSection(row: StudentRow, index: number, link?: string): string {
  const r = row.result;
  const parts: string[] = [];
  if (link) parts.push(`<p class="files">Feedback to send back: <a href="${escapeHtml(link)}/feedback.html">${escapeHtml(link)}/feedback.html</a> (and <code>feedback.md</code>)</p>`);
  if (r.unusable) parts.push(`<p class="problem">Could not be graded: ${escapeHtml(r.unusable)}</p>`);
  for (const note of r.notes) parts.push(`<p class="note">${escapeHtml(note)}</p>`);
  if (!r.unusable) {
    for (const u of row.units) {
      const failed = u.outcome.checks.filter((c) => !c.passed);
      const body: string[] = [];
      const unwritten = !u.outcome.problem && failed.length > 0 && failed.length === u.outcome.checks.length && failed.every((c) => isNotWritten(c.feedback));
      if (u.outcome.problem) body.push(`<pre class="problem">${escapeHtml(problemText(u.outcome.problem))}</pre>`);
      else if (unwritten) body.push(`<p class="note">Not written yet (all ${failed.length} checks).</p>`);
      else for (const c of failed) body.push(`<div class="check"><div class="name">✗ ${escapeHtml(c.name)}</div><pre>${escapeHtml(c.feedback ?? '')}</pre></div>`);
      if (u.outcome.output) body.push(`<details><summary>printed output${u.outcome.droppedLines ? ` (${u.outcome.droppedLines} lines not kept)` : ''}</summary><pre>${escapeHtml(u.outcome.output)}</pre></details>`);
      const status = u.outcome.problem ? 'bad' : failed.length === 0 ? 'full' : 'part';
      parts.push(`<div class="unit"><h4 class="${status}">${escapeHtml(u.unit.slug)} — ${formatScore(u.score)} / ${u.unit.points}${u.outcome.problem ? '' : ` <small>(${u.passed}/${u.total} checks)</small>`}</h4>${body.join('')}</div>`);
    }
  }
  return `<details class="student" id="${anchor(index)}"><summary><strong>${escapeHtml(r.student)}</strong> — ${formatScore(row.score)} / ${formatScore(row.maxScore)}</summary>${parts.join('')}</details>`;
}

export function toHtml(book: Gradebook, title: string, generatedAt = new Date(), extras: ReportExtras = {}): string {
  const totals = book.students.filter((s) => !s.result.unusable).map((s) => s.score);
  const means = classMeans(book);
  const unusable = book.students.filter((s) => s.result.unusable).length;
  const analysis = analyse(book);
  const show = (x: number) => (Number.isFinite(x) ? formatScore(x) : '–');
  const meanText = unusable
    ? `mean <b>${show(means.all)}</b> / ${formatScore(book.maxScore)} over all ${means.rows} rows of grades.csv (the ${unusable} that could not be graded count as 0, as there); <b>${show(means.gradable)}</b> over the ${means.gradableRows} gradable. Over the gradable: median`
    : `mean <b>${show(means.all)}</b> / ${formatScore(book.maxScore)}, median`;
  const overview = `<ul class="overview">
<li><b>${book.students.length}</b> submissions${unusable ? ` (${unusable} could not be graded)` : ''}</li>
<li>${meanText} <b>${totals.length ? formatScore(median(totals)) : '–'}</b>, highest <b>${totals.length ? formatScore(Math.max(...totals)) : '–'}</b>, lowest <b>${totals.length ? formatScore(Math.min(...totals)) : '–'}</b></li>
<li>${book.units.length} units: ${book.units.map((u) => `${escapeHtml(u.slug)} (${u.points} pts)`).join(', ')}</li>
</ul>`;
  const difficulty = book.unitStats.map((s) => {
    const problems = Object.entries(s.problems).map(([k, n]) => `${PROBLEM_LABEL[k as keyof typeof PROBLEM_LABEL]} ×${n}`).join(', ');
    const hardest = s.hardest.map((h) => `<li>${escapeHtml(h.name)} <small>(failed by ${h.failed})</small></li>`).join('');
    return `<tr><td>${escapeHtml(s.unit.slug)}<br><small>${escapeHtml(s.unit.title)}</small></td><td class="num">${pct(s.mean)}<div class="meter"><span style="width:${Math.round((Number.isFinite(s.mean) ? s.mean : 0) * 100)}%"></span></div></td><td class="num">${s.full}</td><td class="num">${s.zero}</td><td><ul>${hardest}</ul></td><td>${escapeHtml(problems)}</td></tr>`;
  }).join('\n');
  const table = book.students.map((s, i) => `<tr><td><a href="#${anchor(i)}">${escapeHtml(s.result.student)}</a></td><td class="num"><b>${formatScore(s.score)}</b></td>${s.units.map(unitCell).join('')}<td class="notes">${escapeHtml(s.notes.join('; '))}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d232a}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
small,.generated{color:#667}table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid #eee;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f6f7f9;position:sticky;top:0}.num{text-align:right;white-space:nowrap}
td.full{background:#e3f6e8}td.part{background:#fff6d6}td.zero{background:#fbe3e3}td.bad{background:#f3c9c9;font-weight:600}
.notes{font-size:.85em;color:#555}.meter{background:#eee;height:5px;border-radius:3px;margin-top:3px}.meter span{display:block;height:5px;background:#4a8f5f;border-radius:3px}
.bar{fill:#5b7fb8}.axis,.count{font-size:10px;text-anchor:middle;fill:#445}
details.student{border:1px solid #e3e3e3;border-radius:6px;margin:.4rem 0;padding:.4rem .7rem}details.student[open]{background:#fcfcfd}
summary{cursor:pointer}pre{white-space:pre-wrap;background:#f6f7f9;padding:.45rem .6rem;border-radius:4px;margin:.25rem 0;font-size:.88em}
h4{margin:.8rem 0 .2rem}h4.full{color:#2f6b40}h4.part{color:#8a6a00}h4.bad{color:#a02828}.problem{color:#a02828}.note{color:#555;font-style:italic}
.check .name{font-weight:600;margin-top:.4rem}ul{margin:.2rem 0;padding-left:1.1rem}
.bar.perfect{fill:#4a8f5f}.who{font-size:.85em;color:#555}tr.flag td{background:#fff6d6}details.items,details.pair{margin:.3rem 0}
.side{display:grid;grid-template-columns:1fr 1fr;gap:.6rem}.side pre{max-height:32rem;overflow:auto;font-size:.8em}.files{font-size:.9em}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p class="generated">Generated ${escapeHtml(generatedAt.toISOString().replace('T', ' ').slice(0, 16))} UTC by <code>npm run grade</code>.</p>
<h2>Class overview</h2>
${overview}
<h2>Score distribution</h2>
<p>Total score of each gradable submission${unusable ? ` (${totals.length}; the ${unusable} that could not be graded are left out)` : ''}, as a percentage of ${formatScore(book.maxScore)} points; the last bar is full marks only.</p>
${histogram(book.fractions)}
<h2>Per-unit difficulty</h2>
<table><thead><tr><th>unit</th><th>mean</th><th>full marks</th><th>zero</th><th>checks failed most</th><th>problems</th></tr></thead><tbody>
${difficulty}
</tbody></table>
<h2 id="misconceptions">Misconceptions the class made</h2>
<p>How many learners' code made each mistake a check recognised by name, per unit, with the lesson section that untangles it.</p>
${tallySection(analysis)}
<h2 id="items">Item analysis</h2>
<p>Per check, over the gradable learners who took the unit (handed in a file that is not still the stub): <b>facility</b>, the fraction who passed it, and <b>discrimination</b>, the corrected point-biserial correlation between passing it and the fraction of the unit's other checks passed (from −1 to 1; below 0.2 the check tells strong and weak answers apart poorly, or tests something else). "–": it does not vary, or too few took the unit.</p>
${itemSection(analysis)}
${similaritySection(extras.similar)}
<h2>Students</h2>
<table><thead><tr><th>student</th><th>score</th>${book.units.map((u) => `<th class="num" title="${escapeHtml(u.title)}">${escapeHtml(u.number)}</th>`).join('')}<th>notes</th></tr></thead><tbody>
${table}
</tbody></table>
<h2>Feedback</h2>
${book.students.map((s, i) => studentSection(s, i, extras.feedbackLink?.(s.result.student))).join('\n')}
</body></html>
`;
}
