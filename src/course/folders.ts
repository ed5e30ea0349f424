/**
 * Making the folders a command writes into, and saying in words why the disk refused. Shared by the
 * grader (`--out`), the lesson site (`--out`) and the release (`<dir>`).
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`, one level at a time. Node 20's `mkdirSync(path, { recursive: true })` never returns
 * when the kernel answers ENOENT for a folder whose parent exists (any path under /proc does), and
 * under a read-only parent it reports ENOENT instead of the real reason; this reports the real one.
 */
export function makeFolder(path: string): void {
  const missing: string[] = [];
  let here = resolve(path);
  for (;;) {
    try {
      if (statSync(here).isDirectory()) break;
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), { code: 'ENOTDIR' });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === 'ENOTDIR') Object.assign(e, { syscall: 'mkdir', path: resolve(path) }); // a file on the way: making the folder is what failed
      if (e.code !== 'ENOENT') throw e;
    }
    missing.push(here);
    const parent = dirname(here);
    if (parent === here) break;
    here = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // made meanwhile by another run
    }
  }
}

/** What the system said about a file, in words (the disk, not the command, is at fault). */
const FILE_PROBLEMS: Record<string, string> = {
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'over the disk quota',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'the folder cannot be created there',
  ENOTDIR: 'a file is in the way of a folder',
  EEXIST: 'a file is in the way of a folder',
  EISDIR: 'a folder is in the way of a file',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many files open',
};

/** A file or folder that could not be written (a full disk, a read-only folder…), as one line; undefined for any other error. */
export function fileProblem(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  const what = e && typeof e.code === 'string' ? FILE_PROBLEMS[e.code] : undefined;
  if (!what || typeof e!.syscall !== 'string') return undefined;
  const path = String(e!.path ?? 'a file').replace(/\.\d+\.\d+\.tmp$/, ''); // the temporary name of an atomic write
  const verb = e!.syscall === 'mkdir' ? 'create the folder' : e!.syscall === 'scandir' || e!.syscall === 'read' ? 'read' : 'write';
  return `cannot ${verb} ${path}: ${what} (${e!.code})`;
}
