/**
 * The one directory walker: every regular file below a folder. Symbolic links are not followed (a
 * link could lead out of the folder, or round in a circle), and node_modules is never entered.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Names of folders the walk never enters, unless told otherwise. */
export const SKIPPED_FOLDERS = (name: string) => name === 'node_modules';

/**
 * The regular files below `dir` (relative to `root`), as '/'-joined paths relative to `root`, sorted.
 * A folder that does not exist has none. `skip` names the folders not to enter.
 */
export function filesUnder(root: string, dir: string, skip: (name: string) => boolean = SKIPPED_FOLDERS): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : posix.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (!skip(entry.name)) walk(path);
      } else if (entry.isFile()) found.push(path);
    }
  };
  if (existsSync(join(root, dir))) walk(dir);
  return found.sort();
}
