/**
 * The one Chromium every browser test drives (through playwright-core). Chosen in this order:
 *   1. COURSE_CHROMIUM, the path of a Chromium or Chrome binary, when set;
 *   2. a system Chromium or Chrome (Debian's /usr/bin/chromium, …), unless COURSE_BROWSER=npm;
 *   3. the Chromium inside the npm package @sparticuz/chromium (Linux x64, a devDependency), unpacked
 *      once per version into node_modules/.cache/course-chromium/<version>/ (os.tmpdir() if that
 *      folder cannot be written), so `npm ci && npm run verify` needs nothing but Node and npm.
 * COURSE_BROWSER=system refuses the npm browser instead. With no browser at all the browser tests
 * skip and say why, except under CI=true, where they fail: CI never skips them silently.
 *
 * Use:
 *   const skip = browserSkipReason();
 *   describe.skipIf(skip)(`…${skip ? ` — SKIPPED: ${skip}` : ''}`, () => {
 *     beforeAll(async () => { browser = await launchChromium(); });
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import type { Browser, LaunchOptions } from 'playwright-core';
import { extract } from 'tar';
import { repoRoot } from '../../src/course/paths';

export type ChromiumSource = 'COURSE_CHROMIUM' | 'system' | 'npm';

export interface FoundChromium {
  found: true;
  source: ChromiumSource;
  /** the binary; for 'npm', the package folder it is unpacked from */
  path: string;
  /** which browser, in words, for the test log */
  label: string;
}

export type ChromiumChoice = FoundChromium | { found: false; reason: string };

/** Where Chromium and Chrome install themselves (Debian, Ubuntu's snap, Fedora, Google's packages, macOS). */
export const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Flags for every browser: headless, no sandbox (CI runs as root), nothing that phones home. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// The npm build (chrome-headless-shell) runs with these same flags. The ones its package recommends are
// for AWS Lambda; its `--single-process` in particular breaks playwright: newPage() then fails with
// "Target page, context or browser has been closed".

/** Which Chromium the browser tests use, or why there is none (reads COURSE_CHROMIUM and COURSE_BROWSER). */
export function findChromium(env: NodeJS.ProcessEnv = process.env, systemPaths = SYSTEM_CHROMIUMS): ChromiumChoice {
  const wanted = env.COURSE_CHROMIUM;
  if (wanted) {
    return existsSync(wanted)
      ? { found: true, source: 'COURSE_CHROMIUM', path: wanted, label: `${wanted} (from COURSE_CHROMIUM)` }
      : { found: false, reason: `COURSE_CHROMIUM names ${wanted}, which does not exist` };
  }
  const mode = env.COURSE_BROWSER ?? 'auto';
  if (!['auto', 'system', 'npm'].includes(mode)) throw new Error(`COURSE_BROWSER is "${mode}"; use "system", "npm", or leave it unset for either.`);
  if (mode !== 'npm') {
    const system = systemPaths.find((path) => existsSync(path));
    if (system) return { found: true, source: 'system', path: system, label: `${system} (system)` };
    if (mode === 'system') return { found: false, reason: `COURSE_BROWSER=system, and none of ${systemPaths.join(', ')} exists` };
  }
  const npm = npmChromiumPackage();
  if ('missing' in npm) return { found: false, reason: mode === 'npm' ? npm.missing : `no system Chromium (${systemPaths.join(', ')}) and ${npm.missing}` };
  return { found: true, source: 'npm', path: npm.dir, label: `Chromium from npm (@sparticuz/chromium ${npm.version})` };
}

/** Which browser the tests use, in words (or why there is none), for a test's log. */
export function describeChromium(env: NodeJS.ProcessEnv = process.env): string {
  const choice = findChromium(env);
  return choice.found ? choice.label : `no Chromium: ${choice.reason}`;
}

/**
 * Why the browser tests should skip, or undefined when they run. Under CI=true they always run:
 * a missing browser then fails them in launchChromium, with the reason.
 */
export function browserSkipReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const choice = findChromium(env);
  if (choice.found || env.CI === 'true' || env.CI === '1') return undefined;
  return `${choice.reason} (run \`npm ci\` for the npm one, or set COURSE_CHROMIUM)`;
}

/** Start headless Chromium (see the top of this file for which one); `options` go to playwright. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const choice = findChromium();
  if (!choice.found) throw new Error(`No Chromium for the browser tests: ${choice.reason}.`);
  const { chromium } = await import('playwright-core');
  if (choice.source !== 'npm') {
    return chromium.launch({ ...options, executablePath: choice.path, args: [...ARGS, ...(options.args ?? [])] });
  }
  const unpacked = await unpackNpmChromium(choice.path);
  return chromium.launch({
    ...options,
    executablePath: unpacked.binary,
    args: [...ARGS, ...(options.args ?? [])],
    env: { ...process.env, ...unpacked.env, ...options.env },
  });
}

function npmChromiumPackage(): { dir: string; version: string } | { missing: string } {
  if (process.platform !== 'linux' || process.arch !== 'x64') return { missing: `the npm Chromium (@sparticuz/chromium) is built for Linux x64 only, not ${process.platform} ${process.arch}` };
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  } catch {
    return { missing: '@sparticuz/chromium is not installed' };
  }
  // The package exports only its code (build/cjs/index.cjs); its root holds package.json and bin/.
  const dir = join(dirname(entry), '..', '..');
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  return { dir, version };
}

/** The folder unpacked browsers live in: node_modules/.cache when writable, else the temp folder. */
function cacheRoot(): string {
  for (const root of [join(repoRoot, 'node_modules', '.cache', 'course-chromium'), join(tmpdir(), `course-chromium-${userInfo().uid}`)]) {
    try {
      mkdirSync(root, { recursive: true });
      return root;
    } catch {
      // read-only node_modules: try the next place
    }
  }
  throw new Error('Cannot unpack the npm Chromium: neither node_modules/.cache nor the temp folder is writable.');
}

/**
 * Unpack the package's brotli-compressed binary, fonts and NSS libraries once per version. Test files
 * run in parallel workers, so each unpacks into a private folder and renames it into place: a folder
 * under the version's name is always complete, and the loser of a race just uses the winner's.
 */
export async function unpackNpmChromium(packageDir: string, root = cacheRoot()): Promise<{ binary: string; env: Record<string, string> }> {
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const dir = join(root, version);
  if (!existsSync(join(dir, 'chromium'))) {
    mkdirSync(root, { recursive: true });
    const staging = mkdtempSync(join(root, `.${version}-`));
    try {
      const bin = join(packageDir, 'bin');
      await pipeline(createReadStream(join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(join(staging, 'chromium'), { mode: 0o755 }));
      const untar = (file: string) => extract({ file: join(bin, file), cwd: staging, brotli: true, preserveOwner: false });
      await untar('fonts.tar.br');
      // NSS and expat as built for Amazon Linux: used only where the system has none (see lacksSharedLibraries).
      await untar('al2023.tar.br');
      // The package's fonts.conf names Lambda's folders; ours adds its fonts to the system's.
      writeFileSync(
        join(staging, 'fonts.conf'),
        `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>${join(dir, 'fonts')}</dir>\n  <cachedir>${join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
      );
      renameSync(staging, dir);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      // Another worker finished first: its copy is complete.
      if (!existsSync(join(dir, 'chromium'))) throw error;
    }
  }
  const binary = join(dir, 'chromium');
  const env: Record<string, string> = { FONTCONFIG_FILE: join(dir, 'fonts.conf') };
  if (lacksSharedLibraries(binary)) env.LD_LIBRARY_PATH = [join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return { binary, env };
}

/** Whether the dynamic linker cannot find some library the binary needs (NSS on a bare machine). */
function lacksSharedLibraries(binary: string): boolean {
  const ldd = spawnSync('ldd', [binary], { encoding: 'utf8' });
  return ldd.error !== undefined || /not found/.test(ldd.stdout);
}
