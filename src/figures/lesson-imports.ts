/**
 * Lessons are drawn and checked with the reference solutions: lesson code (lessons/experiments/)
 * imports each unit as `@impl/<slug>`, and here that alias is pointed at solutions/ for the runners
 * that are not vitest (vitest.config.ts does it for the project's tests). Nothing else decides it.
 */
import { register } from 'node:module';
import { resolveImplRoot, repoRoot } from '../course/paths';
import type { Roots } from '../course/modules';

/** The alias roots of lesson code: the repository, with `@impl/<slug>` at solutions/<slug>. */
export const lessonRoots = (): Roots => ({ root: repoRoot, implRoot: resolveImplRoot('solutions') });

/** From now on, this Node process resolves `@impl/` and `@course/` as lesson code must (call it before importing any). */
export function resolveLessonImports(): void {
  register('./alias-hook.ts', import.meta.url, { data: lessonRoots() });
}
