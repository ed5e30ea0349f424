/**
 * `course reset <unit>` and `course restore <unit>`: put the original stub back, or a backup,
 * without ever losing the learner's work.
 *
 * Where the original comes from, whatever the learner committed:
 * - a learner's repository (made by `npm run release`) ships every stub a second time under
 *   `.course/stubs/<slug>/index.ts`, because its git history starts with the learner's own commits;
 * - in the course's own repository (a learner may simply clone it) there is no such copy, so the
 *   original is the newest committed version of `exercises/<slug>/index.ts` that is still a stub:
 *   every exported function only throws its TODO (isStub). A learner's committed work is skipped,
 *   however many commits they made, as long as git still holds the course's commits.
 * Before overwriting, the current file is copied to `.course/backups/<slug>-<timestamp>.ts`.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CourseError, type Unit } from '../course/course';

export const STUBS_DIR = join('.course', 'stubs');
export const BACKUPS_DIR = join('.course', 'backups');

export function stubPath(unit: Unit): string {
  return unit.paths.stub;
}

export interface Pristine {
  source: string;
  /** where it came from, for the message */
  from: string;
}

/** A stub as the course writes them: at least one exported function, each of them only a TODO throw. */
export function isStub(source: string): boolean {
  const exported = source.match(/^export\s+(?:async\s+)?function\b/gm)?.length ?? 0;
  const todos = source.match(/throw new Error\((['"`])TODO/g)?.length ?? 0;
  return exported > 0 && todos >= exported;
}

function git(root: string, args: string[]) {
  return spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The newest committed version of the unit's file that is a stub, searching back through history. */
function committedStub(root: string, unit: Unit): Pristine | undefined {
  const log = git(root, ['log', '--format=%h', '--', stubPath(unit)]);
  if (log.status !== 0) return undefined;
  for (const commit of log.stdout.split('\n').filter(Boolean)) {
    const show = git(root, ['show', `${commit}:./${stubPath(unit)}`]);
    if (show.status === 0 && isStub(show.stdout)) return { source: show.stdout, from: `git commit ${commit}` };
  }
  return undefined;
}

export function pristineStub(root: string, unit: Unit): Pristine {
  const shipped = join(root, STUBS_DIR, unit.slug, 'index.ts');
  if (existsSync(shipped)) return { source: readFileSync(shipped, 'utf8'), from: `${STUBS_DIR}/${unit.slug}/index.ts` };
  const committed = committedStub(root, unit);
  if (committed) return committed;
  throw new CourseError(
    `Cannot find the original stub of ${unit.slug}: there is no ${STUBS_DIR}/${unit.slug}/index.ts, and no commit holds a version of ${stubPath(unit)} that is still a stub.`,
  );
}

/** `.course/backups/<slug>-2026-01-31T12-00-00-000Z.ts`, never overwriting an earlier backup. */
export function backupPath(root: string, unit: Unit, now = new Date()): string {
  const stamp = now.toISOString().replace(/:/g, '-').replace('.', '-');
  let candidate = join(BACKUPS_DIR, `${unit.slug}-${stamp}.ts`);
  for (let n = 2; existsSync(join(root, candidate)); n++) candidate = join(BACKUPS_DIR, `${unit.slug}-${stamp}-${n}.ts`);
  return candidate;
}

/** Copy the unit's current file to a new backup; its path. */
function backUp(root: string, unit: Unit, now: Date): string {
  const backup = backupPath(root, unit, now);
  mkdirSync(join(root, BACKUPS_DIR), { recursive: true });
  copyFileSync(join(root, stubPath(unit)), join(root, backup));
  return backup;
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
  const backup = current !== undefined ? backUp(root, unit, now) : undefined;
  mkdirSync(join(root, unit.exerciseDir), { recursive: true });
  writeFileSync(target, pristine.source);
  return { status: 'reset', from: pristine.from, backup };
}

export interface Backup {
  /** relative to the course root */
  path: string;
  /** when it was made, as written in its name (UTC) */
  madeAt: string;
}

/** The unit's backups, newest first. */
export function listBackups(root: string, unit: Unit): Backup[] {
  const dir = join(root, BACKUPS_DIR);
  if (!existsSync(dir)) return [];
  const pattern = new RegExp(`^${unit.slug}-(\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z)(?:-(\\d+))?\\.ts$`);
  return readdirSync(dir)
    .map((name) => ({ name, match: pattern.exec(name) }))
    .filter((e): e is { name: string; match: RegExpExecArray } => e.match !== null)
    .map(({ name, match }) => {
      const [date, time] = match[1]!.split('T') as [string, string];
      const [h, m, s] = time.split('-');
      return { path: join(BACKUPS_DIR, name), madeAt: `${date} ${h}:${m}:${s} UTC`, key: `${match[1]}-${(match[2] ?? '1').padStart(6, '0')}` };
    })
    .sort((a, b) => (a.key < b.key ? 1 : -1))
    .map(({ path, madeAt }) => ({ path, madeAt }));
}

/** Which backup `which` names: its number in listBackups' order (1 = newest), `latest`, or its file name. */
export function pickBackup(backups: Backup[], which: string): Backup | undefined {
  if (which === 'latest') return backups[0];
  if (/^\d+$/.test(which)) return backups[Number(which) - 1];
  return backups.find((b) => b.path === which || b.path.endsWith(`/${which}`) || b.path.endsWith(`/${which}.ts`));
}

export type RestoreOutcome = { status: 'unchanged' } | { status: 'cancelled' } | { status: 'restored'; backup?: string };

/** Put `chosen` back as the unit's file; the current file (if any, and different) is backed up first. */
export async function restoreBackup(
  root: string,
  unit: Unit,
  chosen: Backup,
  confirm: (question: string) => Promise<boolean>,
  now = new Date(),
): Promise<RestoreOutcome> {
  const target = join(root, stubPath(unit));
  const wanted = readFileSync(join(root, chosen.path), 'utf8');
  const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  if (current === wanted) return { status: 'unchanged' };
  if (current !== undefined) {
    const ok = await confirm(`Replace ${stubPath(unit)} with ${chosen.path}? Your current version is saved to ${BACKUPS_DIR}/ first.`);
    if (!ok) return { status: 'cancelled' };
  }
  const backup = current !== undefined ? backUp(root, unit, now) : undefined;
  mkdirSync(join(root, unit.exerciseDir), { recursive: true });
  writeFileSync(target, wanted);
  return { status: 'restored', backup };
}
