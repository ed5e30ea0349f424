/**
 * Perfect submissions, the base every adversarial case is planted on: each unit's folder as handed
 * out (public test, meta.json) with `index.ts` taken from solutions/. Solutions are only ever the
 * *base* of a submission here, never an expected value.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '../../src/course/paths';
import { loadUnits } from '../../src/course/course';

/** Files of a perfect exercises/ folder, by path relative to it (`01-sigmoid/index.ts`…). */
export function perfectExercises(kind: 'solution' | 'stub' = 'solution'): Record<string, string> {
  const files: Record<string, string> = {};
  for (const unit of loadUnits()) {
    const dir = join(repoRoot, unit.exerciseDir);
    for (const name of readdirSync(dir)) files[`${unit.slug}/${name}`] = readFileSync(join(dir, name), 'utf8');
    if (kind === 'solution') files[`${unit.slug}/index.ts`] = readFileSync(join(repoRoot, unit.paths.solution), 'utf8');
  }
  return files;
}

/** Write `files` (relative paths) under `root`, which may be a Buffer path (for names that are not UTF-8). */
export function writeTree(root: string | Buffer, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const path = typeof root === 'string' ? join(root, rel) : Buffer.concat([root, Buffer.from(`/${rel}`)]);
    mkdirSync(typeof path === 'string' ? dirname(path) : dirnameOf(path), { recursive: true });
    writeFileSync(path, content);
  }
}

function dirnameOf(path: Buffer): Buffer {
  return path.subarray(0, path.lastIndexOf('/'));
}

/** A perfect submission as zip entries under `top/exercises/`. */
export function perfectZipEntries(top: string): Record<string, Uint8Array> {
  const entries: Record<string, Uint8Array> = {};
  for (const [rel, text] of Object.entries(perfectExercises())) entries[`${top}/exercises/${rel}`] = new TextEncoder().encode(text);
  return entries;
}
