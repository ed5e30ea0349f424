/**
 * A live figure: a few controls and a chart recomputed from them at once, in the page. `compute`
 * only calls the unit's exported functions (the exercise contract) on the `api` it is given, so
 * the same code draws the reference (api = the unit module's `reference`, built on grader/engine) and, when the site
 * is served, the learner's own exercise (api = their bundled exercises/<slug>/index.ts, in a worker).
 */
import type { Chart, Series } from '../chart';

export type Control =
  | { kind: 'range'; name: string; label: string; min: number; max: number; step: number; value: number; format?: 'fixed1' | 'fixed2' | 'int' }
  | { kind: 'select'; name: string; label: string; options: { value: string; label: string }[]; value: string }
  | { kind: 'toggle'; name: string; label: string; value: boolean };

export type Params = Record<string, number | string | boolean>;
/** The unit's exports, by the contract's names (COURSE.md). */
export type UnitApi = Record<string, (...args: never[]) => unknown>;

export interface LiveFigure {
  /** the placeholder's data-live, e.g. `01-sigmoid-z` */
  id: string;
  /** whose exercise `yours` runs, e.g. `01-sigmoid` */
  unit: string;
  /** which exports `yours` needs: a stub that has none of them written is "not written yet" */
  uses: string[];
  /** what the figure shows, for its alt text */
  alt: string;
  controls: Control[];
  /** 'change' for a figure whose compute takes a moment (a training run): it redraws when a control is let go, not while it moves */
  redraw?: 'input' | 'change';
  /** how long the learner's code may run for one redraw (protocol.ts's YOURS_TIME_LIMIT_MS when not given) */
  timeLimitMs?: number;
  /** the series, computed from the controls with `api` (reference or yours) */
  compute(params: Params, api: UnitApi): Series[];
  /** the chart: the reference series, the learner's (marked `yours`, maybe none), and the controls */
  chart(params: Params, reference: Series[], yours: Series[]): Chart;
  /** one line under the figure with the numbers at the current setting (reference) */
  readout?(params: Params, reference: Series[]): string;
}

export const defaults = (figure: LiveFigure): Params => Object.fromEntries(figure.controls.map((c) => [c.name, c.value]));

/** The learner's copy of some series: named as theirs and marked, so the page can find it. */
export const asYours = (series: Series[]): Series[] => series.map((s) => ({ ...s, name: `yours: ${s.name}`, yours: true, dashed: false, color: undefined }));

/** A number for a readout: 4 significant digits, exponent form when tiny or huge. */
export function show(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}
