/**
 * Which files of the course repository decide a grade, for the result cache's key (cache.ts). The
 * hidden suites and the harness are hashed as bundled (their bundle is their import closure); what
 * runs in the grader process itself is found the same way, by asking esbuild for the import closure
 * of its entry, so a new grader file is covered the moment something imports it. A file a module
 * starts by URL instead of importing (a `new URL` of a relative path and `import.meta.url`: the
 * sandbox's boot script, the type checker's thread) is an entry of its own, found in the source.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build } from 'esbuild';
import { libDir } from '../src/course/bundle';
import { repoRoot } from '../src/course/paths';
import { filesUnder } from '../src/course/walk';
import { sha256 } from './cache';

/** The module whose import closure is the grading process (it imports the session and all it uses). */
export const graderEntry = join(repoRoot, 'grader', 'grade.ts');

/** A file started by URL from a module: a worker, a child process's script. */
const STARTED_BY_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/** The files `source` (at `file`) starts by URL, as absolute paths. */
export function startedByUrl(file: string, source: string): string[] {
  return [...source.matchAll(STARTED_BY_URL)].map((m) => resolve(dirname(file), m[2]!));
}

/** The local files (no packages: the lockfile covers them) that `entries` import, transitively, and the files they start by URL; absolute and sorted. */
export async function importClosure(entries: string[], root = repoRoot): Promise<string[]> {
  const files = new Set<string>();
  let todo = [...new Set(entries.map((e) => resolve(e)))];
  while (todo.length > 0) {
    const out = await build({ entryPoints: todo, bundle: true, write: false, metafile: true, outdir: 'closure', platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent', absWorkingDir: root });
    for (const input of Object.keys(out.metafile.inputs)) files.add(resolve(root, input));
    for (const entry of todo) files.add(entry);
    todo = [...new Set([...files].flatMap((f) => (/\.[cm]?[jt]s$/.test(f) ? startedByUrl(f, readFileSync(f, 'utf8')) : [])))].filter((f) => !files.has(f) && existsSync(f));
  }
  return [...files].sort();
}

/**
 * The files besides the suites and the harness whose change may change a grade: the grading
 * process's import closure, and the course helpers (lib/), any of which graded code may import
 * as `@course/*` and so have bundled in. Absolute and sorted.
 */
export async function graderSources(entries = [graderEntry], lib = libDir): Promise<string[]> {
  return [...new Set([...(await importClosure(entries)), ...filesUnder(lib, '').map((f) => join(lib, f))])].sort();
}

/** One hash of files by their path relative to `root` and their content: the same on every machine with the same checkout. */
export function hashSources(files: string[], root = repoRoot): string {
  return sha256(...files.flatMap((f) => [relative(root, f).split(sep).join('/'), readFileSync(f)]));
}
