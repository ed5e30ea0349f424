/**
 * Where a grading run writes its scratch copies of submissions: one folder per run in the system's
 * temporary folder, named after the grader's process id. A run removes its own folder when it ends;
 * a run killed with SIGKILL cannot, so each new run removes the folders of graders that are no longer
 * alive (learners' code should not pile up in /tmp). A folder whose process still runs is never touched.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'course-grader-';
/** `<PREFIX><pid>-` and the six characters mkdtemp adds */
const NAME = new RegExp(`^${PREFIX}(\\d+)-[A-Za-z0-9]{6}$`);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/** Remove the scratch folders of graders that died without cleaning up; returns how many. */
export function sweepStaleScratch(dir = tmpdir()): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const pid = Number(NAME.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed++;
    } catch {
      // another run swept it first, or it is not ours to remove
    }
  }
  return removed;
}

/** A fresh scratch folder for this run. */
export function makeScratchBase(dir = tmpdir()): string {
  return mkdtempSync(join(dir, `${PREFIX}${process.pid}-`));
}
