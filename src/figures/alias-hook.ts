/**
 * A Node module-resolution hook (registered by `resolveLessonImports`, lesson-imports.ts) that
 * resolves the course's aliases by the one table, src/course/modules.ts, with the roots it was
 * registered with. It runs before tsx's own resolver, which would take `@impl/` from tsconfig.json's
 * `paths` (the learner's exercises/, for type-checking) instead.
 */
import type { InitializeHook, ResolveHook } from 'node:module';
import { pathToFileURL } from 'node:url';
import { resolveAlias, type Roots } from '../course/modules';

let roots: Roots | undefined;

export const initialize: InitializeHook<Roots> = (data) => {
  roots = data;
};

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  const target = roots && resolveAlias(specifier, roots);
  // The next resolver (tsx) finds the file behind an extensionless path, as it does for relative imports.
  return nextResolve(target === undefined ? specifier : pathToFileURL(target).href, context);
};
