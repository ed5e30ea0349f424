// The built lesson site in headless Chromium (a system one, else the one from npm: test/support/browser.ts):
// every page renders its maths, every figure loads, every internal link and anchor resolves.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../src/course/paths';
import { loadUnits } from '../../src/course/course';
import { buildSite } from '../../src/site/build';
import { serveSite, type SiteServer } from '../../src/site/serve';
import { browserSkipReason, describeChromium, launchChromium } from '../support/browser';

const skip = browserSkipReason();
const title = `the lesson site in headless Chromium${skip ? ` — SKIPPED: ${skip}` : ''}`;
if (skip) console.warn(title);

const units = loadUnits();
let out: string;
let server: SiteServer;
let browser: Browser;
let page: Page;

describe.skipIf(skip)(title, () => {
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'lesson-site-browser-'));
    buildSite({ outDir: out });
    server = await serveSite(out, { port: 0 });
    browser = await launchChromium();
    console.log(`site: browser tests in ${describeChromium()}`);
    page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    // Building the site and starting Chromium (the first time, unpacking the npm one) took more than
    // vitest's default 10 s on a loaded 2-core machine; a limit on setup, not a timed assertion.
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(out, { recursive: true, force: true });
  });

  type Seen = Awaited<ReturnType<typeof load>>;
  const visited = new Map<string, Seen>();
  /** What a page shows once loaded (each page is loaded once and remembered). */
  async function visit(path: string): Promise<Seen> {
    if (!visited.has(path)) visited.set(path, await load(path));
    return visited.get(path)!;
  }

  async function load(path: string) {
    const response = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    expect(response?.status(), path).toBe(200);
    return page.evaluate(() => ({
      katex: document.querySelectorAll('.katex').length,
      katexErrors: Array.from(document.querySelectorAll('.katex-error'), (e) => e.getAttribute('title') ?? e.textContent),
      images: Array.from(document.images, (img) => ({ src: img.getAttribute('src'), ok: img.complete && img.naturalWidth > 0 })),
      links: Array.from(document.querySelectorAll('a[href]'), (a) => (a as HTMLAnchorElement).href),
      ids: Array.from(document.querySelectorAll('[id]'), (e) => e.id),
    }));
  }

  test('every page renders: maths without KaTeX errors, every figure loaded', async () => {
    await visit('index.html');
    for (const unit of units) {
      const seen = await visit(`lessons/${unit.slug}.html`);
      expect(seen.katexErrors, unit.slug).toEqual([]);
      if (readFileSync(join(repoRoot, unit.lesson), 'utf8').includes('$')) expect(seen.katex, unit.slug).toBeGreaterThan(0);
      expect(seen.images.filter((i) => !i.ok), unit.slug).toEqual([]);
    }
  });

  test('every internal link resolves, and every #anchor it names exists on its page', async () => {
    const idsByPage = new Map<string, Set<string>>();
    const pending = ['index.html', ...units.map((u) => `lessons/${u.slug}.html`)];
    const links: { from: string; href: string }[] = [];
    for (const path of pending) {
      const seen = await visit(path);
      idsByPage.set(`${server.url}${path}`, new Set(seen.ids));
      for (const href of seen.links) if (href.startsWith(server.url)) links.push({ from: path, href });
    }
    expect(links.length).toBeGreaterThan(units.length * 2);
    const broken: string[] = [];
    for (const { from, href } of links) {
      const [address, anchor] = href.split('#') as [string, string | undefined];
      if (!idsByPage.has(address)) {
        const response = await fetch(address);
        if (response.status !== 200) broken.push(`${from}: ${href} (HTTP ${response.status})`);
        continue;
      }
      if (anchor && !idsByPage.get(address)!.has(decodeURIComponent(anchor))) broken.push(`${from}: ${href} (no element #${anchor})`);
    }
    expect(broken).toEqual([]);
  });

  test('the links test feedback prints (lessons/<slug>.md#<anchor>) land on that section', async () => {
    for (const unit of units) {
      const dir = join(repoRoot, unit.exerciseDir);
      const tests = existsSync(dir) ? readFileSyncAll(dir) : '';
      const pattern = new RegExp(`(?:${unit.slug}(?:\\.md)?|\\$\\{slug\\})#([a-z0-9-]+)`, 'g');
      const anchors = new Set([...tests.matchAll(pattern)].map((m) => m[1]!));
      if (anchors.size === 0) continue;
      // The address as printed (…/<slug>.md#anchor) redirects to the page, keeping the anchor…
      const [first] = anchors;
      await page.goto(`${server.url}lessons/${unit.slug}.md#${first}`);
      expect(page.url(), `${unit.slug}#${first}`).toBe(`${server.url}lessons/${unit.slug}.html#${first}`);
      // …and every anchor the unit's tests print is an element on that page.
      const ids = new Set(await page.evaluate(() => Array.from(document.querySelectorAll('[id]'), (e) => e.id)));
      expect([...anchors].filter((a) => !ids.has(a)), unit.slug).toEqual([]);
    }
  });

  test('screenshot: lesson 01 looks like a lesson (typeset maths, a figure, the exercise card)', async () => {
    const shots = join(repoRoot, 'dist', 'screenshots');
    mkdirSync(shots, { recursive: true });
    const unit = units[0]!;
    await page.goto(`${server.url}lessons/${unit.slug}.html`);
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.fonts.check('20px KaTeX_Main'))).toBe(true);
    const file = join(shots, `${unit.slug}.png`);
    await page.screenshot({ path: file, fullPage: true });
    // A blank or unstyled page compresses to a few kilobytes; a typeset lesson does not.
    expect(statSync(file).size).toBeGreaterThan(100_000);
    const formula = await page.locator('.katex-display').first().boundingBox();
    expect(formula!.height).toBeGreaterThan(20);
    const figure = await page.locator('article img').first().boundingBox();
    if (figure) expect(figure.width).toBeGreaterThan(300);
    const card = await page.locator('section.exercise').boundingBox();
    expect(card!.height).toBeGreaterThan(100);
    await page.locator('section.exercise').screenshot({ path: join(shots, `${unit.slug}-exercise.png`) });
    console.log(`site: screenshots in ${shots}`);
  });
});

function readFileSyncAll(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}
