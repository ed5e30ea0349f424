/**
 * The course's module aliases, in one table that every resolver reads: vitest (vitest.config.ts and
 * the learner release's config), TypeScript (tsconfig.json's `paths`, checked against this table by a
 * test), the grader's esbuild bundles, and the import scanners of the fingerprint and the release.
 *
 * - `@impl/<slug>` is the unit's module under test: the learner's exercises/ by default, the reference
 *   solutions/ under verify, or a submission's folder when grading (paths.ts's `resolveImplRoot`).
 * - `@course/<path>` is the course's shared library, lib/ (shipped to learners).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';

export interface ModuleAlias {
  /** the specifier prefix, with its slash */
  prefix: '@impl/' | '@course/';
  /** the folder the rest of the specifier is looked up in; `impl` means the current implementation root */
  base: 'impl' | 'lib';
  /** what TypeScript's `paths` maps the alias to (it type-checks against the learner's exercises/) */
  tsconfig: string;
  /** how the rest of the specifier becomes a path below `base` */
  file(rest: string): string;
}

export const MODULE_ALIASES: readonly ModuleAlias[] = [
  { prefix: '@impl/', base: 'impl', tsconfig: 'exercises/*', file: (slug) => posix.join(slug, 'index.ts') },
  { prefix: '@course/', base: 'lib', tsconfig: 'lib/*', file: (rest) => rest },
];

export interface Roots {
  /** the repository (or release) root */
  root: string;
  /** where `@impl/<slug>` points (exercises/ unless told otherwise) */
  implRoot?: string;
  /** where `@course/<path>` points (the root's lib/ unless told otherwise: a graded copy may bring its own) */
  libRoot?: string;
}

function baseDir(alias: ModuleAlias, { root, implRoot, libRoot }: Roots): string {
  return alias.base === 'impl' ? (implRoot ?? join(root, 'exercises')) : (libRoot ?? join(root, 'lib'));
}

/** True when `specifier` is one of the course's aliases. */
export function isCourseAlias(specifier: string): boolean {
  return MODULE_ALIASES.some((alias) => specifier.startsWith(alias.prefix));
}

/**
 * The path an aliased specifier names (before any extension is tried), or undefined when it is no
 * alias. `@impl/` takes one unit slug, nothing deeper: a test imports a unit's entry, never its insides.
 */
export function resolveAlias(specifier: string, roots: Roots): string | undefined {
  const alias = MODULE_ALIASES.find((a) => specifier.startsWith(a.prefix));
  if (!alias) return undefined;
  const rest = specifier.slice(alias.prefix.length);
  if (rest === '' || (alias.base === 'impl' && rest.includes('/'))) return undefined;
  return join(baseDir(alias, roots), alias.file(rest));
}

/**
 * The file an import in `fromFile` names, found as the course's bundler and vitest find it: a
 * relative path or an alias, tried as is, with `.ts`, as a folder's `index.ts`, and with `.js` read as
 * `.ts`. Undefined for packages, built-ins, and names that lead to no file.
 */
export function resolveImport(specifier: string, fromFile: string, roots: Roots): string | undefined {
  const base = specifier.startsWith('.') ? resolve(dirname(fromFile), specifier) : resolveAlias(specifier, roots);
  if (base === undefined) return undefined;
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** The same table as vitest's (and Vite's) `resolve.alias` entries. */
export function vitestAliases(roots: Roots): { find: RegExp; replacement: string }[] {
  return MODULE_ALIASES.map((alias) => {
    const prefix = alias.prefix.replace(/[/]/g, '\\/');
    const dir = baseDir(alias, roots);
    return alias.base === 'impl'
      ? { find: new RegExp(`^${prefix}([\\w-]+)$`), replacement: `${dir}/$1/index.ts` }
      : { find: new RegExp(`^${prefix}(.+)$`), replacement: `${dir}/$1` };
  });
}

/** tsconfig.json's `compilerOptions.paths`, as this table says they must read. */
export function tsconfigPaths(): Record<string, string[]> {
  return Object.fromEntries(MODULE_ALIASES.map((alias) => [`${alias.prefix}*`, [alias.tsconfig]]));
}
