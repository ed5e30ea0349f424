/**
 * The course's live figures gathered from the units' modules (lessons/experiments/live/<slug>.ts),
 * the same way in Node (index.ts) and in the browser bundles (the entries pack.ts writes).
 */
import type { LiveFigure, UnitApi } from './types';

/** A unit's files as the page names them to the learner (the course model's `unit.paths`). */
export interface UnitFiles {
  stub: string;
  lesson: string;
}

/** What one unit's live figures module gives: its figures and, where wanted, its reference api. */
export interface LiveUnit {
  slug: string;
  live: LiveFigure[];
  reference?: UnitApi;
}

/** Every live figure of the course, and the reference api of each unit (by slug) that they compute with. */
export interface LiveCourse {
  figures: LiveFigure[];
  reference: Record<string, UnitApi>;
  /** every unit's files, by slug (a figure may run the learner's earlier units too) */
  files: Record<string, UnitFiles>;
}

export function collectLive(units: LiveUnit[], files: Record<string, UnitFiles>): LiveCourse {
  const figures = units.flatMap((unit) => unit.live);
  for (const unit of units) {
    const stray = unit.live.find((figure) => figure.unit !== unit.slug);
    if (stray) throw new Error(`live figure ${stray.id} is in unit ${unit.slug}'s module but names unit ${stray.unit}`);
  }
  const ids = figures.map((f) => f.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`two live figures are named ${twice}`);
  return { figures, reference: Object.fromEntries(units.flatMap((unit) => (unit.reference ? [[unit.slug, unit.reference]] : []))), files };
}
