/**
 * Figures are discovered, not registered: each unit of the course may have its experiments module
 * (`unit.paths.experiments`, lessons/experiments/<slug>.ts) exporting `figures: Figure[]`.
 * `npm run figures` writes each one to lessons/figures/ twice (wide, and `.narrow.svg` for phones);
 * a project test checks that the committed SVGs equal a fresh render, so a figure cannot drift from the code.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCourse } from '../course/course';
import { repoRoot } from '../course/paths';
import type { Chart } from './chart';
import { NARROW, narrowName, renderSvg, WIDE } from './render';

export interface Figure {
  /** file name under lessons/figures/, e.g. `01-sigmoid-curves.svg` */
  file: string;
  /** what the figure shows (alt text) */
  alt: string;
  /** what to draw (chart.ts's lineChart or histogramPanels) */
  chart(): Chart;
}

export const figuresDir = join(repoRoot, 'lessons', 'figures');

/**
 * Every figure of the course, in course order. The experiments import their unit as `@impl/<slug>`,
 * so the caller decides whose code draws them: lesson-imports.ts (tsx) or vitest.config.ts make it solutions/.
 */
export async function loadFigures(root = repoRoot): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const unit of loadCourse(root).units) {
    const file = unit.paths.experiments;
    if (!existsSync(join(root, file))) continue;
    const mod = (await import(pathToFileURL(join(root, file)).href)) as { figures?: Figure[] };
    if (!Array.isArray(mod.figures)) throw new Error(`${file} must export \`figures: Figure[]\``);
    figures.push(...mod.figures);
  }
  const seen = new Set<string>();
  for (const figure of figures) {
    if (seen.has(figure.file)) throw new Error(`two figures are named ${figure.file}`);
    seen.add(figure.file);
  }
  return figures;
}

/** The files one figure is written to: the wide drawing and the narrow one, with their SVG text. */
export function figureFiles(figure: Figure): { file: string; svg: string }[] {
  const chart = figure.chart();
  return [
    { file: figure.file, svg: renderSvg(chart, WIDE) },
    { file: narrowName(figure.file), svg: renderSvg(chart, NARROW) },
  ];
}

export function figureExists(file: string): boolean {
  return existsSync(join(figuresDir, file));
}
