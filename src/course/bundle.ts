/**
 * The grader's import rules and compile step for one unit, with esbuild: a unit of a submission is
 * bundled on its own, so a syntax error in one unit costs that unit only, and it may import nothing
 * outside its own submission (the bundler runs unsandboxed: an import of ../../../solutions/… must
 * fail here, not be inlined). The grader (grader/build.ts) and the learner's tools (`npm test`,
 * `npm run course`) both call bundleUnit, so they refuse the same imports with the same words.
 */
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { build, type BuildFailure, type BuildOptions, type Message, type Plugin } from 'esbuild';
import { forbiddenImportMessage, GRADED_PACKAGES } from './import-rules';
import { resolveImport } from './modules';
import { repoRoot } from './paths';

/** The course's helpers (`@course/*`). */
export const libDir = join(repoRoot, 'lib');

function inside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** `@course/x` → the course's own lib/x.ts (the learner-facing helpers) by the alias table, and nothing beyond lib/. */
function resolveCourse(specifier: string, lib: string): string | undefined {
  const target = resolveImport(specifier, lib, { root: lib, libRoot: lib });
  return target && inside(target, lib) ? target : undefined;
}

const UNIT_DIR = /^(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The unit folder (e.g. `04-backprop-mlp`) a path of the submission lies in, if any. */
function unitFolderOf(root: string, path: string): string | undefined {
  const rel = relative(join(root, 'exercises'), path);
  const [top, ...rest] = rel.split(sep);
  return !rel.startsWith('..') && rest.length > 0 && UNIT_DIR.test(top!) ? top : undefined;
}

/**
 * A unit may use an earlier unit of the same submission (unit 12 trains with the learner's own 04, 05,
 * 07, 08 and 10), but only through that unit's entry, `../NN-slug/index`: its exports are the
 * contract the earlier unit's own grade vouches for, and nothing else in its folder is. A later unit
 * is refused, so no two units can import each other.
 */
function crossUnitRefusal(root: string, importer: string, target: string, specifier: string): string | undefined {
  const from = unitFolderOf(root, importer);
  const to = unitFolderOf(root, target);
  if (!from || !to || from === to) return undefined;
  const entry = join(root, 'exercises', to, 'index');
  const isEntry = target.replace(/\.[cm]?[jt]s$/, '') === entry;
  if (isEntry && to.slice(0, 2) < from.slice(0, 2)) return undefined;
  return `imports ${specifier}: a unit may import another unit only as '../NN-slug/index', and only an earlier unit (${from} cannot import ${relative(join(root, 'exercises'), target).split(sep).join('/')})`;
}

/** Bare imports stay `require` calls (the sandbox decides what they get); files must lie under `root`. */
export function confine(root: string | undefined, lib = libDir, submission = root): Plugin {
  return {
    name: 'confine',
    setup(b) {
      b.onResolve({ filter: /^@course\// }, (args) => {
        const path = resolveCourse(args.path, lib);
        return path ? { path } : { errors: [{ text: `cannot import ${args.path}: there is no such course helper in lib/` }] };
      });
      b.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
      if (root) {
        b.onResolve({ filter: /^[./]/ }, (args) => {
          const target = resolve(args.resolveDir, args.path);
          if (inside(target, lib)) return undefined;
          if (!inside(target, root)) return { errors: [{ text: `imports ${args.path}, which is outside the submission: graded code may import only its own files, mathjs and @course/*` }] };
          const refused = submission ? crossUnitRefusal(submission, args.importer, target, args.path) : undefined;
          return refused ? { errors: [{ text: refused }] } : undefined;
        });
      }
    },
  };
}

export const common: BuildOptions = {
  bundle: true,
  write: false,
  logLevel: 'silent',
  charset: 'utf8',
  target: 'es2022',
  platform: 'neutral',
  mainFields: [],
  resolveExtensions: ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
  // The learner's own tsconfig (paths, baseUrl…) must not change what an import resolves to.
  tsconfigRaw: '{}',
};

export type UnitBuild =
  | {
      ok: true;
      code: string;
      /** submission files it includes, relative to the submission root */
      inputs: string[];
      /** the packages it imports (left to the sandbox to provide or refuse) */
      packages: string[];
    }
  | { ok: false; kind: 'missing' | 'build' | 'forbidden'; message: string };

function formatMessage(message: Message, root: string): string {
  const where = message.location ? `${message.location.file.replace(/^exercises\//, '')}:${message.location.line}:${message.location.column + 1}: ` : '';
  return `${where}${message.text}`.replace(root + sep, '');
}

export interface BundleOptions {
  /** the folder graded code must stay inside (default: root; the learner's tools use root/exercises) */
  within?: string;
  /** the course helpers' folder (default: this course's lib/) */
  lib?: string;
}

/**
 * Bundle `exercises/<slug>/index.ts` of the submission copied to `root` (which holds `exercises/`
 * and the course's `lib/`).
 */
export async function bundleUnit(root: string, slug: string, { within = root, lib = libDir }: BundleOptions = {}): Promise<UnitBuild> {
  const unitDir = join(root, 'exercises', slug);
  const entry = ['index.ts', 'index.mts', 'index.js'].map((f) => join(unitDir, f)).find((f) => existsSync(f));
  if (!entry) return { ok: false, kind: 'missing', message: `there is no exercises/${slug}/index.ts in the submission` };
  try {
    const out = await build({ ...common, entryPoints: [entry], format: 'cjs', metafile: true, absWorkingDir: root, plugins: [confine(within, lib, root)] });
    const inputs = Object.keys(out.metafile!.inputs).map((p) => relative(root, resolve(root, p))).filter((p) => !p.startsWith('..') && !p.startsWith('lib' + sep));
    // From the output: an input's list also names imports that TypeScript's import elision dropped.
    const packages = [...new Set(Object.values(out.metafile!.outputs).flatMap((o) => o.imports.filter((d) => d.external).map((d) => d.path)))];
    return { ok: true, code: out.outputFiles![0]!.text, inputs, packages };
  } catch (error) {
    const failure = error as BuildFailure;
    const errors = failure.errors ?? [];
    if (errors.length === 0) return { ok: false, kind: 'build', message: `could not be compiled: ${(error as Error).message}` };
    const forbidden = errors.find((e) => e.text.includes('outside the submission') || e.text.includes('may import another unit only'));
    if (forbidden) return { ok: false, kind: 'forbidden', message: formatMessage(forbidden, root) };
    const shown = errors.slice(0, 3).map((e) => formatMessage(e, root)).join('\n');
    const more = errors.length > 3 ? `\n(and ${errors.length - 3} more)` : '';
    return { ok: false, kind: 'build', message: `does not compile (a syntax error?):\n${shown}${more}` };
  }
}

/**
 * The packages of a build the sandbox would refuse, as its message (the first), or undefined. The
 * grader learns this when the module loads in the sandbox; the learner's tools ask before running.
 */
export function forbiddenPackage(build: Extract<UnitBuild, { ok: true }>): string | undefined {
  const refused = build.packages.find((name) => !GRADED_PACKAGES.includes(name));
  if (!refused) return undefined;
  const bare = refused.startsWith('node:') ? refused.slice(5) : refused;
  return forbiddenImportMessage(refused, builtinModules.includes(bare));
}
