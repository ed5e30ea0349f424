// Every lesson section that feedback, hints, stubs or lessons link to must exist, so a learner
// told "Reread lessons/04-backprop-mlp.md#the-transpose" finds that heading.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../../src/course/paths';
import { loadUnits, UNIT_SLUG_IN_TEXT } from '../../src/course/course';
import { lessonAnchors } from '../../src/lessons/markdown';
import { figureExists, figureFiles, figuresDir, loadFigures } from '../../src/figures/registry';
import { livePack } from '../../src/figures/live/pack';

const units = loadUnits();
const anchorsBySlug = new Map(units.map((u) => [u.slug, lessonAnchors(readFileSync(join(repoRoot, u.lesson), 'utf8'))]));

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|json|md)$/.test(name) ? [path] : [];
  });
}

interface Reference { file: string; slug: string; anchor: string }

const SLUG = UNIT_SLUG_IN_TEXT.source;
/** The unit a file belongs to by its name: `04-backprop-mlp.md`, `04-backprop-mlp.checks.ts`, `04-backprop-mlp.test.ts`. */
const OWN_SLUG = new RegExp(`(${SLUG})(?:\\.[a-z]+)*\\.(?:ts|md)$`);
/** A link to a lesson section: `04-backprop-mlp.md#the-transpose` or `04-backprop-mlp#the-transpose`. */
const SECTION_LINK = new RegExp(`(${SLUG})(?:\\.md)?#([a-z0-9-]+)`, 'g');

function referencesIn(path: string): Reference[] {
  const text = readFileSync(path, 'utf8');
  const file = relative(repoRoot, path);
  const own = OWN_SLUG.exec(path.split('/').pop()!)?.[1];
  const refs: Reference[] = [];
  for (const m of text.matchAll(SECTION_LINK)) refs.push({ file, slug: m[1]!, anchor: m[2]! });
  if (own) {
    for (const m of text.matchAll(/\$\{slug\}#([a-z0-9-]+)/g)) refs.push({ file, slug: own, anchor: m[1]! });
    if (path.endsWith('.md')) for (const m of text.matchAll(/\]\(#([a-z0-9-]+)\)/g)) refs.push({ file, slug: own, anchor: m[1]! });
  }
  return refs;
}

describe('lesson links', () => {
  const files = ['exercises', 'grader/checks', 'test/misconceptions', 'lessons', 'lib'].flatMap((d) => filesUnder(join(repoRoot, d)));
  const refs = files.flatMap(referencesIn);

  test('feedback and hints link to lesson sections (sanity: links are found at all)', () => {
    expect(refs.length).toBeGreaterThan(units.length);
  });

  test('every linked section exists', () => {
    const broken = refs
      .filter((r) => !anchorsBySlug.get(r.slug)?.has(r.anchor))
      .map((r) => `${r.file}: ${r.slug}#${r.anchor}${anchorsBySlug.has(r.slug) ? '' : ' (no such lesson)'}`);
    expect(broken).toEqual([]);
  });

  test('every unit has a lesson with an exercise section', () => {
    for (const unit of units) expect(anchorsBySlug.get(unit.slug)?.has('the-exercise'), unit.slug).toBe(true);
  });
});

describe('lesson figures', () => {
  test('every figure a lesson shows exists, and every figure is rendered from the current code', async () => {
    const figures = await loadFigures();
    const shown = units.flatMap((u) =>
      [...readFileSync(join(repoRoot, u.lesson), 'utf8').matchAll(/\]\(figures\/([\w.-]+\.svg)\)/g)].map((m) => m[1]!),
    );
    for (const file of shown) expect(figureExists(file), `lessons/figures/${file} (run npm run figures)`).toBe(true);
    for (const figure of figures) {
      for (const { file, svg } of figureFiles(figure)) {
        const committed = existsSync(join(figuresDir, file)) ? readFileSync(join(figuresDir, file), 'utf8') : '';
        expect(committed === svg, `lessons/figures/${file} is stale: run npm run figures`).toBe(true);
      }
    }
    // The live figures' markup and browser bundles, as the site copies them.
    for (const { file, text } of await livePack()) {
      const committed = existsSync(join(figuresDir, file)) ? readFileSync(join(figuresDir, file), 'utf8') : '';
      expect(committed === text, `lessons/figures/${file} is stale: run npm run figures`).toBe(true);
    }
  });
});
