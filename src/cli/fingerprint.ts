/**
 * A unit's fingerprint: a hash of every file its public tests can depend on, so a stored result is
 * reused only while none of them changed. That is the unit's folder, the course helpers in lib/,
 * the vitest config and tsconfig.json (the type check is part of the result), and whatever other
 * exercise files the unit imports (relative or through an alias).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Unit } from '../course/course';
import { importSpecifiers } from '../course/imports';
import { resolveImport } from '../course/modules';
import { filesUnder } from '../course/walk';

/** Files this TypeScript file imports by relative path or through an alias (`@impl/<slug>`, `@course/…`). */
export function localImports(file: string, root: string): string[] {
  if (!/\.[cm]?[tj]s$/.test(file)) return [];
  return importSpecifiers(readFileSync(file, 'utf8'))
    .map((specifier) => resolveImport(specifier, file, { root }))
    .filter((target): target is string => target !== undefined);
}

/** Bump when the stored result's content changes meaning, so older stored results are re-run. */
const RESULT_FORMAT = 'results-v3';

export function unitFingerprint(root: string, unit: Unit): string {
  const seen = new Set<string>();
  const queue = [...filesUnder(root, unit.exerciseDir), ...filesUnder(root, 'lib')].map((file) => join(root, file));
  queue.push(join(root, 'vitest.config.ts'), join(root, 'tsconfig.json'));
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
