/**
 * Which of the course's files go to learners. The rule is an allow-list by purpose (lessons, the
 * units' exercise folders, lib/), plus the source files the learner's tools actually import,
 * found by following imports from their entry points, so the release never drifts from the code.
 * Anything reachable that must stay private (solutions, hidden suites, grader, bench, scripts)
 * stops the release with the import chain that led there.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import { CourseError, type Unit } from '../course/course';
import { importSpecifiers } from '../course/imports';
import { isCourseAlias, resolveImport } from '../course/modules';
import { filesUnder } from '../course/walk';
import { learnerVitestConfig } from './readme';

/** Never in a learner's repository (lessons/experiments/ draws the figures with solutions/). */
export const PRIVATE_PATHS = /^(solutions|test|grader|bench|scripts|grades|dist|\.course|\.ci|\.git|node_modules|lessons\/experiments)(\/|$)/;

/**
 * Where the learner's tools start: `npm test`, the course CLI and the lesson site; and the type
 * checker's worker thread, which is started by URL (new Worker(new URL(…))), not imported; the launchers load their TypeScript through tsImport, which the walk does not read either.
 */
export const TOOL_ENTRIES = ['src/cli/test.mjs', 'src/cli/test-main.ts', 'src/cli/course.mjs', 'src/cli/main.ts', 'src/site/main.ts', 'src/course/typecheck-thread.mjs'];

/** The npm package a bare specifier belongs to, or undefined for built-ins, paths and the course's aliases. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  if (isCourseAlias(specifier)) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? undefined : name;
}

/** The repository-relative file a relative or aliased import in `from` (repository-relative) names. */
function resolveLocal(root: string, from: string, specifier: string): string | undefined {
  const target = resolveImport(specifier, join(root, from), { root });
  return target === undefined ? undefined : relative(root, target).split(sep).join('/');
}

export interface Closure {
  files: string[];
  packages: string[];
}

/**
 * Follow imports from `entries` (repository-relative paths). Throws when a shipped file needs a
 * private one, or names a local file that does not exist.
 */
export function importClosure(root: string, entries: string[]): Closure {
  const parent = new Map<string, string | undefined>(entries.map((e) => [e, undefined]));
  const queue = [...entries];
  const packages = new Set<string>();
  const chain = (file: string): string => {
    const links = [file];
    for (let p = parent.get(file); p; p = parent.get(p)) links.unshift(p);
    return links.join(' → ');
  };
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (!/\.(ts|mts|mjs|js)$/.test(file)) continue;
    for (const specifier of importSpecifiers(readFileSync(join(root, file), 'utf8'))) {
      const pkg = packageOf(specifier);
      if (pkg) {
        packages.add(pkg);
        continue;
      }
      if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const target = resolveLocal(root, file, specifier);
      if (!target) {
        if (specifier.startsWith('@impl/')) continue; // a unit not in this course list
        throw new CourseError(`${file} imports "${specifier}", which does not exist`);
      }
      if (PRIVATE_PATHS.test(target)) throw new CourseError(`The release cannot ship ${target}, but ${chain(file)} imports it.`);
      if (!parent.has(target)) {
        parent.set(target, file);
        queue.push(target);
      }
    }
  }
  return { files: [...parent.keys()].sort(), packages: [...packages].sort() };
}

/** The repository files a release copies as they are (the generated ones come on top). */
export function releaseFiles(root: string, units: Unit[]): Closure {
  const unitFiles = units.flatMap((u) => filesUnder(root, u.exerciseDir));
  const lessons = ['lessons/figures', ...units.map((u) => u.lesson)].flatMap((p) => (statSafe(join(root, p))?.isDirectory() ? filesUnder(root, p) : [p]));
  const lib = filesUnder(root, 'lib');
  const closure = importClosure(root, [...TOOL_ENTRIES, ...generatedConfigImports(root), ...unitFiles.filter((f) => f.endsWith('.ts')), ...lib.filter((f) => f.endsWith('.ts'))]);
  const files = new Set(['course.json', 'tsconfig.json', ...unitFiles, ...lessons, ...lib, ...closure.files]);
  for (const file of files) {
    if (PRIVATE_PATHS.test(file)) throw new CourseError(`Refusing to ship ${file}: it is private to the course.`);
    if (!existsSync(join(root, file))) throw new CourseError(`The release needs ${file}, which is missing.`);
  }
  return { files: [...files].sort(), packages: closure.packages };
}

/** What the release's generated vitest.config.ts imports from the course (it is written, not copied, so the walk cannot start at it). */
function generatedConfigImports(root: string): string[] {
  return importSpecifiers(learnerVitestConfig()).flatMap((specifier) => {
    const target = resolveLocal(root, 'vitest.config.ts', specifier);
    return target === undefined ? [] : [target];
  });
}

function statSafe(path: string) {
  return existsSync(path) ? statSync(path) : undefined;
}

