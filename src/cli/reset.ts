/**
 * `course reset <unit>`: put the original stub back without ever losing the learner's work.
 *
 * Where the original comes from: a learner's repository (made by `npm run release`) ships every
 * stub a second time under `.course/stubs/<slug>/index.ts`, because its git history starts with
 * the learner's own commits and cannot be trusted to hold the pristine file. The course's own
 * repository has no such copy; there the original is the committed `exercises/<slug>/index.ts`
 * (`git show HEAD:…`). Before overwriting, the current file is copied to
 * `.course/backups/<slug>-<timestamp>.ts`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CourseError, type Unit } from '../course/units';

export const STUBS_DIR = join('.course', 'stubs');
export const BACKUPS_DIR = join('.course', 'backups');

export function stubPath(unit: Unit): string {
  return `${unit.exerciseDir}/index.ts`;
}

export interface Pristine {
  source: string;
  /** where it came from, for the message */
  from: string;
}

export function pristineStub(root: string, unit: Unit): Pristine {
  const shipped = join(root, STUBS_DIR, unit.slug, 'index.ts');
  if (existsSync(shipped)) return { source: readFileSync(shipped, 'utf8'), from: `${STUBS_DIR}/${unit.slug}/index.ts` };
  const git = spawnSync('git', ['show', `HEAD:./${stubPath(unit)}`], { cwd: root, encoding: 'utf8' });
  if (git.status === 0 && git.stdout) return { source: git.stdout, from: `the last commit (git show HEAD:${stubPath(unit)})` };
  throw new CourseError(
    `Cannot find the original stub of ${unit.slug}: there is no ${STUBS_DIR}/${unit.slug}/index.ts and no committed ${stubPath(unit)}.`,
  );
}

/** `.course/backups/<slug>-2026-01-31T12-00-00-000Z.ts`, never overwriting an earlier backup. */
export function backupPath(root: string, unit: Unit, now = new Date()): string {
  const stamp = now.toISOString().replace(/:/g, '-').replace('.', '-');
  let candidate = join(BACKUPS_DIR, `${unit.slug}-${stamp}.ts`);
  for (let n = 2; existsSync(join(root, candidate)); n++) candidate = join(BACKUPS_DIR, `${unit.slug}-${stamp}-${n}.ts`);
  return candidate;
}

export type ResetOutcome =
  | { status: 'unchanged'; from: string }
  | { status: 'cancelled' }
  | { status: 'reset'; from: string; backup?: string };

/**
 * Restore the stub of `unit`. `confirm` is asked only when there is work to overwrite; it may
 * throw (no terminal to ask in) or answer false (the learner said no).
 */
export async function resetUnit(root: string, unit: Unit, confirm: (question: string) => Promise<boolean>, now = new Date()): Promise<ResetOutcome> {
  const pristine = pristineStub(root, unit);
  const target = join(root, stubPath(unit));
  const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  if (current === pristine.source) return { status: 'unchanged', from: pristine.from };
  if (current !== undefined) {
    const ok = await confirm(`Replace ${stubPath(unit)} with the original stub? Your version is saved to ${BACKUPS_DIR}/ first.`);
    if (!ok) return { status: 'cancelled' };
  }
  let backup: string | undefined;
  if (current !== undefined) {
    backup = backupPath(root, unit, now);
    mkdirSync(join(root, BACKUPS_DIR), { recursive: true });
    copyFileSync(target, join(root, backup));
  }
  mkdirSync(join(root, unit.exerciseDir), { recursive: true });
  writeFileSync(target, pristine.source);
  return { status: 'reset', from: pristine.from, backup };
}
