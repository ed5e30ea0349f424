/**
 * Figures are discovered, not registered: each unit may have `src/figures/<slug>.ts` exporting
 * `figures: Figure[]`. `npm run figures` writes them to lessons/figures/; a project test checks
 * that the committed SVGs equal a fresh render, so a figure cannot drift from the code.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../course/paths';

export interface Figure {
  /** file name under lessons/figures/, e.g. `01-sigmoid-curves.svg` */
  file: string;
  /** what the figure shows (alt text) */
  alt: string;
  render(): string;
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

export function figureExists(file: string): boolean {
  return existsSync(join(figuresDir, file));
}
