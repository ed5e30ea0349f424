/**
 * `npm run grade -- merge <dir>... --out <dir>`: join the --out folders of `--shard 1/n` … `n/n`
 * into the gradebook, grades.csv, report.html and results.json files one run of the whole class
 * writes (like `vitest --merge-reports`). Shards of different classes, graded with different suites
 * or graders, overlapping or incomplete, are refused with one line saying which folders and why.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseOptions } from '../src/course/cli-main';
import { realPath } from '../src/course/folders';
import { loadUnits, type Unit } from '../src/course/course';
import type { Submission } from './discover';
import { locateClass } from './ingest/locate';
import { reportFormats, UsageError } from './args';
import type { StudentResult } from './grade';
import { OutputDir } from './outdir';
import { publish, reportPaths } from './publish';
import { summaryTable } from './reports/terminal';
import { GRADEBOOK_FILE, readGradebook, type SavedGradebook } from './state';
import { shardLabel, shardOf, ShardError } from './shard';

export const MERGE_USAGE = `Usage: npm run grade -- merge <shard-dir>... --out <dir> [options]

Joins the --out folders of \`npm run grade -- <submissions> --shard k/n\` (k = 1…n, one per machine)
into the reports one run of the whole class writes: gradebook.json, grades.csv, report.html and every
<student>/results.json. Refuses shards of different classes, suites or graders, a shard given twice,
and a missing shard.

Options:
  --out <dir>          where the merged reports go (not one of the shard folders)
  --format <list>      as for grading: csv,json,html (default), canvas, moodle
  --assignment <name>  the assignment's name in canvas.csv (default: the course title)
  --assignment-id <n>  Canvas's id of that assignment
  --submissions <dir>  the class's submissions as the shards read them, for report.html's similar
                       pairs (a merge sees only the gradebooks; without it the section is left out)
  --quiet              no summary table
  -h, --help           this text`;

/** The learners' files for the similarity section, found as a grading run finds them (a zip is unpacked until cleanup). */
function similarityInput(submissions: string | undefined, course: Unit[], outDir: string): { submissions?: Submission[]; cleanup?: () => void } {
  if (submissions === undefined) return {};
  const located = locateClass({ submissions, out: outDir, layout: 'auto', quiet: true }, course, outDir);
  return { submissions: located.listing.submissions, cleanup: located.cleanup };
}

export interface ShardOutput {
  dir: string;
  book: SavedGradebook;
}

/** A folder as the teacher would type it: relative when it is below the current folder. */
const shown = (dir: string): string => {
  const rel = relative(process.cwd(), dir);
  return rel === '' ? '.' : rel.startsWith('..') ? dir : rel;
};

export function readShard(dir: string): ShardOutput {
  const path = resolve(dir);
  if (!existsSync(path)) throw new ShardError(`${dir} does not exist: give the --out folder of each \`--shard k/n\` run`);
  const book = readGradebook(path);
  if (!book) throw new ShardError(`${dir} holds no readable ${GRADEBOOK_FILE}: give the --out folder of each \`--shard k/n\` run`);
  if (!book.shard) throw new ShardError(`${dir} is the gradebook of a whole class (graded without --shard), not a shard`);
  if (!book.class || !book.suites || !book.environment) throw new ShardError(`${dir} was graded by an older grader that did not record its class and suites: grade that shard again`);
  return { dir: path, book };
}

/** Throws a one-line ShardError unless the shards are exactly the n parts of one class, graded alike. */
export function checkShards(shards: ShardOutput[]): void {
  if (shards.length === 0) throw new ShardError('merge needs the folders of the shards: npm run grade -- merge <dir>... --out <dir>');
  const [first, ...rest] = shards as [ShardOutput, ...ShardOutput[]];
  const a = first.book;
  for (const other of rest) {
    const b = other.book;
    const pair = `${shown(first.dir)} and ${shown(other.dir)}`;
    if (b.class!.fingerprint !== a.class!.fingerprint) {
      throw new ShardError(`${pair} are parts of different classes (${a.class!.learners} learners in ${a.source}, ${b.class!.learners} in ${b.source}): grade every shard from the same submissions`);
    }
    if (b.shard!.count !== a.shard!.count) throw new ShardError(`${shown(first.dir)} is shard ${shardLabel(a.shard!)} but ${shown(other.dir)} is shard ${shardLabel(b.shard!)}: give every shard the same n`);
    if (b.units.join(',') !== a.units.join(',')) throw new ShardError(`${pair} were graded on different units (${a.units.join(', ')} and ${b.units.join(', ')}): give every shard the same --unit`);
    const suite = a.units.find((u) => a.suites![u] !== b.suites![u]);
    if (suite) throw new ShardError(`${pair} were graded with different hidden suites (${suite} differs): grade every shard from the same commit of the course`);
    if (b.environment !== a.environment) throw new ShardError(`${pair} were graded by different graders (grader code, lockfile, Node version, --timeout or --memory differ): grade every shard from the same commit with the same options`);
  }
  const byIndex = new Map<number, ShardOutput>();
  for (const s of shards) {
    const twice = byIndex.get(s.book.shard!.index);
    if (twice && realPath(twice.dir) === realPath(s.dir)) throw new ShardError(`${shown(s.dir)} is given twice: give each shard once`);
    if (twice) throw new ShardError(`${shown(twice.dir)} and ${shown(s.dir)} are both shard ${shardLabel(s.book.shard!)}: give each shard once`);
    byIndex.set(s.book.shard!.index, s);
  }
  const n = a.shard!.count;
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length > 0) {
    throw new ShardError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${n}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing (have ${[...byIndex.keys()].sort((x, y) => x - y).map((k) => `${k}/${n}`).join(', ')}): add the --out folder of every shard`);
  }
  const seen = new Map<string, string>();
  for (const s of shards) {
    for (const r of s.book.students) {
      const other = seen.get(r.student);
      if (other) throw new ShardError(`${r.student} is in both ${shown(other)} and ${shown(s.dir)}: the shards overlap`);
      seen.set(r.student, s.dir);
      if (shardOf(r.student, n) !== s.book.shard!.index) throw new ShardError(`${shown(s.dir)} says it is shard ${shardLabel(s.book.shard!)} but holds ${r.student}, who belongs to shard ${shardOf(r.student, n)}/${n}`);
    }
  }
  if (seen.size !== a.class!.learners) throw new ShardError(`the shards hold ${seen.size} learners but the class has ${a.class!.learners}: a shard lost learners (was one regraded with --student?)`);
}

/** The class's gradebook from its shards (already checked): every learner once, in name order. */
export function combineShards(shards: ShardOutput[]): Omit<SavedGradebook, 'note' | 'version' | 'shard'> {
  const a = shards[0]!.book;
  const students: StudentResult[] = shards.flatMap((s) => s.book.students).sort((x, y) => x.student.localeCompare(y.student, 'en'));
  return { source: a.source, units: a.units, checkNames: a.checkNames, class: a.class, suites: a.suites, environment: a.environment, students };
}


export async function runMerge(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, {
    out: { type: 'string' },
    format: { type: 'string', multiple: true },
    assignment: { type: 'string' },
    'assignment-id': { type: 'string' },
    submissions: { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  }, 'merge: ');
  if (values.help) {
    console.log(MERGE_USAGE);
    return 0;
  }
  if (!values.out) throw new UsageError('merge needs --out <dir>: where the merged reports go');
  if (positionals.length === 0) throw new ShardError('merge needs the folders of the shards: npm run grade -- merge <dir>... --out <dir>');
  const formats = reportFormats(values.format);
  if (values['assignment-id'] !== undefined && !/^\d+$/.test(values['assignment-id'])) throw new UsageError(`--assignment-id is Canvas's number for the assignment (from its URL), not "${values['assignment-id']}"`);
  const outDir = resolve(values.out);
  const clash = positionals.find((p) => realPath(p) === realPath(outDir));
  if (clash) throw new UsageError(`--out ${values.out} is one of the shards: merge into a folder of its own`);

  const shards = positionals.map(readShard);
  checkShards(shards);
  const combined = combineShards(shards);
  const course = loadUnits();
  const units = combined.units.map((slug) => {
    const unit = course.find((u) => u.slug === slug);
    if (!unit) throw new ShardError(`the shards graded unit ${slug}, which is not in course.json: merge with the course the shards were graded with`);
    return unit;
  });
  const out = new OutputDir(outDir);
  out.claim([...reportPaths(combined.students.map((s) => s.student), formats), GRADEBOOK_FILE]);
  const stats = { wallMs: 0, gradedUnits: 0, cachedUnits: 0, damagedEntries: 0, sandboxes: 0, typecheckMs: 0 };
  const similar = similarityInput(values.submissions, course, out.dir);
  let book;
  try {
    ({ book } = publish(out, {
      source: combined.source,
      merged: { units, students: combined.students, checkNames: combined.checkNames },
      origin: { class: combined.class, suites: combined.suites, environment: combined.environment },
      stats,
      formats,
      assignment: values.assignment,
      assignmentId: values['assignment-id'],
      submissions: similar.submissions,
    }));
  } finally {
    similar.cleanup?.();
  }
  if (!values.quiet) {
    console.log(summaryTable(book));
    console.log(`\nMerged ${shards.length} shards: ${book.students.length} learners × ${units.length} units.`);
    console.log(`Wrote ${join(out.dir, GRADEBOOK_FILE)} and the reports (${formats.join(', ')}) to ${out.dir}`);
  }
  return 0;
}
