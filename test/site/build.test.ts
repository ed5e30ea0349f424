// The lesson site as files: every lesson built, every anchor kept, assets copied, nothing broken.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../src/course/paths';
import { loadUnits } from '../../src/course/course';
import { lessonAnchors } from '../../src/lessons/markdown';
import { buildSite, type BuildResult } from '../../src/site/build';
import { parseSiteArgs } from '../../src/site/main';
import { resolveRequest, serveSite } from '../../src/site/serve';

const units = loadUnits();
let out: string;
let build: BuildResult;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'lesson-site-'));
  build = buildSite({ outDir: join(out, 'site') });
  console.log(`site: built ${build.pages.length} lessons in ${Math.round(build.ms)} ms`);
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const html = (path: string) => readFileSync(join(build.outDir, path), 'utf8');

describe('npm run lessons: the build', () => {
  test('builds one page per unit, in course order, with no warnings', () => {
    expect(build.warnings).toEqual([]);
    expect(build.pages.map((p) => p.path)).toEqual(units.map((u) => `lessons/${u.slug}.html`));
  });

  test('every heading anchor of every lesson (what test feedback links to) is an id on its page', () => {
    for (const unit of units) {
      const page = html(`lessons/${unit.slug}.html`);
      for (const anchor of lessonAnchors(readFileSync(join(repoRoot, unit.lesson), 'utf8'))) {
        expect(page, `${unit.slug}#${anchor}`).toContain(`id="${anchor}"`);
      }
    }
  });

  test('maths is rendered by KaTeX, with its stylesheet and fonts shipped', () => {
    for (const unit of units) {
      const page = html(`lessons/${unit.slug}.html`);
      expect(page).not.toContain('katex-error');
      if (readFileSync(join(repoRoot, unit.lesson), 'utf8').includes('$')) expect(page, unit.slug).toContain('class="katex"');
    }
    expect(existsSync(join(build.outDir, 'assets/katex/katex.min.css'))).toBe(true);
    expect(existsSync(join(build.outDir, 'assets/katex/fonts/KaTeX_Main-Regular.woff2'))).toBe(true);
  });

  test('a contents page, previous/next links, and the exercise at the end of each lesson', () => {
    const index = html('index.html');
    for (const unit of units) expect(index).toContain(`href="lessons/${unit.slug}.html"`);
    units.forEach((unit, i) => {
      const page = html(`lessons/${unit.slug}.html`);
      expect(page).toContain('href="../index.html"');
      if (i > 0) expect(page).toContain(`rel="prev" href="${units[i - 1]!.slug}.html"`);
      if (i < units.length - 1) expect(page).toContain(`rel="next" href="${units[i + 1]!.slug}.html"`);
      const card = page.slice(page.indexOf('<section class="exercise"'));
      expect(card).toContain(`Your turn: unit ${unit.number}`);
      expect(card).toContain(`${unit.paths.stub}`);
      expect(card).toContain(`npm test -- ${unit.number}`);
      expect(page.indexOf('<section class="exercise"')).toBeGreaterThan(page.indexOf('</article>'));
    });
  });

  test('figures are copied next to the pages that show them', () => {
    for (const unit of units) {
      for (const m of html(`lessons/${unit.slug}.html`).matchAll(/<img src="([^"]+)"/g)) {
        expect(existsSync(join(build.outDir, 'lessons', m[1]!)), `${unit.slug}: ${m[1]}`).toBe(true);
      }
    }
  });

  test('figures with a narrow drawing become a <picture> that picks it on a phone', () => {
    const page = html('lessons/01-sigmoid.html');
    expect(page).toContain('<picture><source media="(max-width: 560px)" srcset="figures/01-sigmoid-curves.narrow.svg"><img src="figures/01-sigmoid-curves.svg"');
    expect(existsSync(join(build.outDir, 'lessons/figures/01-sigmoid-curves.narrow.svg'))).toBe(true);
  });

  test('a live-figure placeholder becomes its controls and a first drawing, with the scripts beside it', () => {
    let lessons = 0;
    for (const unit of units) {
      const source = readFileSync(join(repoRoot, unit.lesson), 'utf8');
      const ids = [...source.matchAll(/<div class="live-figure" data-live="([\w-]+)"><\/div>/g)].map((m) => m[1]!);
      const page = html(`lessons/${unit.slug}.html`);
      for (const id of ids) {
        const start = page.indexOf(`<figure class="live-figure" data-live="${id}"`);
        expect(start, `${unit.slug}: ${id}`).toBeGreaterThan(-1);
        const figure = page.slice(start, page.indexOf('</figure>', start));
        expect(figure).toMatch(/<input type="(range|checkbox)"|<select/);
        expect(figure).toContain('<svg');
        // Not served: no learner code is bundled or mentioned.
        expect(figure).not.toContain('data-yours');
      }
      if (ids.length > 0) {
        lessons += 1;
        expect(page).toContain('<script src="figures/live/live.js" defer></script>');
      }
    }
    expect(lessons).toBeGreaterThanOrEqual(6);
    expect(existsSync(join(build.outDir, 'lessons/figures/live/live.js'))).toBe(true);
    expect(existsSync(join(build.outDir, 'lessons/figures/live/live-worker.js'))).toBe(true);
    expect(existsSync(join(build.outDir, 'assets/yours'))).toBe(false);
  });

  test('an unknown live figure is a warning', () => {
    const root = mkdtempSync(join(out, 'course-'));
    mkdirSync(join(root, 'lessons'));
    mkdirSync(join(root, 'exercises/01-a'), { recursive: true });
    writeFileSync(join(root, 'course.json'), JSON.stringify({ title: 'T', units: ['01-a'] }));
    writeFileSync(join(root, 'exercises/01-a/meta.json'), JSON.stringify({ title: 'A', points: 1, hints: ['x', 'y'] }));
    writeFileSync(join(root, 'lessons/01-a.md'), '# A\n\n<div class="live-figure" data-live="01-nothing"></div>\n');
    expect(buildSite({ root, outDir: join(root, 'site') }).warnings).toEqual([
      'lessons/01-a.md: no live figure "01-nothing" in lessons/figures/live/ (the units\' modules in lessons/experiments/live/ define them; npm run figures writes them)',
    ]);
  });

  test('broken links, unpublished targets and KaTeX errors are reported as warnings', () => {
    const root = mkdtempSync(join(out, 'course-'));
    mkdirSync(join(root, 'lessons'));
    mkdirSync(join(root, 'exercises/01-a'), { recursive: true });
    writeFileSync(join(root, 'course.json'), JSON.stringify({ title: 'T', units: ['01-a'] }));
    writeFileSync(join(root, 'exercises/01-a/meta.json'), JSON.stringify({ title: 'A', points: 1, hints: ['x', 'y'] }));
    writeFileSync(join(root, 'exercises/01-a/index.ts'), 'export function f() {}\n');
    writeFileSync(
      join(root, 'lessons/01-a.md'),
      '# A\n\n## Here\n\n[ok](#here) [bad](#nowhere) [gone](02-b.md) [secret](../solutions/01-a/index.ts) [stub](../exercises/01-a/index.ts) $\\frac{1}{$\n',
    );
    const result = buildSite({ root, outDir: join(root, 'site') });
    expect(result.warnings).toEqual([
      'lessons/01-a.md: link to #nowhere, which is not a heading of this lesson',
      'lessons/01-a.md: link 02-b.md leads to lessons/02-b.md, which does not exist',
      'lessons/01-a.md: link ../solutions/01-a/index.ts leads to solutions/01-a/index.ts, which is not published',
      expect.stringMatching(/^lessons\/01-a\.md: KaTeX could not render: /),
    ]);
    // a linked exercise file is published with the site
    expect(existsSync(join(root, 'site/exercises/01-a/index.ts'))).toBe(true);
  });

  test('refuses to clear a folder that does not hold a previous site', () => {
    const folder = mkdtempSync(join(out, 'precious-'));
    writeFileSync(join(folder, 'notes.txt'), 'mine');
    expect(() => buildSite({ outDir: folder })).toThrow(/not empty and does not hold a previous lesson site/);
    expect(readFileSync(join(folder, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('npm run lessons: options and the server', () => {
  test('options', () => {
    expect(parseSiteArgs(['--build-only', '--out', '/tmp/x', '--port', '0'])).toMatchObject({ buildOnly: true, out: '/tmp/x', port: 0 });
    expect(() => parseSiteArgs(['--port', 'lots'])).toThrow(/--port must be a whole number/);
    expect(() => parseSiteArgs(['--out'])).toThrow(/--out needs a value/);
    expect(() => parseSiteArgs(['--watch'])).toThrow(/Unknown option "--watch"/);
  });

  test('serves the site, redirects feedback links (.md) to pages, and stays inside the folder', async () => {
    expect(resolveRequest(build.outDir, '/../../etc/passwd')).toBeUndefined();
    expect(resolveRequest(build.outDir, '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(resolveRequest(build.outDir, '/')).toBe(join(build.outDir, 'index.html'));
    const server = await serveSite(build.outDir, { port: 0 });
    try {
      const slug = units[0]!.slug;
      const page = await fetch(`${server.url}lessons/${slug}.html`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const redirect = await fetch(`${server.url}lessons/${slug}.md`, { redirect: 'manual' });
      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe(`/lessons/${slug}.html`);
      expect((await fetch(`${server.url}no/such/page.html`)).status).toBe(404);
      expect((await fetch(`${server.url}assets/katex/katex.min.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    } finally {
      await server.close();
    }
  });
});
