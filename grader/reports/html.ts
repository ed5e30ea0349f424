/**
 * report.html: one self-contained page (inline CSS and SVG, no scripts, nothing fetched), so it
 * opens from disk and can be mailed around. Class overview, score distribution, per-unit
 * difficulty, a table of every learner, and each learner's feedback.
 */
import { formatScore, PROBLEM_LABEL } from '../outcome';
import { type Gradebook, median, type StudentRow } from './gradebook';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const pct = (x: number): string => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : '–');

/** An id usable in a URL fragment, unique per learner. */
function anchor(index: number): string {
  return `student-${index + 1}`;
}

function histogram(fractions: number[]): string {
  const bins = new Array(10).fill(0) as number[];
  for (const f of fractions) bins[Math.min(9, Math.floor(f * 10))]!++;
  const most = Math.max(1, ...bins);
  const w = 36;
  const h = 120;
  const bars = bins.map((n, i) => {
    const bh = (n / most) * h;
    const x = 30 + i * (w + 4);
    const label = i === 9 ? '90–100' : `${i * 10}–${i * 10 + 9}`;
    return `<rect x="${x}" y="${10 + h - bh}" width="${w}" height="${bh}" class="bar"><title>${label}%: ${n}</title></rect>`
      + `<text x="${x + w / 2}" y="${h + 26}" class="axis">${i * 10}</text>`
      + (n > 0 ? `<text x="${x + w / 2}" y="${6 + h - bh}" class="count">${n}</text>` : '');
  }).join('');
  return `<svg viewBox="0 0 440 160" width="440" height="160" role="img" aria-label="Distribution of total scores">${bars}<text x="430" y="${h + 26}" class="axis">%</text></svg>`;
}

function unitCell(row: StudentRow['units'][number]): string {
  const f = row.score / row.unit.points;
  const cls = row.outcome.problem ? 'bad' : f >= 1 - 1e-9 ? 'full' : f > 0 ? 'part' : 'zero';
  const title = row.outcome.problem ? PROBLEM_LABEL[row.outcome.problem.kind] : `${row.passed}/${row.total} checks`;
  return `<td class="${cls}" title="${escapeHtml(title)}">${formatScore(row.score)}</td>`;
}

function studentSection(row: StudentRow, index: number): string {
  const r = row.result;
  const parts: string[] = [];
  if (r.unusable) parts.push(`<p class="problem">Could not be graded: ${escapeHtml(r.unusable)}</p>`);
  for (const note of r.notes) parts.push(`<p class="note">${escapeHtml(note)}</p>`);
  if (!r.unusable) {
    for (const u of row.units) {
      const failed = u.outcome.checks.filter((c) => !c.passed);
      const body: string[] = [];
      if (u.outcome.problem) body.push(`<pre class="problem">${escapeHtml(`${PROBLEM_LABEL[u.outcome.problem.kind]}: ${u.outcome.problem.message}`)}</pre>`);
      else for (const c of failed) body.push(`<div class="check"><div class="name">✗ ${escapeHtml(c.name)}</div><pre>${escapeHtml(c.feedback ?? '')}</pre></div>`);
      if (u.outcome.output) body.push(`<details><summary>printed output${u.outcome.droppedLines ? ` (${u.outcome.droppedLines} lines not kept)` : ''}</summary><pre>${escapeHtml(u.outcome.output)}</pre></details>`);
      const status = u.outcome.problem ? 'bad' : failed.length === 0 ? 'full' : 'part';
      parts.push(`<div class="unit"><h4 class="${status}">${escapeHtml(u.unit.slug)} — ${formatScore(u.score)} / ${u.unit.points}${u.outcome.problem ? '' : ` <small>(${u.passed}/${u.total} checks)</small>`}</h4>${body.join('')}</div>`);
    }
  }
  return `<details class="student" id="${anchor(index)}"><summary><strong>${escapeHtml(r.student)}</strong> — ${formatScore(row.score)} / ${formatScore(row.maxScore)}</summary>${parts.join('')}</details>`;
}

export function toHtml(book: Gradebook, title: string, generatedAt = new Date()): string {
  const totals = book.students.filter((s) => !s.result.unusable).map((s) => s.score);
  const mean = totals.length ? totals.reduce((a, b) => a + b, 0) / totals.length : NaN;
  const unusable = book.students.filter((s) => s.result.unusable).length;
  const overview = `<ul class="overview">
<li><b>${book.students.length}</b> submissions${unusable ? ` (${unusable} could not be graded)` : ''}</li>
<li>mean <b>${Number.isFinite(mean) ? formatScore(mean) : '–'}</b> / ${formatScore(book.maxScore)}, median <b>${totals.length ? formatScore(median(totals)) : '–'}</b>, highest <b>${totals.length ? formatScore(Math.max(...totals)) : '–'}</b>, lowest <b>${totals.length ? formatScore(Math.min(...totals)) : '–'}</b></li>
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
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p class="generated">Generated ${escapeHtml(generatedAt.toISOString().replace('T', ' ').slice(0, 16))} UTC by <code>npm run grade</code>.</p>
<h2>Class overview</h2>
${overview}
<h2>Score distribution</h2>
<p>Total score of each gradable submission, as a percentage of ${formatScore(book.maxScore)} points.</p>
${histogram(book.fractions)}
<h2>Per-unit difficulty</h2>
<table><thead><tr><th>unit</th><th>mean</th><th>full marks</th><th>zero</th><th>checks failed most</th><th>problems</th></tr></thead><tbody>
${difficulty}
</tbody></table>
<h2>Students</h2>
<table><thead><tr><th>student</th><th>score</th>${book.units.map((u) => `<th class="num" title="${escapeHtml(u.title)}">${escapeHtml(u.number)}</th>`).join('')}<th>notes</th></tr></thead><tbody>
${table}
</tbody></table>
<h2>Feedback</h2>
${book.students.map(studentSection).join('\n')}
</body></html>
`;
}
