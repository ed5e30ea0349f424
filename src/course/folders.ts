/**
 * Making the folders a command writes into, and saying in words why the disk refused. Shared by the
 * grader (`--out`), the lesson site (`--out`) and the release (`<dir>`).
 */
import { mkdirSync, realpathSync, type Stats, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`, one level at a time. Node 20's `mkdirSync(path, { recursive: true })` never returns
 * when the kernel answers ENOENT for a folder whose parent exists (any path under /proc does), and
 * under a read-only parent it reports ENOENT instead of the real reason; this reports the real one.
 */
export function makeFolder(path: string): void {
  const target = resolve(path);
  const missing: string[] = [];
  for (let here = target; ; here = dirname(here)) {
    const stat = statIfThere(here);
    if (stat?.isDirectory()) break;
    // A file where a folder goes, here or further up: making the folder is what failed.
    if (stat) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${target}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: target });
    missing.push(here);
    if (dirname(here) === here) break;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // made meanwhile by another run
    }
  }
}

/** The path's stat, or undefined when nothing is there (or a file further up is, which the caller meets next). */
function statIfThere(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** What the system said about a file, in words (the disk, not the command, is at fault). */
const FILE_PROBLEMS: Record<string, string> = {
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'over the disk quota',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a file is in the way of a folder',
  EEXIST: 'a file is in the way of a folder',
  EISDIR: 'a folder is in the way of a file',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many files open',
};

/** A file or folder that could not be written (a full disk, a read-only folder…), as one line; undefined for any other error. */
export function fileProblem(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  // ENOENT from mkdir: the parent exists but will not hold a folder (under /proc, say); from anything else it is no disk problem.
  const what = e?.code === 'ENOENT' && e.syscall === 'mkdir' ? 'the folder cannot be created there' : e && typeof e.code === 'string' ? FILE_PROBLEMS[e.code] : undefined;
  if (!what || typeof e!.syscall !== 'string') return undefined;
  const path = String(e!.path ?? 'a file').replace(/\.\d+\.\d+\.tmp$/, ''); // the temporary name of an atomic write
  const verb = e!.syscall === 'mkdir' ? 'create the folder' : e!.syscall === 'scandir' || e!.syscall === 'read' ? 'read' : 'write';
  return `cannot ${verb} ${path}: ${what} (${e!.code})`;
}

/** The path with its links resolved, or just made absolute when it does not exist (yet). */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
