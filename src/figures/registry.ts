/**
 * Figures are discovered, not registered: each unit may have `src/figures/<slug>.ts` exporting
 * `figures: Figure[]`. `npm run figures` writes each one to lessons/figures/ twice (wide, and
 * `.narrow.svg` for phones); a project test checks that the committed SVGs equal a fresh render,
 * so a figure cannot drift from the code.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

export async function loadFigures(): Promise<Figure[]> {
  const dir = join(repoRoot, 'src', 'figures');
  const modules = readdirSync(dir).filter((f) => /^\d\d-[\w-]+\.ts$/.test(f)).sort();
  const figures: Figure[] = [];
  for (const file of modules) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { figures?: Figure[] };
    if (!Array.isArray(mod.figures)) throw new Error(`src/figures/${file} must export \`figures: Figure[]\``);
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
