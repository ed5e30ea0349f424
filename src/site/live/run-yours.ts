/**
 * Runs one live figure's `compute` on the learner's exports and says, in one plain sentence, what
 * went wrong when it cannot: not written yet (a TODO stub, or an export missing), threw, or gave
 * numbers that are not finite. Pure: the worker calls it, and so can a test.
 */
import type { UnitFiles } from '../../figures/live/collect';
import type { LiveFigure, Params, UnitApi } from '../../figures/live/types';
import type { YoursAnswer } from './protocol';

/** `files`: every unit's stub and lesson, by slug (LiveCourse's), to name the learner's file that needs work. */
export function runYours(figure: LiveFigure, params: Params, api: UnitApi | undefined, files: Record<string, UnitFiles>, job = 0): YoursAnswer {
  const stubOf = (slug: string) => files[slug]?.stub ?? slug;
  const file = stubOf(figure.unit);
  if (!api) return { job, state: 'error', message: `${file} did not load.` };
  const missing = figure.uses.filter((name) => typeof api[name] !== 'function');
  if (missing.length > 0) return { job, state: 'missing', message: `${file} does not export ${missing.join(', ')} yet.` };
  try {
    const series = figure.compute(params, api);
    const bad = series.find((s) => s.points.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y)));
    if (bad) {
      const [x, y] = bad.points.find(([px, py]) => !Number.isFinite(px) || !Number.isFinite(py))!;
      return { job, state: 'ok', series, warning: `your code gave ${y} for "${bad.name}" at x = ${x}; the figure leaves those points out.` };
    }
    return { job, state: 'ok', series };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/^TODO\b/.test(message)) {
      // Unit 12 calls the learner's earlier units: a TODO from one of them names its own lesson.
      const from = Object.keys(files).find((slug) => message.includes(files[slug]!.lesson));
      const where = from && from !== figure.unit ? `${stubOf(from)}, which ${file} uses` : file;
      return { job, state: 'missing', message: `not written yet (${where}: ${message.replace(/\s+—.*$/, '')}).` };
    }
    return { job, state: 'error', message: `your code threw: ${message}` };
  }
}
