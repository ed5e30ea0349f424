// The lesson site read as a reader would, in headless Chromium: on a phone (390 px) no page scrolls
// sideways and figures use their narrow drawing; in the dark every page, formula and figure is dark;
// axe-core finds nothing serious or critical; a long lesson has its contents; the live figures redraw
// when a control moves. Screenshots at 390 and 1280 px, light and dark, go to dist/screenshots/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../src/course/paths';
import { loadUnits } from '../../src/course/course';
import { buildSite } from '../../src/site/build';
import { serveSite, type SiteServer } from '../../src/site/serve';
import { loadLive } from '../../src/figures/live/index';
import { browserSkipReason, launchChromium } from '../support/browser';

const { figures: liveFigures } = await loadLive();

const noBrowser = browserSkipReason();
const title = noBrowser ? `reading the lesson site — SKIPPED: ${noBrowser}` : 'reading the lesson site';
if (noBrowser) console.warn(title);

const units = loadUnits();
const pages = ['index.html', ...units.map((u) => `lessons/${u.slug}.html`)];
const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const shots = join(repoRoot, 'dist', 'screenshots');
let out: string;
let server: SiteServer;
let browser: Browser;

/** Relative luminance of a CSS rgb()/rgba() colour, 0 (black) to 1 (white). */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  expect(response?.status(), path).toBe(200);
  await page.evaluate(() => document.fonts.ready);
  return page;
}

describe.skipIf(noBrowser !== undefined)(title, () => {
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'lesson-site-reading-'));
    buildSite({ outDir: out });
    server = await serveSite(out, { port: 0 });
    browser = await launchChromium();
    mkdirSync(shots, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(out, { recursive: true, force: true });
  });

  test('on a phone (390 px) no page scrolls sideways, and figures use their narrow drawing', { timeout: 180_000 }, async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const wide: string[] = [];
    const notNarrow: string[] = [];
    for (const path of pages) {
      const page = await open(phone, path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`${path}: ${width} px`);
      const sources = await page.evaluate(() => Array.from(document.querySelectorAll('picture img'), (img) => (img as HTMLImageElement).currentSrc));
      notNarrow.push(...sources.filter((src) => !src.endsWith('.narrow.svg')).map((src) => `${path}: ${src}`));
      await page.close();
    }
    await phone.close();
    expect(wide).toEqual([]);
    expect(notNarrow).toEqual([]);
  });

  test('a wide table or equation that scrolls is a focusable, named region with a visible cue', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await open(phone, 'lessons/04-backprop-mlp.html');
    const regions = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.wide.scrolls'), (e) => ({ tab: e.getAttribute('tabindex'), label: e.getAttribute('aria-label'), cue: getComputedStyle(e, '::after').content })),
    );
    await phone.close();
    expect(regions.length).toBeGreaterThan(0);
    for (const region of regions) {
      expect(region.tab).toBe('0');
      expect(region.label).toMatch(/^(Table|Equation|Code) \d+ \(scrolls sideways\)$/);
      expect(region.cue).toContain('scroll sideways');
    }
  });

  test('in the dark every page is dark: background, text, maths and figures', { timeout: 180_000 }, async () => {
    const dark = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    for (const path of pages) {
      const page = await open(dark, path);
      const seen = await page.evaluate(() => {
        const style = (e: Element | null) => (e ? getComputedStyle(e) : null);
        const bg = document.querySelector('.fig-bg');
        return {
          background: style(document.body)!.backgroundColor,
          text: style(document.querySelector('main p'))!.color,
          katex: style(document.querySelector('.katex'))?.color ?? null,
          code: style(document.querySelector('pre'))?.backgroundColor ?? null,
          figure: bg ? getComputedStyle(bg).fill : null,
        };
      });
      expect(luminance(seen.background), `${path} background`).toBeLessThan(0.05);
      expect(luminance(seen.text), `${path} text`).toBeGreaterThan(0.5);
      if (seen.katex) expect(luminance(seen.katex), `${path} maths`).toBeGreaterThan(0.5);
      if (seen.code) expect(luminance(seen.code), `${path} code`).toBeLessThan(0.05);
      if (seen.figure) expect(luminance(seen.figure), `${path} live figure`).toBeLessThan(0.05);
      // A static figure is an <img>: it follows the reader's scheme by its own stylesheet.
      if (path === 'lessons/01-sigmoid.html') {
        const img = page.locator('article picture img').first();
        await img.scrollIntoViewIfNeeded();
        const shot = await img.screenshot();
        const pixel = await page.evaluate(async (data) => {
          const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d')!;
          context.drawImage(bitmap, 0, 0);
          return Array.from(context.getImageData(2, 2, 1, 1).data);
        }, shot.toString('base64'));
        expect(luminance(`rgb(${pixel.slice(0, 3).join(',')})`), 'a static figure in the dark').toBeLessThan(0.05);
      }
      await page.close();
    }
    await dark.close();
  });

  test('axe-core finds no serious or critical problem on any page, on a dark phone and a light desktop', { timeout: 300_000 }, async () => {
    const found: string[] = [];
    for (const [width, colorScheme] of [[390, 'dark'], [1280, 'light']] as const) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
      for (const path of pages) {
        const page = await open(context, path);
        await page.addScriptTag({ path: axeScript });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
          const result = await axe.run(document, { resultTypes: ['violations'] });
          return result.violations.map((v) => ({ id: v.id, impact: v.impact, where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
        });
        for (const v of violations) if (v.impact === 'serious' || v.impact === 'critical') found.push(`${width}px ${colorScheme} ${path}: ${v.impact} ${v.id} at ${v.where.join(', ')}`);
        await page.close();
      }
      await context.close();
    }
    expect(found).toEqual([]);
  });

  test('a long lesson has in-page contents that lead to its sections', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await open(context, 'lessons/04-backprop-mlp.html');
    const links = await page.evaluate(() => Array.from(document.querySelectorAll('nav.toc a'), (a) => a.getAttribute('href')!));
    const sections = await page.evaluate(() => Array.from(document.querySelectorAll('article h2[id]'), (h) => `#${h.id}`));
    expect(links).toEqual(sections);
    expect(links.length).toBeGreaterThanOrEqual(5);
    await page.locator('nav.toc a').nth(4).click();
    expect(page.url()).toContain(links[4]);
    await context.close();
  });

  test('six or more lessons have live figures, and moving any control redraws its figure at once', { timeout: 180_000 }, async () => {
    const lessons = new Set(liveFigures.map((f) => f.unit));
    expect(lessons.size).toBeGreaterThanOrEqual(6);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const unchanged: string[] = [];
    for (const figure of liveFigures) {
      const page = await open(context, `lessons/${figure.unit}.html`);
      const root = page.locator(`.live-figure[data-live="${figure.id}"]`);
      await expect.poll(() => root.locator('.drawing > svg').count()).toBe(1);
      for (const control of figure.controls) {
        const before = await root.locator('.drawing').innerHTML();
        const input = root.locator(`[name="${control.name}"]`);
        if (control.kind === 'range') await input.fill(String(control.value === control.max ? control.min : control.max));
        else if (control.kind === 'select') await input.selectOption(control.options.find((o) => o.value !== control.value)!.value);
        else await input.setChecked(!control.value);
        if (figure.redraw === 'change') {
          // A training figure redraws once the control is let go (after painting "Training…").
          const changed = await expect.poll(() => root.locator('.drawing').innerHTML(), { timeout: 30_000 }).not.toBe(before).then(() => true, () => false);
          if (!changed) unchanged.push(`${figure.id}: ${control.name}`);
          continue;
        }
        // No waiting: the redraw happens in the input handler itself.
        const after = await root.locator('.drawing').innerHTML();
        if (after === before) unchanged.push(`${figure.id}: ${control.name}`);
      }
      await page.close();
    }
    await context.close();
    expect(unchanged).toEqual([]);
  });

  test('opened from disk (no server), a live figure still redraws', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    await page.goto(`file://${join(out, 'lessons', '06-exploding-gradients.html')}`);
    const root = page.locator('.live-figure').first();
    await expect.poll(() => root.locator('.drawing > svg title').textContent()).toContain('diag(1.2, 1.2)');
    await root.locator('input[name="d"]').fill('0.7');
    expect(await root.locator('.drawing > svg title').textContent()).toContain('diag(0.7, 0.7)');
    // Not served: the learner's status line stays hidden (no code of theirs is bundled).
    expect(await root.locator('.yours').isHidden()).toBe(true);
    await context.close();
  });

  test('the lesson 01 live figure follows its slider: the z in the title, the marker and the readout', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await open(context, 'lessons/01-sigmoid.html');
    const root = page.locator('.live-figure[data-live="01-sigmoid-z"]');
    await root.locator('input[name="z"]').fill('-4');
    await expect.poll(() => root.locator('output').textContent()).toBe('-4.0');
    expect(await root.locator('svg title').first().textContent()).toContain('z = -4');
    // σ'(−4) = σ(−4)·(1 − σ(−4)) = 0.01766
    expect(await root.locator('.readout').textContent()).toContain("σ'(-4) = 0.01766");
    await context.close();
  });

  test('screenshots: phone and desktop, light and dark', { timeout: 180_000 }, async () => {
    for (const [width, colorScheme] of [[390, 'light'], [390, 'dark'], [1280, 'light'], [1280, 'dark']] as const) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
      for (const slug of ['04-backprop-mlp', '07-weight-init', '11-residual-connections', '12-deep-training']) {
        const page = await open(context, `lessons/${slug}.html`);
        await page.screenshot({ path: join(shots, `${slug}-${width}-${colorScheme}.png`) });
        const live = page.locator('.live-figure').first();
        if ((await live.count()) > 0) await live.screenshot({ path: join(shots, `${slug}-live-${width}-${colorScheme}.png`) });
        await page.close();
      }
      await context.close();
    }
    console.log(`site: screenshots in ${shots}`);
  });
});
