/**
 * Where the learners are, from what the teacher typed: the demo class (no argument), a folder of any
 * layout (grader/ingest/layouts.ts), a zip of a whole class (unpacked to a scratch folder, removed by
 * `cleanup`), a folder holding just that zip, or one learner's zip. `--out` equal to the folder is refused.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { realPath } from '../../src/course/folders';
import { repoRoot } from '../../src/course/paths';
import type { Unit } from '../../src/course/course';
import { UsageError } from '../args';
import { buildDemoClass } from '../demo-class/build';
import { discover } from '../discover';
import { isFolder } from '../grade';
import { listZip, unpackClassZip } from './class-zip';
import { safeName } from './identity';
import { type ClassListing, type Layout, listClass } from './layouts';

export interface LocateArgs {
  submissions?: string;
  out: string;
  layout: Layout;
  quiet: boolean;
}

export interface LocatedClass {
  /** the folder whose entries are the learners */
  dir: string;
  /** what the teacher named (the gradebook remembers it) */
  source: string;
  listing: ClassListing;
  cleanup?: () => void;
}

/** Where the learners are: the demo class, a folder (of any layout), or a zip of a whole class. */
export function locateClass(args: LocateArgs, course: Unit[], outDir: string): LocatedClass {
  if (args.submissions === undefined) {
    // Every unit is written even when only some are graded: unit 12 imports the learner's earlier units.
    const dir = buildDemoClass(course);
    if (!args.quiet) console.log(`Grading the demo class (grader/demo-class, written to ${dir.replace(`${repoRoot}/`, '')}).`);
    return { dir, source: 'demo-class', listing: listClass(dir, { layout: args.layout, outDir }) };
  }
  const given = resolve(args.submissions);
  if (!existsSync(given)) throw new UsageError(`${args.submissions} is not a folder of submissions`);
  if (realPath(given) === realPath(outDir)) throw new UsageError(`--out ${args.out} is the submissions folder itself: the reports would be mixed with the learners' work (and taken for learners next time); choose another --out`);
  let zip: string | undefined;
  if (!isFolder(given)) {
    if (!/\.zip$/i.test(given)) throw new UsageError(`${args.submissions} is not a folder of submissions (nor a .zip of one)`);
    zip = given;
  } else {
    // A folder holding nothing but one zip of the class (Canvas's submissions.zip, saved into a folder).
    const entries = discover(given).filter((e) => !(e.kind === 'folder' && realPath(e.path) === realPath(outDir)));
    if (entries.length === 1 && entries[0]!.kind === 'zip' && !holdsExercises(entries[0]!.path)) zip = entries[0]!.path;
  }
  if (zip) {
    if (holdsExercises(zip)) {
      const student = safeName(basename(zip).replace(/\.zip$/i, ''));
      return { dir: dirname(zip), source: given, listing: { layout: 'repository', submissions: [{ student, path: zip, kind: 'zip' }], notes: [`${basename(zip)} is one learner's zip (it holds exercises/): grading it as the one learner "${student}"`] } };
    }
    const dir = unpackClassZip(zip);
    const listing = listClass(dir, { layout: args.layout });
    listing.notes.unshift(`unpacked the class zip ${basename(zip)} (${listing.layout} layout)`);
    return { dir, source: given, listing, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  return { dir: given, source: given, listing: listClass(given, { layout: args.layout, outDir }) };
}

/**
 * Whether a zip is one learner's work rather than a class: it has exactly one exercises/ folder
 * (within four folders of its top), and no export metadata. A Gradescope export zipped has one per submission.
 */
function holdsExercises(zip: string): boolean {
  try {
    const names = listZip(readFileSync(zip)).map((e) => e.name.replace(/\\/g, '/'));
    if (names.some((n) => /(^|\/)submission_metadata\.yml$/.test(n))) return false;
    const roots = new Set<string>();
    for (const n of names) {
      const parts = n.split('/');
      const at = parts.indexOf('exercises');
      if (at >= 0 && at <= 3) roots.add(parts.slice(0, at).join('/'));
    }
    return roots.size === 1;
  } catch {
    return false;
  }
}


