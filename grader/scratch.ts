/**
 * A submission is never graded in place: its `exercises/` is read into memory (regular files only:
 * symbolic links are not followed, so none can point outside; sizes are capped), hashed, and written
 * to a scratch folder next to a copy of the course's `lib/` for the bundler and the type checker.
 * Zips are read the same way, with every path checked so none can escape.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { unzipSync } from 'fflate';
import { UNIT_SLUG } from '../src/course/course';
import { importSpecifiers } from '../src/course/imports';
import { repoRoot } from '../src/course/paths';
import type { Submission } from './discover';

/**
 * Per file, per folder of exercises/ (a unit's folder: junk in one unit costs that unit only) and per
 * submission. Nothing over a limit is read, let alone inflated.
 */
export const LIMITS = { fileBytes: 1_000_000, folderFiles: 200, folderBytes: 5_000_000, totalBytes: 20_000_000, files: 2000, depth: 8 };

export interface Snapshot {
  /** files of the learner's exercises/, by '/'-separated path relative to it */
  files: Map<string, Uint8Array>;
  /** where exercises/ was found inside the submission, e.g. `exercises` or `repo-main/exercises` */
  foundAt: string;
  /** content hash of every file: the submission's part of each cache key */
  hash: string;
  /** things the learner should know (links ignored, files skipped) */
  notes: string[];
  /** exercises/-relative paths that were symbolic links, so a missing unit can say why */
  links: string[];
}

export type ReadResult = { ok: true; snapshot: Snapshot } | { ok: false; reason: string };

const SKIPPED_DIR = /^(node_modules|\..*|__MACOSX)$/;

/** `'../NN-slug/index'`: the one import that may leave a unit's folder, an earlier unit's entry (see build.ts). */
const UNIT_ENTRY = /^\.\.\/([^/]+)\/index(?:\.[cm]?[jt]s)?$/;

const WRITTEN_PARENT_IMPORT = /(?:\bfrom|\bimport|\brequire\s*\()\s*['"`]\.\.\//g;

/** The unit folders that a file's imports leaving its folder name, or undefined when one of them is not a unit's entry. */
function entriesImported(text: string): string[] | undefined {
  const outward = importSpecifiers(text).filter((s) => s === '..' || s.startsWith('../'));
  const units = outward.map((s) => UNIT_ENTRY.exec(s)?.[1]).filter((u): u is string => u !== undefined && UNIT_SLUG.test(u));
  // A cache key does not trust a scanner alone with untrusted code (one it misreads could hide an
  // import): anything written like an import of '../…', even in a comment, must be one of those entries.
  const written = text.match(WRITTEN_PARENT_IMPORT)?.length ?? 0;
  return units.length === outward.length && written <= units.length ? units : undefined;
}

/**
 * The unit folders a unit's code depends on: itself and, through `'../NN-slug/index'` imports, the
 * earlier units it uses (unit 12 uses 04, 05, 07, 08 and 10), transitively. Undefined when some file
 * reaches out of its folder in another way, which only the whole submission's hash covers.
 */
function unitsUsedBy(snapshot: Snapshot, slug: string): Set<string> | undefined {
  const units = new Set<string>([slug]);
  const todo = [slug];
  for (let unit = todo.pop(); unit !== undefined; unit = todo.pop()) {
    for (const [path, content] of snapshot.files) {
      if (!path.startsWith(`${unit}/`) || !/\.[cm]?[jt]sx?$/.test(path)) continue;
      const entries = entriesImported(new TextDecoder().decode(content));
      if (entries === undefined) return undefined;
      if (entries.length > 0 && path.split('/').length !== 2) return undefined; // from a subfolder, '../NN-slug' is inside the unit
      for (const used of entries.filter((u) => !units.has(u))) {
        units.add(used);
        todo.push(used);
      }
    }
  }
  return units;
}

/**
 * The hash that decides a unit's cached result: the files of its own folder, of the earlier units it
 * imports as `../NN-slug/index`, and those outside every unit folder (shared helpers, config). A unit
 * whose code imports from a parent folder in any other way falls back to the whole submission's hash,
 * so a change anywhere regrades it. This is what lets a learner who resubmits one unit have only that
 * unit (and the units that use it) graded again, and a class whose unit-12 files are alike share one result.
 */
export function unitHash(snapshot: Snapshot, slug: string): string {
  const units = unitsUsedBy(snapshot, slug);
  if (!units) return snapshot.hash;
  const own = new Map<string, Uint8Array>();
  for (const [path, content] of snapshot.files) {
    const top = path.split('/')[0]!;
    if (units.has(top) && path.includes('/')) own.set(path, content);
    else if (!(UNIT_SLUG.test(top) && path.includes('/'))) own.set(path, content);
  }
  for (const unit of units) {
    const prefix = `${unit}/`;
    // A link where a file should be is part of what the learner submitted (and of what they are told).
    for (const link of snapshot.links) if (link.startsWith(prefix)) own.set(`${link}\0link`, new Uint8Array());
    // So is what the reader left out of the folder (a file or the whole folder over a limit): the feedback says so.
    for (const note of snapshot.notes) if (note.includes(`exercises/${prefix}`)) own.set(`\0note\0${note}`, new Uint8Array());
  }
  return hashFiles(own);
}

export function hashFiles(files: Map<string, Uint8Array>): string {
  const hash = createHash('sha256');
  for (const path of [...files.keys()].sort()) {
    const content = files.get(path)!;
    hash.update(`${path}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

class Collector {
  readonly files = new Map<string, Uint8Array>();
  readonly notes: string[] = [];
  readonly links: string[] = [];
  /** paths admitted so far, with their sizes */
  private readonly admitted = new Map<string, number>();
  private readonly folders = new Map<string, { files: number; bytes: number; dropped: boolean }>();
  private total = 0;
  tooBig = false;

  /** Whether to read the file at `path` (exercises/-relative) of `size` bytes; notes why not. */
  admit(path: string, size: number): boolean {
    if (size > LIMITS.fileBytes) {
      this.notes.push(`skipped exercises/${path}: larger than ${LIMITS.fileBytes / 1e6} MB`);
      return false;
    }
    const slash = path.indexOf('/');
    const top = slash < 0 ? '' : path.slice(0, slash);
    const folder = this.folders.get(top) ?? { files: 0, bytes: 0, dropped: false };
    this.folders.set(top, folder);
    if (folder.dropped) return false;
    folder.files++;
    folder.bytes += size;
    if (top && (folder.files > LIMITS.folderFiles || folder.bytes > LIMITS.folderBytes)) {
      folder.dropped = true;
      for (const [p, n] of this.admitted) {
        if (!p.startsWith(`${top}/`)) continue;
        this.admitted.delete(p);
        this.files.delete(p);
        this.total -= n;
      }
      this.notes.push(`skipped exercises/${top}/: it holds more than ${LIMITS.folderFiles} files or ${LIMITS.folderBytes / 1e6} MB; submit only the course's files`);
      return false;
    }
    if (this.admitted.size >= LIMITS.files || this.total + size > LIMITS.totalBytes) {
      this.tooBig = true;
      return false;
    }
    this.admitted.set(path, size);
    this.total += size;
    return true;
  }

  /** Keep the content of an admitted file. */
  add(path: string, content: Uint8Array): void {
    if (!this.admitted.has(path)) return;
    if (content.length > LIMITS.fileBytes) {
      this.notes.push(`skipped exercises/${path}: larger than ${LIMITS.fileBytes / 1e6} MB`);
      return;
    }
    this.files.set(path, content);
  }

  isAdmitted(path: string): boolean {
    return this.admitted.has(path);
  }

  result(foundAt: string): ReadResult {
    if (this.tooBig) return { ok: false, reason: `exercises/ holds more than ${LIMITS.files} files or ${LIMITS.totalBytes / 1e6} MB; submit only the course folder (without node_modules)` };
    // What was left out changes the feedback (a unit "missing" because its index.ts is a link), so it is part of the hash.
    const hash = createHash('sha256').update(hashFiles(this.files)).update(JSON.stringify([this.links, this.notes])).digest('hex');
    return { ok: true, snapshot: { files: this.files, foundAt, hash, notes: this.notes, links: this.links } };
  }
}

// --- folders -------------------------------------------------------------------------------

function lstat(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** The shallowest `exercises` folder (depth ≤ 3), or the folder itself when it holds unit folders. */
function locateInFolder(root: string): { dir: string; rel: string } | { problem: string } | undefined {
  let level: string[] = [''];
  for (let depth = 0; depth <= 3 && level.length > 0; depth++) {
    const next: string[] = [];
    for (const rel of level) {
      const dir = join(root, rel);
      let names: string[];
      try {
        names = readdirSync(dir).sort();
      } catch {
        continue;
      }
      if (names.includes('exercises')) {
        const stat = lstat(join(dir, 'exercises'))!;
        const where = posix.join(rel.split('\\').join('/'), 'exercises');
        if (stat.isDirectory()) return { dir: join(dir, 'exercises'), rel: where };
        if (stat.isSymbolicLink()) return { problem: `${where} is a symbolic link; the grader does not follow links, so submit the folder itself` };
        return { problem: `${where} is a file where the exercises/ folder belongs` };
      }
      if (depth === 0 && names.some((n) => UNIT_SLUG.test(n) && lstat(join(dir, n))?.isDirectory())) return { dir, rel: '.' };
      for (const name of names) {
        if (SKIPPED_DIR.test(name)) continue;
        if (lstat(join(dir, name))?.isDirectory()) next.push(join(rel, name));
      }
    }
    level = next;
  }
  return undefined;
}

function walk(dir: string, rel: string, depth: number, out: Collector): void {
  if (depth > LIMITS.depth) return;
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    out.notes.push(`could not read exercises/${rel}`);
    return;
  }
  for (const name of names) {
    if (SKIPPED_DIR.test(name)) continue;
    if (out.tooBig) return;
    const path = join(dir, name);
    const relPath = rel ? `${rel}/${name}` : name;
    const stat = lstat(path);
    if (!stat) continue;
    if (stat.isSymbolicLink()) {
      out.links.push(relPath);
      out.notes.push(`ignored exercises/${relPath}: it is a symbolic link, and the grader does not follow links`);
    } else if (stat.isDirectory()) {
      walk(path, relPath, depth + 1, out);
    } else if (stat.isFile()) {
      if (out.admit(relPath, Number(stat.size))) out.add(relPath, readFileSync(path));
    }
  }
}

/** The one .zip in a folder that holds nothing else of use (Moodle's `…_assignsubmission_file_/work.zip`), up to two levels down. */
function loneZip(root: string, depth = 0): string | undefined {
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => !SKIPPED_DIR.test(n));
  } catch {
    return undefined;
  }
  const zips = names.filter((n) => /\.zip$/i.test(n) && lstat(join(root, n))?.isFile());
  if (zips.length === 1) return join(root, zips[0]!);
  const dirs = names.filter((n) => lstat(join(root, n))?.isDirectory());
  return zips.length === 0 && dirs.length === 1 && depth < 2 ? loneZip(join(root, dirs[0]!), depth + 1) : undefined;
}

function readFolder(root: string): ReadResult {
  const located = locateInFolder(root);
  if (!located) {
    const zip = loneZip(root);
    if (zip) {
      const read = readZip(zip);
      return read.ok ? { ok: true, snapshot: { ...read.snapshot, foundAt: `${zip.slice(root.length + 1).split('\\').join('/')}:${read.snapshot.foundAt}` } } : read;
    }
    return { ok: false, reason: 'no exercises/ folder found (expected exercises/<unit>/index.ts, as in the course repository)' };
  }
  if ('problem' in located) return { ok: false, reason: located.problem };
  const out = new Collector();
  walk(located.dir, '', 0, out);
  return out.result(located.rel);
}

// --- zips ----------------------------------------------------------------------------------

/** A zip entry's path as '/'-separated segments, or null when it is absolute or climbs out. */
function zipSegments(name: string): string[] | null {
  const normal = name.replace(/\\/g, '/');
  if (normal.startsWith('/') || /^[a-zA-Z]:/.test(normal) || normal.includes('\0')) return null;
  const segments = normal.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return null;
  return segments;
}

function readZip(path: string): ReadResult {
  let data: Uint8Array;
  try {
    data = readFileSync(path);
  } catch (error) {
    return { ok: false, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  return readZipData(data, 0);
}

/** A zip's bytes; `depth` counts the zips around it (a zip of a zip is read, a third level is not). */
function readZipData(data: Uint8Array, depth: number): ReadResult {
  // First pass lists the entries without inflating anything, so a zip bomb is refused unopened.
  const listing: { name: string; segments: string[]; size: number }[] = [];
  let unsafe = 0;
  try {
    unzipSync(data, {
      filter(file) {
        const segments = zipSegments(file.name);
        if (segments === null) unsafe++;
        else if (!file.name.endsWith('/') && !segments.some((s) => SKIPPED_DIR.test(s))) listing.push({ name: file.name, segments, size: file.originalSize });
        return false;
      },
    });
  } catch (error) {
    return { ok: false, reason: `is not a readable zip file (${(error as Error).message})` };
  }
  // Where is exercises/? The shallowest `…/exercises/…`, or unit folders at the top.
  let prefix: string[] | undefined;
  for (const entry of listing) {
    const at = entry.segments.indexOf('exercises');
    if (at >= 0 && at <= 3 && at < entry.segments.length - 1 && (prefix === undefined || at + 1 < prefix.length)) prefix = entry.segments.slice(0, at + 1);
  }
  if (!prefix) {
    for (const entry of listing) {
      const at = entry.segments.findIndex((s) => UNIT_SLUG.test(s));
      if (at >= 0 && at <= 1 && at < entry.segments.length - 1 && (prefix === undefined || at < prefix.length)) prefix = entry.segments.slice(0, at);
    }
  }
  if (!prefix) {
    // A zip holding only a zip (a learner who zipped their zip, an LMS that wrapped it): read the inner one.
    const inner = listing.filter((e) => /\.zip$/i.test(e.name));
    if (inner.length === 1 && listing.length <= 3 && depth < 1 && inner[0]!.size <= LIMITS.totalBytes) {
      let unpacked: Record<string, Uint8Array>;
      try {
        unpacked = unzipSync(data, { filter: (file) => file.name === inner[0]!.name });
      } catch (error) {
        return { ok: false, reason: `is not a readable zip file (${(error as Error).message})` };
      }
      const read = readZipData(unpacked[inner[0]!.name]!, depth + 1);
      if (!read.ok) return { ok: false, reason: `the zip inside it (${inner[0]!.segments.join('/')}): ${read.reason}` };
      return { ok: true, snapshot: { ...read.snapshot, foundAt: `${inner[0]!.segments.join('/')}:${read.snapshot.foundAt}` } };
    }
    return { ok: false, reason: 'no exercises/ folder found in the zip (expected exercises/<unit>/index.ts, as in the course repository)' };
  }
  const under = (segments: string[]) => prefix!.every((s, i) => segments[i] === s) && segments.length > prefix!.length;
  const wanted = listing.filter((e) => under(e.segments));
  const out = new Collector();
  if (unsafe > 0) out.notes.push(`ignored ${unsafe} zip entr${unsafe === 1 ? 'y' : 'ies'} with an absolute path or '..'`);
  // Sizes as the zip declares them: an entry that inflates to more is cut there by the unzipper.
  for (const e of wanted) out.admit(e.segments.slice(prefix.length).join('/'), e.size);
  if (out.tooBig) return { ok: false, reason: `exercises/ in the zip holds more than ${LIMITS.files} files or ${LIMITS.totalBytes / 1e6} MB unpacked` };
  const names = new Map(wanted.map((e) => [e.name, e.segments.slice(prefix!.length).join('/')]).filter(([, rel]) => out.isAdmitted(rel!)) as [string, string][]);
  let unpacked: Record<string, Uint8Array>;
  try {
    unpacked = unzipSync(data, { filter: (file) => names.has(file.name) });
  } catch (error) {
    return { ok: false, reason: `is not a readable zip file (${(error as Error).message})` };
  }
  for (const [name, rel] of names) if (unpacked[name]) out.add(rel, unpacked[name]);
  return out.result(prefix.join('/') || '.');
}

export function readSubmission(submission: Submission): ReadResult {
  if (submission.kind === 'unusable') return { ok: false, reason: submission.reason ?? 'cannot be graded' };
  return submission.kind === 'zip' ? readZip(submission.path) : readFolder(submission.path);
}

/** Write the snapshot to `root/exercises/…` beside a copy of the course's lib/; returns `root`. */
export function writeScratch(snapshot: Snapshot, root: string): string {
  for (const [rel, content] of snapshot.files) {
    const target = join(root, 'exercises', ...rel.split('/'));
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    } catch {
      snapshot.notes.push(`skipped exercises/${rel}: a file and a folder share its path`);
    }
  }
  mkdirSync(join(root, 'exercises'), { recursive: true });
  const lib = join(root, 'lib');
  mkdirSync(lib, { recursive: true });
  for (const name of readdirSync(join(repoRoot, 'lib'))) {
    if (name.endsWith('.ts')) copyFileSync(join(repoRoot, 'lib', name), join(lib, name));
  }
  return root;
}
