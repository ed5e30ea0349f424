/**
 * The one atomic write: readers (and a process killed halfway) see the old content or the new,
 * never half of it. The grader's cache and reports and the learner's progress file use it.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

let counter = 0;

/**
 * Write `content` to `path` (making its folder) through a temporary file beside it, renamed into
 * place. The temporary name, `<path>.<pid>.<n>.tmp`, is unique per write, so two writers never share
 * one; fileProblem (folders.ts) names the real path when a write fails.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${counter++}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (error) {
    try {
      rmSync(tmp, { force: true }); // a disk that filled up leaves no half-written file behind
    } catch {
      // a read-only folder: there is nothing to remove
    }
    if (error && typeof error === 'object') (error as NodeJS.ErrnoException).path ??= path; // write(2) errors name no file
    throw error;
  }
}
