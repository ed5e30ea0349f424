/**
 * The site's browser bundles, made with esbuild: the live figures' page script and worker (with
 * Observable Plot and the reference engine inside), and, when the site is served, each learner
 * exercise that a live figure can draw. All are classic scripts (IIFE), so pages opened from disk
 * still run the live figures.
 */
import { buildSync, type BuildFailure } from 'esbuild';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolder } from '../course/folders';

const here = import.meta.dirname;

export function bundleLiveScripts(assetsDir: string): void {
  for (const [entry, out] of [['page.ts', 'live.js'], ['worker.ts', 'live-worker.js']] as const) {
    buildSync({ entryPoints: [join(here, 'live', entry)], outfile: join(assetsDir, out), bundle: true, format: 'iife', platform: 'browser', target: 'es2020', minify: true, legalComments: 'none', logLevel: 'silent' });
  }
}

/** The first esbuild error as one line: `index.ts:12:4: Expected ";" but found "x"`. */
function firstError(error: unknown): string {
  const failure = error as Partial<BuildFailure>;
  const first = failure.errors?.[0];
  if (!first) return (error as Error).message.split('\n')[0]!;
  const where = first.location ? `${first.location.file.split('/').pop()}:${first.location.line}:${first.location.column}: ` : '';
  return `${where}${first.text}`;
}

/**
 * Bundle `exercises/<slug>/index.ts` into `file` as a script that sets `self.__yours` to its exports,
 * or, when it does not build, `self.__yoursBuildError` to the reason (so the page can say it).
 */
export function bundleExercise(root: string, slug: string, file: string): string | undefined {
  const entry = join(root, 'exercises', slug, 'index.ts');
  makeFolder(join(file, '..'));
  if (!existsSync(entry)) {
    writeFileSync(file, `self.__yoursBuildError = ${JSON.stringify(`exercises/${slug}/index.ts is missing`)};\n`);
    return `exercises/${slug}/index.ts is missing`;
  }
  try {
    buildSync({ entryPoints: [entry], outfile: file, bundle: true, format: 'iife', globalName: '__yours', platform: 'browser', target: 'es2020', logLevel: 'silent', sourcemap: 'inline' });
    // `var __yours = (() => …)()` at the top of a classic script: importScripts makes it the worker's global.
    return undefined;
  } catch (error) {
    const reason = firstError(error);
    writeFileSync(file, `self.__yoursBuildError = ${JSON.stringify(reason)};\n`);
    return reason;
  }
}
