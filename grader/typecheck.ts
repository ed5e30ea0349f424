/**
 * Type errors per unit of a submission, for the grader: the type checker (src/course/typecheck.ts,
 * shared with the learner's `npm test`) with a cache by content hash. No learner code runs here.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { UnitBuild } from './build';
import { readCheckedStrings, sha256, writeChecked } from './cache';
import { UNIT_SLUG } from '../src/course/course';
import { describeDiagnostic, TypeChecker } from '../src/course/typecheck';

// The checker itself is shared with the learner's tools (src/course/typecheck.ts).
export { TypeChecker, type Diagnostic, type TypeReport } from '../src/course/typecheck';

/**
 * Type errors per unit of a submission. A unit whose code imports only the course's helpers and
 * mathjs has type errors that depend on its own file alone: those are remembered by content hash
 * (in memory, and on disk when there is a cache), so an untouched stub or a resubmitted unit is never
 * checked twice. Units that import each other are checked together, every time.
 */
export class UnitTypeErrors {
  private readonly memo = new Map<string, Promise<string[] | undefined>>();

  constructor(
    private readonly checker: () => TypeChecker,
    private readonly environment: string,
    private readonly cacheDir?: string,
  ) {}

  private diskPath(key: string): string | undefined {
    return this.cacheDir ? join(this.cacheDir, 'types', key.slice(0, 2), `${key}.json`) : undefined;
  }

  /** `root` holds the submission's exercises/; builds are by unit slug. */
  async check(root: string, builds: Map<string, UnitBuild>): Promise<{ errors: Map<string, string[]>; note?: string }> {
    const errors = new Map<string, string[]>();
    const add = (slug: string, lines: string[]) => {
      if (lines.length > 0) errors.set(slug, [...(errors.get(slug) ?? []), ...lines]);
    };
    const waits: Promise<void>[] = [];
    const roots: string[] = [];
    const mine = new Map<string, { slug: string; file: string; resolve: (lines: string[] | undefined) => void }>();
    const shared: string[] = [];
    for (const [slug, build] of builds) {
      if (!build.ok) continue;
      const own = build.inputs.map((p) => p.split(sep).join('/'));
      const file = join(root, ...own[0]!.split('/'));
      const rel = own[0]!.replace(/^exercises\//, '');
      if (own.length !== 1 || !own[0]!.startsWith(`exercises/${slug}/`)) {
        shared.push(slug);
        roots.push(file);
        continue;
      }
      const key = sha256('types', this.environment, readFileSync(file));
      const known = this.memo.get(key);
      if (known) {
        waits.push(known.then((lines) => add(slug, (lines ?? []).map((l) => `${rel}:${l}`))));
        continue;
      }
      const disk = this.diskPath(key);
      if (disk) {
        const lines = readCheckedStrings(disk, key);
        if (lines) {
          this.memo.set(key, Promise.resolve(lines));
          add(slug, lines.map((l) => `${rel}:${l}`));
          continue;
        } // else not checked before, or damaged
      }
      let resolve!: (lines: string[] | undefined) => void;
      this.memo.set(key, new Promise((r) => (resolve = r)));
      mine.set(key, { slug, file, resolve });
      roots.push(file);
    }
    let note: string | undefined;
    if (roots.length > 0) {
      const report = await this.checker().check(roots, root.endsWith(sep) ? root : root + sep);
      if ('gaveUp' in report) {
        note = report.gaveUp;
        for (const [key, entry] of mine) {
          this.memo.delete(key);
          entry.resolve(undefined);
        }
      } else {
        const exercises = join(root, 'exercises') + sep;
        for (const [key, entry] of mine) {
          const lines = report.diagnostics.filter((d) => d.file.split('/').join(sep) === entry.file).map(describeDiagnostic);
          entry.resolve(lines);
          add(entry.slug, lines.map((l) => `${relative(exercises, entry.file).split(sep).join('/')}:${l}`));
          const disk = this.diskPath(key);
          if (disk) writeChecked(disk, key, lines); // (it makes the folder)
        }
        // Units that import other files: each diagnostic counts against the unit it is in, or
        // (for a shared file outside the unit folders) against each unit that imports it.
        for (const d of report.diagnostics) {
          const file = d.file.split('/').join(sep);
          if ([...mine.values()].some((m) => m.file === file) || !file.startsWith(exercises)) continue;
          const rel = relative(exercises, file).split(sep).join('/');
          const unitDir = rel.split('/')[0]!;
          const line = `${rel}:${describeDiagnostic(d)}`;
          if (shared.includes(unitDir) && rel.includes('/')) add(unitDir, [line]);
          // A file in another unit's folder (unit 12 importing ../04-backprop-mlp/index) counts against that unit alone.
          else if (!UNIT_SLUG.test(unitDir) || !rel.includes('/')) for (const slug of shared) if (builds.get(slug)!.ok && (builds.get(slug) as { inputs: string[] }).inputs.some((i) => i.split(sep).join('/') === `exercises/${rel}`)) add(slug, [line]);
        }
      }
    }
    await Promise.all(waits);
    return { errors, ...(note ? { note } : {}) };
  }
}
