// The learner's own code in the live figures, in headless Chromium: a scratch copy of the course
// whose exercises hold a learner's work in every state (right, wrong, not written, throwing,
// hanging, not building), built as `npm run lessons` serves it. Each figure must draw the learner's
// series marked data-series="yours", or say plainly why not, and never freeze the page.
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../src/course/paths';
import { buildSite } from '../../src/site/build';
import { serveSite, type SiteServer } from '../../src/site/serve';
import { browserSkipReason, launchChromium } from '../support/browser';

const noBrowser = browserSkipReason();
const title = noBrowser ? `the learner's code in the live figures — SKIPPED: ${noBrowser}` : "the learner's code in the live figures";
if (noBrowser) console.warn(title);

// What the learner wrote, unit by unit. Units 07 and 08 keep their stubs (not written yet; 07's
// imports the course's lib through the `@course/*` path, as every learner's file may).
const learner: Record<string, string> = {
  // right
  '02-chain-rule': `
const s = (z: number) => 1 / (1 + Math.exp(-z));
export function chainBackward(x: number, weights: number[], dLda: number) {
  const a = [x];
  for (const w of weights) a.push(s(w * a[a.length - 1]!));
  const dz = new Array<number>(weights.length);
  const dw = new Array<number>(weights.length);
  let up = dLda;
  for (let k = weights.length - 1; k >= 0; k--) {
    dz[k] = up * a[k + 1]! * (1 - a[k + 1]!);
    dw[k] = dz[k]! * a[k]!;
    up = dz[k]! * weights[k]!;
  }
  return { dz, dw };
}`,
  // wrong: the σ(z)(1 − z) mistake
  '01-sigmoid': `
export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
export const sigmoidPrime = (z: number) => sigmoid(z) * (1 - z);
export const tanhPrime = (z: number) => 1 - Math.tanh(z) ** 2;`,
  // throws
  '05-vanishing-gradients': `
export function deepForwardBackward(): never { throw new Error('W is 32x32 but A has 16 columns'); }
export function layerGradientNorms(): number[] { return []; }`,
  // hangs
  '06-exploding-gradients': `
export function deepLinearOutput(W: number[][], L: number, x: number[]): number[] {
  for (;;) { if (L < 0) return x; }
}`,
  // right: unit 11's chain, written out
  '11-residual-connections': `
const s = (z: number) => 1 / (1 + Math.exp(-z));
export function residualChainLocalGradients(x: number, weights: number[]): number[] {
  let a = x;
  return weights.map((w) => {
    const z = w * a;
    a = a + s(z);
    return 1 + w * s(z) * (1 - s(z));
  });
}`,
  // a trainer that learns nothing but answers in the contract's shapes: drawn as theirs
  '12-deep-training': `
export function makeSpirals(n: number) {
  return { X: Array.from({ length: 2 * n }, () => [0, 0]), Y: Array.from({ length: 2 * n }, (_, i) => (i < n ? 0 : 1)) };
}
export function trainDeepNet(config: { steps: number; depth: number }) {
  return {
    lossHistory: Array.from({ length: config.steps }, (_, t) => 1 - t / 500),
    gradNormHistory: Array.from({ length: config.steps }, () => Array<number>(config.depth).fill(1)),
    accuracy: 0.5,
  };
}`,
  // does not build
  '10-gradient-clipping': `
export function clipByGlobalNorm(grads: number[][][], maxNorm: number) {
  return { clipped: grads totalNorm: 0 };
}`,
};

let scratch: string;
let server: SiteServer;
let browser: Browser;

async function openFigure(slug: string): Promise<{ page: Page; figure: Locator; status: Locator }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  await page.goto(`${server.url}lessons/${slug}.html`);
  const figure = page.locator('.live-figure').first();
  const status = figure.locator('.yours[data-series="yours"]');
  // The first run of the learner's code (in its worker) settles the status line.
  await expect.poll(() => status.getAttribute('data-state'), { timeout: 30_000 }).not.toBe('pending');
  return { page, figure, status };
}

const paths = (figure: Locator, series: 'yours' | 'reference') =>
  figure.locator(`.drawing g[data-series="${series}"] path`).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('d')));

describe.skipIf(noBrowser !== undefined)(title, () => {
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'lesson-site-yours-'));
    for (const name of ['course.json', 'lessons', 'lib', 'node_modules', 'package.json', 'tsconfig.json']) symlinkSync(join(repoRoot, name), join(scratch, name));
    cpSync(join(repoRoot, 'exercises'), join(scratch, 'exercises'), { recursive: true });
    for (const [slug, code] of Object.entries(learner)) writeFileSync(join(scratch, 'exercises', slug, 'index.ts'), code);
    buildSite({ root: scratch, outDir: join(scratch, 'site'), yours: true });
    server = await serveSite(join(scratch, 'site'), { port: 0 });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('right code is drawn as "yours" and lies on the reference', async () => {
    const { page, figure, status } = await openFigure('02-chain-rule');
    expect(await status.getAttribute('data-state')).toBe('ok');
    const yours = await paths(figure, 'yours');
    expect(yours.length).toBeGreaterThan(0);
    // |dL/dw_k| is the first reference series; the learner's copy of it must trace the same path.
    expect(yours[0]).toBe((await paths(figure, 'reference'))[0]);
    // …and it follows the controls: a new depth redraws the learner's series too.
    await figure.locator('input[name="depth"]').fill('8');
    await expect.poll(async () => (await paths(figure, 'yours'))[0], { timeout: 30_000 }).toBe((await paths(figure, 'reference'))[0]);
    await page.close();
  });

  test("unit 11's chain, written right, lies on the reference; with the skip the product is 1.349", async () => {
    const { page, figure, status } = await openFigure('11-residual-connections');
    expect(await figure.getAttribute('data-live')).toBe('11-residual-chain');
    expect(await status.getAttribute('data-state')).toBe('ok');
    expect((await paths(figure, 'yours'))[0]).toBe((await paths(figure, 'reference'))[0]);
    expect(await figure.locator('.readout').textContent()).toMatch(/^Over 3 layers: 1\.349 with the skip/);
    await page.close();
  });

  test("unit 12's trainer runs in the worker, is drawn as theirs, and follows a control when it is let go", async () => {
    const { page, figure, status } = await openFigure('12-deep-training');
    expect(await status.getAttribute('data-state')).toBe('ok');
    expect(await figure.locator('.legend [data-series="yours"]').allTextContents()).toEqual(['yours: loss (mean of 10 steps)']);
    const first = (await paths(figure, 'yours'))[0];
    expect(first).toBeTruthy();
    expect(first).not.toBe((await paths(figure, 'reference'))[1]);
    await figure.locator('select[name="view"]').selectOption('norms');
    await expect.poll(() => figure.locator('.legend [data-series="yours"]').allTextContents(), { timeout: 30_000 }).toEqual(['yours: ‖dW_1‖ (first layer)', 'yours: ‖dW_20‖ (last layer)']);
    await page.close();
  });

  test("wrong code is drawn as the learner wrote it, not as the reference", async () => {
    const { page, figure, status } = await openFigure('01-sigmoid');
    expect(await status.getAttribute('data-state')).toBe('ok');
    const [, yoursPrime] = await paths(figure, 'yours');
    const [, referencePrime] = await paths(figure, 'reference');
    expect(yoursPrime).toBeTruthy();
    expect(yoursPrime).not.toBe(referencePrime);
    expect(await figure.locator('.legend [data-series="yours"]').allTextContents()).toEqual(['yours: σ(z)', "yours: σ'(z)"]);
    await page.close();
  });

  test.each(['08-batch-norm', '07-weight-init'])('the stub of %s says it is not written yet', async (slug) => {
    const { page, figure, status } = await openFigure(slug);
    expect(await status.getAttribute('data-state')).toBe('missing');
    expect(await status.textContent()).toContain(`not written yet (exercises/${slug}/index.ts: TODO`);
    expect(await figure.locator('[data-series="yours"] path, [data-series="yours"] rect').count()).toBe(0);
    await page.close();
  });

  test('throwing code says what it threw', async () => {
    const { page, figure, status } = await openFigure('05-vanishing-gradients');
    expect(await status.getAttribute('data-state')).toBe('error');
    expect(await status.textContent()).toContain('your code threw: W is 32x32 but A has 16 columns');
    expect(await paths(figure, 'reference')).not.toEqual([]);
    await page.close();
  });

  test('hanging code is stopped and says so, and the page stays responsive', async () => {
    const { page, figure, status } = await openFigure('06-exploding-gradients');
    expect(await status.getAttribute('data-state')).toBe('error');
    expect(await status.textContent()).toMatch(/did not finish within 3 s \(an endless loop\?\), so it was stopped/);
    // The reference still redraws at once: the hang was in the worker, not the page.
    const before = await figure.locator('.drawing').innerHTML();
    await figure.locator('input[name="d"]').fill('0.8');
    expect(await figure.locator('.drawing').innerHTML()).not.toBe(before);
    await page.close();
  });

  test('code that does not build says where', async () => {
    const { page, status } = await openFigure('10-gradient-clipping');
    expect(await status.getAttribute('data-state')).toBe('error');
    expect(await status.textContent()).toMatch(/exercises\/10-gradient-clipping\/index\.ts does not build: index\.ts:3:\d+: Expected/);
    await page.close();
  });
});
