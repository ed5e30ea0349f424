/**
 * The learner's exercises bundled for the live figures with esbuild, when the site is served (the
 * figures' own scripts come prebuilt in lessons/figures/live/, see src/figures/live/pack.ts).
 */
import { buildSync, type BuildFailure } from 'esbuild';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolder } from '../course/folders';

/** The first esbuild error as one line: `index.ts:12:4: Expected ";" but found "x"`. */
function firstError(error: unknown): string {
  const failure = error as Partial<BuildFailure>;
  const first = failure.errors?.[0];
  if (!first) return (error as Error).message.split('\n')[0]!;
  const where = first.location ? `${first.location.file.split('/').pop()}:${first.location.line}:${first.location.column}: ` : '';
  return `${where}${first.text}`;
}

/**
 * Bundle a unit's stub (`stub`, relative to `root`: the unit's `paths.stub`) into `file` as a script
 * that sets `self.__yours` to its exports, or, when it does not build, `self.__yoursBuildError` to
 * the reason (so the page can say it).
 */
export function bundleExercise(root: string, stub: string, file: string): string | undefined {
  const entry = join(root, stub);
  makeFolder(join(file, '..'));
  if (!existsSync(entry)) {
    writeFileSync(file, `self.__yoursBuildError = ${JSON.stringify(`${stub} is missing`)};\n`);
    return `${stub} is missing`;
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
