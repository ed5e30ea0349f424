import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives at src/course/paths.ts). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Where `@impl/<slug>` points. This is the one switch that decides which code every
 * suite imports: the learner's `exercises/` (default), the reference `solutions/`,
 * or any folder laid out as `<slug>/index.ts` (a submission being graded).
 */
export function resolveImplRoot(setting = process.env.COURSE_IMPL ?? 'exercises'): string {
  const named: Record<string, string> = {
    exercises: join(repoRoot, 'exercises'),
    solutions: join(repoRoot, 'solutions'),
  };
  const root = named[setting] ?? (isAbsolute(setting) ? setting : resolve(setting));
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new Error(`COURSE_IMPL points to ${root}, which is not a folder (use "exercises", "solutions" or a path).`);
  }
  return root;
}
