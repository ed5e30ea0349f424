// The browser tests' launcher (test/support/browser.ts): which Chromium it picks, that a missing one
// skips only outside CI, and that the Chromium from npm unpacks once, even when two workers race, and runs.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { browserSkipReason, findChromium, launchChromium, unpackNpmChromium } from '../support/browser';

const scratch = mkdtempSync(join(tmpdir(), 'chromium-launcher-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

const fakeSystem = join(scratch, 'chromium');
writeFileSync(fakeSystem, '');
const nowhere = join(scratch, 'no-such-chromium');
const npmBuildRuns = process.platform === 'linux' && process.arch === 'x64';
// Read here, not from the launcher: the package's own folder and version.
const npmPackage = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', '..');
const npmVersion = (JSON.parse(readFileSync(join(npmPackage, 'package.json'), 'utf8')) as { version: string }).version;

describe('which Chromium the browser tests use', () => {
  test('COURSE_CHROMIUM comes first; a missing one is named in the reason', () => {
    expect(findChromium({ COURSE_CHROMIUM: fakeSystem, COURSE_BROWSER: 'npm' }, [])).toMatchObject({ found: true, source: 'COURSE_CHROMIUM', path: fakeSystem });
    const missing = findChromium({ COURSE_CHROMIUM: nowhere }, [fakeSystem]);
    expect(missing).toEqual({ found: false, reason: expect.stringContaining(nowhere) });
  });

  test('a system Chromium is preferred to the npm one, unless COURSE_BROWSER=npm', () => {
    expect(findChromium({}, [nowhere, fakeSystem])).toMatchObject({ found: true, source: 'system', path: fakeSystem });
    expect(findChromium({ COURSE_BROWSER: 'npm' }, [fakeSystem])).toMatchObject(npmBuildRuns ? { found: true, source: 'npm', path: npmPackage } : { found: false });
  });

  test.runIf(npmBuildRuns)('without a system Chromium, the one from npm', () => {
    expect(findChromium({}, [nowhere])).toMatchObject({ found: true, source: 'npm', label: expect.stringContaining(npmVersion) });
  });

  test('COURSE_BROWSER=system refuses the npm one; a misspelt COURSE_BROWSER is an error that lists the choices', () => {
    expect(findChromium({ COURSE_BROWSER: 'system' }, [nowhere])).toEqual({ found: false, reason: expect.stringContaining(nowhere) });
    expect(() => findChromium({ COURSE_BROWSER: 'chrome' })).toThrow('COURSE_BROWSER is "chrome"; use "system", "npm", or leave it unset for either.');
  });

  test('no browser: the tests skip with the reason outside CI, and run (to fail) under CI=true', () => {
    expect(browserSkipReason({ COURSE_CHROMIUM: nowhere })).toContain(nowhere);
    expect(browserSkipReason({ COURSE_CHROMIUM: nowhere, CI: 'true' })).toBeUndefined();
    expect(browserSkipReason({ COURSE_CHROMIUM: fakeSystem })).toBeUndefined();
  });

  test('launching with no browser fails with the reason, not a playwright stack', async () => {
    vi.stubEnv('COURSE_CHROMIUM', nowhere);
    await expect(launchChromium()).rejects.toThrow(`No Chromium for the browser tests: COURSE_CHROMIUM names ${nowhere}, which does not exist.`);
  });
});

describe.runIf(npmBuildRuns)('the Chromium from npm', () => {
  test('two workers unpacking at once both get the one complete copy, and no half-made folder is left', async () => {
    const cache = join(scratch, 'cache');
    const [a, b] = await Promise.all([unpackNpmChromium(npmPackage, cache), unpackNpmChromium(npmPackage, cache)]);
    expect(a.binary).toBe(join(cache, npmVersion, 'chromium'));
    expect(b.binary).toBe(a.binary);
    expect(readdirSync(cache)).toEqual([npmVersion]);
    expect(existsSync(join(cache, npmVersion, 'fonts', 'Open_Sans', 'OpenSans-Regular.ttf'))).toBe(true);
    expect(readFileSync(a.env.FONTCONFIG_FILE!, 'utf8')).toContain(join(cache, npmVersion, 'fonts'));
  });

  test('COURSE_BROWSER=npm launches it, even where a system Chromium exists, and it renders a page', async () => {
    vi.stubEnv('COURSE_CHROMIUM', '');
    vi.stubEnv('COURSE_BROWSER', 'npm');
    const browser = await launchChromium();
    try {
      // @sparticuz/chromium's major version is Chromium's.
      expect(browser.version().split('.')[0]).toBe(npmVersion.split('.')[0]);
      const page = await browser.newPage();
      await page.setContent('<p style="font: 20px sans-serif">gradients vanish</p>');
      expect(await page.locator('p').innerText()).toBe('gradients vanish');
    } finally {
      await browser.close();
    }
  });
});
