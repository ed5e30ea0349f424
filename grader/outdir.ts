/**
 * The output folder. The grader keeps a manifest of the files it wrote (with their hashes), and
 * refuses, before grading anything, to replace a file it did not write or that was changed since:
 * a teacher's own `grades.csv`, or one they edited by hand, is never overwritten.
 */
import { existsSync, readFileSync } from 'node:fs';
import { makeFolder } from '../src/course/folders';
import { join } from 'node:path';
import { sha256, writeFileAtomic } from './cache';

export const MANIFEST = '.grader-manifest.json';
/** Names the grader writes at the top of the output folder; a learner's folder never takes them. */
export const RESERVED = new Set(['grades.csv', 'report.html', 'canvas.csv', 'moodle.csv', 'gradebook.json', '.cache', MANIFEST]);

export class OutDirError extends Error {
  override name = 'OutDirError';
}

interface Manifest {
  note: string;
  /** the hash of each file's content; two while a write is under way (the new first) */
  files: Record<string, string | string[]>;
}

export class OutputDir {
  private readonly manifest: Manifest;

  constructor(readonly dir: string) {
    let files: Manifest['files'] = {};
    try {
      const parsed = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
      if (parsed && parsed.files && typeof parsed.files === 'object') files = parsed.files;
    } catch {
      // no manifest yet: nothing here was written by the grader
    }
    this.manifest = { note: 'Files written by `npm run grade`; it will not overwrite anything else.', files };
  }

  /** The folder a learner's results.json goes into (relative to the output folder). */
  static studentFolder(student: string): string {
    return RESERVED.has(student) ? `${student}-student` : student;
  }

  /** Files that exist but were not written by the grader (or were edited since). */
  conflicts(paths: string[]): string[] {
    return paths.filter((rel) => {
      const path = join(this.dir, rel);
      if (!existsSync(path)) return false;
      try {
        return !this.recorded(rel).includes(sha256(readFileSync(path)));
      } catch {
        return true; // a folder where the file should go, or unreadable
      }
    });
  }

  /** Refuse (before any grading) if writing `paths` would clobber something that is not ours. */
  claim(paths: string[]): void {
    if (existsSync(this.dir)) {
      const conflicts = this.conflicts(paths);
      if (conflicts.length > 0) {
        const shown = conflicts.slice(0, 3).map((c) => join(this.dir, c)).join(', ');
        throw new OutDirError(`${shown}${conflicts.length > 3 ? ` and ${conflicts.length - 3} more` : ''} already exist${conflicts.length === 1 ? 's' : ''} and ${conflicts.length === 1 ? 'was' : 'were'} not written by the grader (or changed since); move ${conflicts.length === 1 ? 'it' : 'them'} or choose another --out`);
      }
    }
    makeFolder(this.dir);
    this.saveManifest(); // a folder that cannot be written to says so now, not after the grading
  }

  write(rel: string, content: string): void {
    const hash = sha256(Buffer.from(content));
    const previous = this.recorded(rel)[0];
    // Recorded before the file is written: a grader killed in between leaves the old content or the
    // new, and the manifest knows both, so the re-run does not take its own file for the teacher's.
    this.manifest.files[rel] = previous && previous !== hash ? [hash, previous] : hash;
    this.saveManifest();
    writeFileAtomic(join(this.dir, rel), content);
  }

  /** The hashes the manifest knows for `rel`: none, one, or two while a write was under way. */
  private recorded(rel: string): string[] {
    return [this.manifest.files[rel] ?? []].flat();
  }

  private saveManifest(): void {
    writeFileAtomic(join(this.dir, MANIFEST), `${JSON.stringify(this.manifest, null, 1)}\n`);
  }
}
