/**
 * Every live figure of the course, found through the course model: each unit may have a live
 * figures module (`unit.paths.liveFigures`, lessons/experiments/live/<slug>.ts) exporting
 * `live: LiveFigure[]` and `reference: UnitApi`. A lesson shows one with
 * `<div class="live-figure" data-live="<id>"></div>` on a line of its own; the site builds its
 * controls and first drawing, and the page script redraws it. This is the Node side (the pack, the
 * tests); the browser bundles import the same modules from the entries pack.ts writes for them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCourse } from '../../course/course';
import { repoRoot } from '../../course/paths';
import { collectLive, type LiveCourse, type UnitFiles } from './collect';
import type { LiveFigure, UnitApi } from './types';

/** The units that have live figures, with their module (repository-relative), in course order. */
export function liveUnits(root = repoRoot): { slug: string; file: string }[] {
  return loadCourse(root)
    .units.map((unit) => ({ slug: unit.slug, file: unit.paths.liveFigures }))
    .filter(({ file }) => existsSync(join(root, file)));
}

/** Every unit's stub and lesson, by slug, as the live figures name them. */
export function unitFiles(root = repoRoot): Record<string, UnitFiles> {
  return Object.fromEntries(loadCourse(root).units.map((unit) => [unit.slug, { stub: unit.paths.stub, lesson: unit.paths.lesson }]));
}

/** Every live figure and the units' reference apis; throws when a module lacks either export. */
export async function loadLive(root = repoRoot): Promise<LiveCourse> {
  const units = [];
  for (const { slug, file } of liveUnits(root)) {
    const mod = (await import(pathToFileURL(join(root, file)).href)) as { live?: LiveFigure[]; reference?: UnitApi };
    if (!Array.isArray(mod.live) || typeof mod.reference !== 'object') throw new Error(`${file} must export \`live: LiveFigure[]\` and \`reference: UnitApi\``);
    units.push({ slug, live: mod.live, reference: mod.reference });
  }
  return collectLive(units, unitFiles(root));
}
