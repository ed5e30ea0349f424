/**
 * Which export a submissions folder is, and who each entry belongs to. Detected from the folder
 * (or forced with `--layout`):
 *
 * - gradescope: "Export Submissions": `submission_<id>/` folders and `submission_metadata.yml`
 *   (names, SIDs, emails, groups, created_at);
 * - classroom: GitHub Classroom Assistant: cloned repositories `<assignment>-<username>/` (each with .git);
 * - canvas: "Download Submissions": `<name>[_LATE]_<userid>_<subid>_<file>` (name: Canvas's lastnamefirstname);
 * - moodle: "Download all submissions": `<Full Name>_<id>_assignsubmission_file_/` folders (or files);
 * - folders: anything else: each folder or .zip is a learner named by the entry.
 *
 * Never learners: the grader's own output folder, hidden entries, and the export's metadata. A folder
 * that is itself one learner's repository (it holds exercises/) is graded as that one learner, and said.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { realPath } from '../../src/course/folders';
import { discover, DiscoverError, type Submission } from '../discover';
import { isFolder } from '../grade';
import { MANIFEST } from '../outdir';
import { GRADESCOPE_METADATA, MetadataError, parseGradescopeMetadata } from './gradescope-metadata';
import { displayName, type Identity, safeName } from './identity';

export const LAYOUTS = ['auto', 'gradescope', 'classroom', 'canvas', 'moodle', 'folders'] as const;
export type Layout = (typeof LAYOUTS)[number];
export type DetectedLayout = Exclude<Layout, 'auto'> | 'repository';

export interface ClassListing {
  layout: DetectedLayout;
  submissions: Submission[];
  /** what the teacher should hear: entries skipped and why, a layout guessed */
  notes: string[];
}

/** Canvas: `lovelaceada_LATE_1003_555003_dnsl.zip`; the name part may hold underscores. */
const CANVAS = /^(.+?)(_late)?_(\d+)_(\d+)_(.+)$/i;
/** Moodle: `Ada Lovelace_12345_assignsubmission_file_` (a folder) or `…_assignsubmission_file_x.zip`. */
const MOODLE = /^(.+)_(\d+)_assignsubmission_([a-z]+)_(.*)$/;
/** Metadata that export tools put beside the submissions. */
const METADATA_FILES = new Set([GRADESCOPE_METADATA, 'submission_metadata.json']);



/** A folder that is a learner's repository rather than a folder of them. */
export function isRepository(dir: string): boolean {
  return isFolder(join(dir, 'exercises')) || (existsSync(join(dir, 'course.json')) && isFolder(join(dir, 'lessons')));
}

function commonPrefix(names: string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0]!;
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, prefix.lastIndexOf('-') + 1);
}

function classroomPrefix(entries: Submission[]): string | undefined {
  const folders = entries.filter((e) => e.kind === 'folder');
  if (folders.length < 2) return undefined;
  const prefix = commonPrefix(folders.map((f) => f.student));
  return prefix && folders.every((f) => f.student.length > prefix.length) ? prefix : undefined;
}

function detect(dir: string, entries: Submission[]): Exclude<Layout, 'auto'> {
  if (existsSync(join(dir, GRADESCOPE_METADATA))) return 'gradescope';
  const names = entries.map((e) => basename(e.path));
  const share = (re: RegExp) => names.length > 0 && names.filter((n) => re.test(n)).length >= Math.max(1, Math.ceil(names.length * 0.8));
  if (share(MOODLE)) return 'moodle';
  if (share(CANVAS)) return 'canvas';
  const folders = entries.filter((e) => e.kind === 'folder');
  if (classroomPrefix(entries) && folders.filter((f) => existsSync(join(f.path, '.git'))).length * 2 >= folders.length) return 'classroom';
  return 'folders';
}

/** Keys unique across the class: a second "Ada Lovelace" becomes "Ada Lovelace (1003)". */
function uniqueKeys(subs: Submission[]): void {
  const seen = new Map<string, number>();
  for (const s of subs) seen.set(s.student, (seen.get(s.student) ?? 0) + 1);
  for (const s of subs) {
    if (seen.get(s.student)! < 2) continue;
    const id = s.identity?.people.map((p) => p.id).filter(Boolean).join('+');
    s.student = safeName(id ? `${s.student} (${id})` : basename(s.path));
  }
}

function gradescope(dir: string, entries: Submission[], notes: string[]): Submission[] {
  const file = join(dir, GRADESCOPE_METADATA);
  let meta = new Map<string, Identity>();
  if (existsSync(file)) {
    try {
      meta = parseGradescopeMetadata(readFileSync(file, 'utf8'));
    } catch (error) {
      if (!(error instanceof MetadataError)) throw error;
      throw new DiscoverError(`${file}: ${error.message}`);
    }
  } else notes.push(`no ${GRADESCOPE_METADATA}: learners are named after their submission folders`);
  return entries.map((e) => {
    const key = basename(e.path).replace(/\.zip$/i, '');
    const identity = meta.get(key) ?? meta.get(basename(e.path));
    if (!identity) {
      if (meta.size > 0 && e.kind !== 'unusable') notes.push(`${basename(e.path)} is not in ${GRADESCOPE_METADATA}: named after its folder`);
      return e;
    }
    return { ...e, student: safeName(displayName(identity, key)), identity };
  });
}

function classroom(entries: Submission[], notes: string[]): Submission[] {
  const prefix = classroomPrefix(entries);
  if (!prefix) {
    notes.push('the folders do not share an "<assignment>-" prefix: learners are named after their folders');
    return entries;
  }
  return entries.map((e) => {
    if (e.kind !== 'folder' || !e.student.startsWith(prefix)) return e;
    const username = e.student.slice(prefix.length);
    return { ...e, student: safeName(username), identity: { people: [{ name: username, login: username }], source: 'classroom' } };
  });
}

/**
 * Canvas's name part is the sortable name squashed ("lovelaceada"); some exports keep one underscore
 * ("lovelace_ada"), which reads unambiguously as "Ada Lovelace". Anything else stays as Canvas wrote it.
 */
function canvasName(slug: string): string {
  const parts = slug.split('_');
  if (parts.length !== 2 || parts.some((p) => !/^\p{L}+$/u.test(p))) return slug;
  const cap = (p: string) => p.charAt(0).toUpperCase() + p.slice(1);
  return `${cap(parts[1]!)} ${cap(parts[0]!)}`;
}

/** Canvas writes one entry per file; a learner who uploaded a zip and a screenshot has two. */
function canvas(entries: Submission[], notes: string[]): Submission[] {
  const byUser = new Map<string, { entry: Submission; name: string; late: boolean }[]>();
  const others: Submission[] = [];
  for (const e of entries) {
    const m = CANVAS.exec(basename(e.path));
    if (!m) {
      others.push(e);
      continue;
    }
    const list = byUser.get(m[3]!) ?? [];
    list.push({ entry: e, name: m[1]!, late: Boolean(m[2]) });
    byUser.set(m[3]!, list);
  }
  const out: Submission[] = [];
  for (const [userId, files] of byUser) {
    const gradable = files.filter((f) => f.entry.kind !== 'unusable');
    const chosen = gradable.find((f) => f.entry.kind === 'zip') ?? gradable[0] ?? files[0]!;
    if (files.length > 1) notes.push(`${chosen.name} (Canvas user ${userId}) submitted ${files.length} files: grading ${basename(chosen.entry.path)}`);
    const identity: Identity = { people: [{ name: canvasName(chosen.name), id: userId }], source: 'canvas', markedLate: files.some((f) => f.late) };
    out.push({ ...chosen.entry, student: safeName(chosen.name), identity });
  }
  return [...out, ...others];
}

function moodle(entries: Submission[]): Submission[] {
  return entries.map((e) => {
    const m = MOODLE.exec(basename(e.path));
    if (!m) return e;
    const name = m[1]!.trim();
    return { ...e, student: safeName(name), identity: { people: [{ name, id: m[2]! }], source: 'moodle' } };
  });
}

export interface ListOptions {
  layout?: Layout;
  /** the output folder: never a learner, even inside the submissions folder */
  outDir?: string;
}

/** Every learner in `dir`, named as the export names them. */
export function listClass(dir: string, options: ListOptions = {}): ClassListing {
  const notes: string[] = [];
  if (isRepository(dir) && (options.layout ?? 'auto') === 'auto') {
    const name = safeName(basename(resolve(dir)));
    notes.push(`${dir} is one learner's repository (it holds exercises/), not a folder of submissions: grading it as the one learner "${name}"`);
    return { layout: 'repository', notes, submissions: [{ student: name, path: resolve(dir), kind: 'folder', identity: { people: [{ name }], source: 'repository' } }] };
  }
  // Gradescope's export unpacks to one `assignment_<id>_export/` folder: the class is inside it.
  const all = discover(dir);
  if (all.length === 1 && all[0]!.kind === 'folder' && existsSync(join(all[0]!.path, GRADESCOPE_METADATA))) return listClass(all[0]!.path, options);
  const out = options.outDir ? realPath(options.outDir) : undefined;
  const entries = all.filter((e) => {
    const name = basename(e.path);
    if (METADATA_FILES.has(name)) return false;
    if (e.kind === 'folder' && ((out && realPath(e.path) === out) || existsSync(join(e.path, MANIFEST)))) {
      notes.push(`skipped ${name}/: it is the grader's output folder, not a learner`);
      return false;
    }
    return true;
  });
  const layout = options.layout && options.layout !== 'auto' ? options.layout : detect(dir, entries);
  let submissions: Submission[];
  switch (layout) {
    case 'gradescope':
      submissions = gradescope(dir, entries, notes);
      break;
    case 'classroom':
      submissions = classroom(entries, notes);
      break;
    case 'canvas':
      submissions = canvas(entries, notes);
      break;
    case 'moodle':
      submissions = moodle(entries);
      break;
    default:
      submissions = entries;
  }
  uniqueKeys(submissions);
  submissions.sort((a, b) => a.student.localeCompare(b.student, 'en'));
  const repoNamed = submissions.filter((s) => /-(main|master)(?: \(\d+\))?$/.test(s.student));
  if (layout === 'folders' && repoNamed.length >= 2 && new Set(repoNamed.map((s) => s.student.replace(/-(main|master)(?: \(\d+\))?$/, ''))).size === 1) {
    notes.push(`${repoNamed.length} entries are named after the repository (GitHub's "Download ZIP" names them ${repoNamed[0]!.student}…): name each file or folder after its learner so the grades say who is who`);
  }
  return { layout, submissions, notes };
}
