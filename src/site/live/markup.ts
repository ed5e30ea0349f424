/**
 * A live figure's markup, written by `npm run figures` (src/figures/live/pack.ts): its controls, a
 * first drawing at the default setting (rendered with the reference, so the page shows it before
 * any script runs), the readout, and the status line of the learner's series, hidden until the
 * site is served with their code (the build then adds data-yours).
 */
import { escapeHtml } from '../html';
import { renderSvg, WIDE } from '../../figures/render';
import type { LiveCourse } from '../../figures/live/collect';
import { defaults, type Control, type LiveFigure } from '../../figures/live/types';
import { formatControl } from './format';

function controlHtml(figure: LiveFigure, control: Control): string {
  const id = `${figure.id}-${control.name}`;
  if (control.kind === 'range') {
    return `<label for="${id}">${escapeHtml(control.label)} <input type="range" id="${id}" name="${control.name}" min="${control.min}" max="${control.max}" step="${control.step}" value="${control.value}"> <output for="${id}">${formatControl(control, control.value)}</output></label>`;
  }
  if (control.kind === 'select') {
    const options = control.options.map((o) => `<option value="${escapeHtml(o.value)}"${o.value === control.value ? ' selected' : ''}>${escapeHtml(o.label)}</option>`).join('');
    return `<label for="${id}">${escapeHtml(control.label)} <select id="${id}" name="${control.name}">${options}</select></label>`;
  }
  return `<label for="${id}"><input type="checkbox" id="${id}" name="${control.name}"${control.value ? ' checked' : ''}> ${escapeHtml(control.label)}</label>`;
}

/** The figure's markup, drawn with its unit's reference api. */
export function liveFigureHtml(figure: LiveFigure, { reference, files }: LiveCourse): string {
  const params = defaults(figure);
  const api = reference[figure.unit];
  if (!api) throw new Error(`live figure ${figure.id}: no reference for unit ${figure.unit}`);
  const series = figure.compute(params, api);
  const svg = renderSvg(figure.chart(params, series, []), WIDE).trim();
  const readout = figure.readout ? `<p class="readout" aria-live="polite">${escapeHtml(figure.readout(params, series))}</p>` : '';
  const status = `<p class="yours" data-series="yours" data-state="pending" aria-live="polite" hidden>Running your <code>${escapeHtml(files[figure.unit]?.stub ?? figure.unit)}</code>…</p>`;
  return `<figure class="live-figure" data-live="${figure.id}" data-unit="${figure.unit}" aria-label="${escapeHtml(figure.alt)}">
<div class="controls">${figure.controls.map((c) => controlHtml(figure, c)).join('\n')}</div>
<div class="drawing">${svg}</div>
${readout}${status}
</figure>`;
}
