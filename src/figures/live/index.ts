/**
 * Every live figure of the course, found through the course model: each unit may have a live
 * figures module (`unit.paths.liveFigures`, lessons/experiments/live/<slug>.ts) exporting
 * `live: LiveFigure[]`. A lesson shows one with `<div class="live-figure" data-live="<id>"></div>`
 * on a line of its own; the site builds its controls and first drawing, and the page script redraws it.
 * This is the Node side (the pack, the tests); the browser bundles import the same modules from the
 * entries pack.ts writes for them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCourse } from '../../course/course';
import { repoRoot } from '../../course/paths';
import type { LiveFigure } from './types';

/** The live figure modules of the course, in course order (repository-relative paths). */
export function liveFigureModules(root = repoRoot): string[] {
  return loadCourse(root).units.map((unit) => unit.paths.liveFigures).filter((file) => existsSync(join(root, file)));
}

/** Every live figure, in course order; throws when a module exports none, or two figures share an id. */
export async function loadLiveFigures(root = repoRoot): Promise<LiveFigure[]> {
  const figures: LiveFigure[] = [];
  for (const file of liveFigureModules(root)) {
    const mod = (await import(pathToFileURL(join(root, file)).href)) as { live?: LiveFigure[] };
    if (!Array.isArray(mod.live)) throw new Error(`${file} must export \`live: LiveFigure[]\``);
    figures.push(...mod.live);
  }
  const ids = figures.map((f) => f.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`two live figures are named ${twice}`);
  return figures;
}
