/**
 * Which learners are in a submissions folder: every folder or .zip in it is one learner, named by
 * the entry (without `.zip`). Anything else that is not hidden (a stray file, say) is still listed,
 * as unusable, so that it gets a row in the grades with the reason.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Identity } from './ingest/identity';

export interface Submission {
  /** the learner's name: the entry's name without `.zip`, or the whole entry name when two would clash */
  student: string;
  /** absolute path of the folder or file */
  path: string;
  kind: 'folder' | 'zip' | 'unusable';
  /** why it cannot be graded (kind `unusable`) */
  reason?: string;
  /** who it belongs to, when the export says (grader/ingest/layouts.ts) */
  identity?: Identity;
}

export class DiscoverError extends Error {
  override name = 'DiscoverError';
}

/** Hidden entries and the debris of macOS zips are not learners. */
const IGNORED = /^(\.|__MACOSX$|Thumbs\.db$|desktop\.ini$)/i;

export function discover(dir: string): Submission[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new DiscoverError(`${dir} is a file, not a folder of submissions`);
    names = readdirSync(dir);
  } catch (error) {
    if (error instanceof DiscoverError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DiscoverError(code === 'ENOENT' ? `there is no folder ${dir}` : `cannot read the folder ${dir} (${code ?? (error as Error).message})`);
  }
  const entries: Submission[] = [];
  for (const name of names.filter((n) => !IGNORED.test(n)).sort((a, b) => a.localeCompare(b, 'en'))) {
    const path = join(dir, name);
    let isDir = false;
    let isFile = false;
    try {
      const stat = statSync(path); // follows a teacher's own symlinks to a learner's folder
      isDir = stat.isDirectory();
      isFile = stat.isFile();
    } catch (error) {
      // A name that is not UTF-8 (say, Latin-1 from an old zip tool) comes back with U+FFFD and cannot be opened by it.
      const reason = name.includes('\uFFFD') ? 'its name is not valid UTF-8 (an accent written by an old zip tool?): rename it and grade again' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
      entries.push({ student: name, path, kind: 'unusable', reason });
      continue;
    }
    if (isDir) entries.push({ student: name, path, kind: 'folder' });
    else if (isFile && /\.zip$/i.test(name)) entries.push({ student: name.slice(0, -4), path, kind: 'zip' });
    else entries.push({ student: name, path, kind: 'unusable', reason: `${name} is a file, not a folder or a .zip: a submission is a folder (or a zip of one) holding exercises/` });
  }
  // `ann/` and `ann.zip` would both be "ann": keep the full entry names for both.
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.student, (counts.get(e.student) ?? 0) + 1);
  for (const e of entries) if (counts.get(e.student)! > 1 && e.kind === 'zip') e.student = `${e.student}.zip`;
  return entries;
}
