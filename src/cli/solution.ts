/**
 * `course solution <unit>`: the reference answer, once the unit passes (as rustlings shows its
 * solution once an exercise is done). Hints end in a nudge; the code itself is this.
 *
 * Where the answers are depends on what kind of repository the learner has, which
 * `.course/release.json` says (written by `npm run release`):
 * - a **self-study** release carries every answer sealed in `.course/solutions/<slug>.ts.gz`: gzip,
 *   so that it is neither in the editor's file tree nor in a text search, and opens with this
 *   command only. Sealed is not secret: a learner who unzips it by hand can read it, as with any
 *   self-study course; the command is there so that nobody stumbles on an answer.
 * - a **class** release (a teacher grades it) has no answers at all, and the command says so.
 * - the course's own repository (no release.json) has them in plain sight in `solutions/`; the
 *   command still waits for the pass, then names the file.
 * Revealing writes `solutions/<slug>/index.ts` (or prints it with `--print`); a file already there
 * that differs is replaced only after asking (or with `--yes`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { CourseError, type Unit } from '../course/course';

/** What `npm run release` writes about the release it made. */
export const RELEASE_INFO = join('.course', 'release.json');
/** Where a self-study release keeps its sealed answers. */
export const SEALED_DIR = join('.course', 'solutions');

export type ReleaseKind = 'self-study' | 'class' | 'course';

export interface ReleaseInfo {
  kind: Exclude<ReleaseKind, 'course'>;
}

/** What kind of repository `root` is: a self-study or a class release, or the course itself. */
export function releaseKind(root: string): ReleaseKind {
  const path = join(root, RELEASE_INFO);
  if (!existsSync(path)) return 'course';
  let kind: unknown;
  try {
    kind = (JSON.parse(readFileSync(path, 'utf8')) as { kind?: unknown }).kind;
  } catch (error) {
    throw new CourseError(`${RELEASE_INFO} is not valid JSON: ${(error as Error).message}`);
  }
  if (kind !== 'self-study' && kind !== 'class') throw new CourseError(`${RELEASE_INFO} says kind ${JSON.stringify(kind)}; it must be "self-study" or "class".`);
  return kind;
}

/** Whether this is a self-study release (for a line after the last hint); a broken release.json is reported by `solution` itself. */
export function offersSolutions(root: string): boolean {
  try {
    return releaseKind(root) === 'self-study';
  } catch {
    return false;
  }
}

export function sealedPath(unit: Unit): string {
  return join(SEALED_DIR, `${unit.slug}.ts.gz`);
}

/** Where the revealed answer goes in the learner's repository. */
export function revealedPath(unit: Unit): string {
  return unit.paths.solution;
}

/** gzip with a fixed header (no name, no time), so a release's sealed files are the same bytes every build. */
export function seal(source: string): Buffer {
  return gzipSync(Buffer.from(source, 'utf8'), { level: 9 });
}

export function unseal(sealed: Buffer): string {
  return gunzipSync(sealed).toString('utf8');
}

/** The unit's reference answer in this repository, and where it was read from. */
export function referenceAnswer(root: string, unit: Unit): { source: string; from: string } {
  const kind = releaseKind(root);
  if (kind === 'class') throw new CourseError('A class release holds no reference answers.');
  if (kind === 'self-study') {
    const sealed = join(root, sealedPath(unit));
    if (!existsSync(sealed)) throw new CourseError(`The reference answer of ${unit.slug} is missing from this release (${sealedPath(unit)}).`);
    try {
      return { source: unseal(readFileSync(sealed)), from: sealedPath(unit) };
    } catch {
      throw new CourseError(`${sealedPath(unit)} is damaged and cannot be opened.`);
    }
  }
  const plain = join(root, revealedPath(unit));
  if (!existsSync(plain)) throw new CourseError(`There is no reference answer of ${unit.slug} here (${revealedPath(unit)} is missing).`);
  return { source: readFileSync(plain, 'utf8'), from: revealedPath(unit) };
}

export type RevealOutcome =
  | { status: 'written'; path: string }
  | { status: 'unchanged'; path: string }
  | { status: 'cancelled'; path: string };

/**
 * Write the answer to `solutions/<slug>/index.ts`. `confirm` is asked only when a different file is
 * already there (the learner's notes, an older answer); it may throw (no terminal to ask in) or say no.
 */
export async function revealSolution(root: string, unit: Unit, source: string, confirm: (question: string) => Promise<boolean>): Promise<RevealOutcome> {
  const path = revealedPath(unit);
  const target = join(root, path);
  const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  if (current === source) return { status: 'unchanged', path };
  if (current !== undefined && !(await confirm(`${path} exists and differs from the reference answer. Replace it?`))) return { status: 'cancelled', path };
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, source);
  return { status: 'written', path };
}
