/**
 * A unit's fingerprint: a hash of every file its public tests can depend on, so a stored result is
 * reused only while none of them changed. That is the unit's folder, the course helpers in lib/,
 * the vitest config and tsconfig.json (the type check is part of the result), and whatever other
 * exercise files the unit imports (relative or `@impl/`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Unit } from '../course/course';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

/** Resolve an import of a TypeScript file the way the bundler does: as is, then `.ts`, then `/index.ts`. */
function resolveSource(path: string): string | undefined {
  for (const candidate of [path, `${path}.ts`, join(path, 'index.ts'), path.replace(/\.js$/, '.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Files this TypeScript file imports by relative path or through `@impl/<slug>`. */
export function localImports(file: string, root: string): string[] {
  if (!/\.[cm]?[tj]s$/.test(file)) return [];
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
    const specifier = m[1]!;
    let target: string | undefined;
    if (specifier.startsWith('.')) target = resolveSource(resolve(dirname(file), specifier));
    else if (specifier.startsWith('@impl/')) target = resolveSource(join(root, 'exercises', specifier.slice('@impl/'.length)));
    if (target) found.push(target);
  }
  return found;
}

/** Bump when the stored result's content changes meaning, so older stored results are re-run. */
const RESULT_FORMAT = 'results-v3';

export function unitFingerprint(root: string, unit: Unit): string {
  const seen = new Set<string>();
  const queue = [...filesUnder(join(root, unit.exerciseDir)), ...filesUnder(join(root, 'lib')), join(root, 'vitest.config.ts'), join(root, 'tsconfig.json')];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    // Follow imports only inside the learner's side of the repository.
    for (const next of localImports(file, root)) {
      const rel = relative(root, next);
      if (rel.startsWith('exercises/') || rel.startsWith('lib/')) queue.push(next);
    }
  }
  const hash = createHash('sha256').update(RESULT_FORMAT);
  for (const file of [...seen].sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
