/**
 * `npm run grade -- [<submissions>] [--out <dir>] …`: grade a class and write grades.csv, each
 * learner's results.json (Gradescope's format) and report.html. A thin layer over gradeClass();
 * any error a teacher can cause (a missing folder, an unknown unit, a bad flag) is one line and a
 * non-zero exit, never a stack trace.
 */
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import pc from 'picocolors';
import { cliMain } from '../src/course/cli-main';
import { repoRoot } from '../src/course/paths';
import { CourseError, findUnit, loadUnits, type Unit } from '../src/course/course';
import { type GradeArgs, parseGradeArgs, type ReportFormat, USAGE, UsageError } from './args';
import { DiscoverError } from './discover';
import { answersTo, type ClassResult, GradeError, gradeClass, GradingStopped, type StudentResult, unitsToGrade } from './grade';
import { ClassZipError } from './ingest/class-zip';
import { type LocatedClass, locateClass } from './ingest/locate';
import { applyRoster, findInRoster, type Roster, RosterError, readRoster } from './ingest/roster';
import { lateOutcome } from './late';
import { GRADEBOOK_FILE, mergeGradebook, mergeOrigin, readGradebook } from './state';
import { OutDirError, OutputDir } from './outdir';
import { publish, reportPaths, writeResultsJson } from './publish';
import { runMerge } from './merge';
import { classFingerprint, inShard, shardLabel, ShardError } from './shard';
import { summaryTable } from './reports/terminal';

/** Errors a teacher can cause: shown as one line. */
const EXPECTED = [UsageError, CourseError, DiscoverError, GradeError, OutDirError, RosterError, ClassZipError, ShardError];

function selectUnits(all: Unit[], wanted: string[]): Unit[] {
  const picked = wanted.length === 0 ? all : [...new Set(wanted.map((w) => findUnit(all, w)))].sort((a, b) => all.indexOf(a) - all.indexOf(b));
  return unitsToGrade(picked);
}

function warn(args: GradeArgs, line: string): void {
  if (!args.quiet) console.error(pc.yellow(`grade: ${line}`));
}

export async function runGrade(argv: string[]): Promise<number> {
  if (argv[0] === 'merge') return runMerge(argv.slice(1));
  const args: GradeArgs = parseGradeArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const course = loadUnits();
  const units = selectUnits(course, args.units);
  const roster = args.roster ? readRoster(args.roster) : undefined;
  const out = new OutputDir(resolve(args.out));
  const located = locateClass({ submissions: args.submissions, out: args.out, layout: args.layout, quiet: args.quiet }, course, out.dir);
  try {
    return await gradeLocated(args, course, units, roster, out, located);
  } finally {
    located.cleanup?.();
  }
}

async function gradeLocated(args: GradeArgs, course: Unit[], units: Unit[], roster: Roster | undefined, out: OutputDir, located: LocatedClass): Promise<number> {
  const { listing, source } = located;
  for (const note of listing.notes) warn(args, note);
  let all = listing.submissions;
  if (roster) {
    let unmatched = 0;
    all = all.map((s) => {
      const { identity, matched } = applyRoster(roster, s.identity, s.student);
      if (!matched && s.kind !== 'unusable') unmatched++;
      return { ...s, identity };
    });
    if (unmatched > 0) warn(args, `${unmatched} learner${unmatched === 1 ? ' is' : 's are'} not in the roster ${args.roster}: named as the export names them`);
    const absent = roster.people.filter((p) => !all.some((s) => s.identity?.people.some((q) => findInRoster({ people: [p], file: '' }, q))));
    if (absent.length > 0) warn(args, `${absent.length} in the roster ha${absent.length === 1 ? 's' : 've'} no submission: ${absent.slice(0, 5).map((p) => p.name ?? p.email ?? p.id).join(', ')}${absent.length > 5 ? ', …' : ''}`);
  }
  // The whole class, before any --shard: what every shard of it has in common.
  const klass = { fingerprint: classFingerprint(all.map((s) => s.student)), learners: all.length };
  if (args.shard) {
    const shard = args.shard;
    all = all.filter((s) => inShard(s.student, shard));
    if (!args.quiet) console.log(`Shard ${shardLabel(shard)}: ${all.length} of the ${klass.learners} learners.`);
  }
  const unknown = args.students.filter((w) => !all.some((s) => answersTo(s, w)));
  if (unknown.length > 0) {
    const have = all.map((s) => s.student);
    throw new GradeError(`no submission named ${unknown.map((u) => `"${u}"`).join(', ')} in ${source} (have: ${have.slice(0, 10).join(', ')}${have.length > 10 ? ', …' : ''})`);
  }
  const chosen = args.students.length === 0 ? all : all.filter((s) => args.students.some((w) => answersTo(s, w)));

  // The gradebook so far: a partial run regrades its cells and keeps the rest.
  const partial = args.students.length > 0 || args.units.length > 0;
  const previous = partial ? readGradebook(out.dir) : undefined;
  if (previous && previous.source !== source) {
    throw new UsageError(`the gradebook in ${out.dir} is of ${previous.source}, not ${source}: grade this class into another --out, or without --student/--unit to start a new gradebook there`);
  }
  if (previous && (previous.shard ? shardLabel(previous.shard) : 'all') !== (args.shard ? shardLabel(args.shard) : 'all')) {
    throw new UsageError(`the gradebook in ${out.dir} is of ${previous.shard ? `shard ${shardLabel(previous.shard)}` : 'the whole class'}, not ${args.shard ? `shard ${shardLabel(args.shard)}` : 'the whole class'}: regrade it with the same --shard, or merge the shards first`);
  }
  const known = new Map((previous?.students ?? []).map((s) => [s.student, new Set(s.units.map((o) => o.slug))]));
  const allSlugs = new Set([...(previous?.units ?? []), ...units.map((u) => u.slug)]);
  // Each learner: the units asked for, and any unit of the gradebook they have no result for yet (a newcomer).
  const groups = new Map<string, { units: Unit[]; subs: typeof chosen }>();
  for (const s of chosen) {
    const have = known.get(s.student);
    const want = course.filter((u) => units.includes(u) || (partial && allSlugs.has(u.slug) && !(have?.has(u.slug) ?? false)));
    const key = want.map((u) => u.slug).join(',');
    const group = groups.get(key) ?? { units: want, subs: [] };
    group.subs.push(s);
    groups.set(key, group);
  }

  const students = [...new Set([...(previous?.students ?? []).map((s) => s.student), ...all.map((s) => s.student)])];
  out.claim([...reportPaths(students, args.formats), GRADEBOOK_FILE]);

  const interactive = !args.quiet && process.stderr.isTTY;
  const bar = interactive
    ? new cliProgress.SingleBar({ format: 'Grading {bar} {value}/{total} submissions | {eta_formatted} left | {student}', hideCursor: true, clearOnComplete: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  const writeJson = (r: StudentResult, rowUnits: Unit[]) => writeResultsJson(out, r, rowUnits);

  // Ctrl-C (or SIGTERM): stop the sandboxes, keep what is finished, write nothing half-done. A second one: now.
  // (`npm run grade` runs this with node itself, not under tsx's launcher, which kills a child that does
  // not answer its relayed signal within 30 ms: the grader's own work can hold the event loop longer.)
  const controller = new AbortController();
  let stoppedBy: string | undefined;
  let signals = 0;
  // Under `npm run`, npm forwards the terminal's Ctrl-C, which reached this process already: one press
  // comes twice, and a time window cannot tell them apart when the grader's own work delays the second.
  const signalsToQuit = process.env.npm_lifecycle_event ? 3 : 2;
  const stop = (signal: NodeJS.Signals) => {
    if (++signals >= signalsToQuit) process.exit(130);
    if (stoppedBy) return;
    stoppedBy = signal;
    bar?.stop();
    console.error(`\ngrade: stopping (${signal}): ending the sandboxes; press Ctrl-C again to quit at once.`);
    controller.abort();
    // Stopping takes well under a second; should some part of it hang, the teacher is not left waiting.
    giveUp = setTimeout(() => {
      console.error('grade: the grading did not stop within 20 s; quitting (units graded before are cached).');
      process.exit(130);
    }, 20_000);
  };
  let giveUp: NodeJS.Timeout | undefined;
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const stopped = (): number => {
    const kept = args.cache ? `Units graded before are cached in ${join(out.dir, '.cache')}: run the same command again to grade the rest` : 'With --no-cache nothing graded was kept';
    console.error(`grade: stopped by ${stoppedBy}; grades.csv, report.html and the gradebook were left as they were. ${kept}.`);
    return 130;
  };

  const total = chosen.length;
  let done = 0;
  bar?.start(total, 0, { student: '' });
  const gradeGroup = (group: { units: Unit[]; subs: typeof chosen }) => gradeClass({
    submissionsDir: located.dir,
    submissions: group.subs,
    units: group.units,
    jobs: args.jobs,
    timeoutMs: args.timeoutMs,
    memoryMb: args.memoryMb,
    cacheDir: args.cache ? join(out.dir, '.cache') : undefined,
    oracleDir: join(out.dir, '.cache'),
    oracle: args.oracle,
    onStudent: (r) => {
      done++;
      bar?.update(done, { student: r.student });
      // Without a terminal (CI, a log file): a line at every tenth of the class instead of a bar.
      if (!bar && !args.quiet && (done === total || Math.floor((done * 10) / total) > Math.floor(((done - 1) * 10) / total))) console.log(`graded ${done}/${total}`);
      // A full run writes each results.json as soon as its learner is done, so a long run shows progress on disk.
      if (!partial && args.formats.includes('json')) writeJson(r, group.units);
    },
    signal: controller.signal,
  });
  const results: ClassResult[] = [];
  try {
    for (const group of groups.values()) {
      if (controller.signal.aborted) return stopped();
      results.push(await gradeGroup(group));
    }
  } catch (error) {
    // Once stopping, any failure is the stop's doing (the terminal's Ctrl-C also ends esbuild's service).
    if (error instanceof GradingStopped || controller.signal.aborted) return stopped();
    throw error;
  } finally {
    clearTimeout(giveUp);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  bar?.stop();

  const merged = mergeGradebook(previous, results, course, source);
  for (const r of merged.students) {
    const identity = r.identity;
    const dueAt = args.due ?? identity?.dueAt;
    if ((identity?.submittedAt && dueAt) || identity?.markedLate) r.late = lateOutcome({ submittedAt: identity?.submittedAt, markedLate: identity?.markedLate, dueAt }, args.latePolicy);
    else delete r.late;
  }
  const stats = results.reduce((s, r) => ({
    wallMs: s.wallMs + r.stats.wallMs, gradedUnits: s.gradedUnits + r.stats.gradedUnits, cachedUnits: s.cachedUnits + r.stats.cachedUnits,
    damagedEntries: s.damagedEntries + r.stats.damagedEntries, sandboxes: s.sandboxes + r.stats.sandboxes, typecheckMs: s.typecheckMs + r.stats.typecheckMs,
  }), { wallMs: 0, gradedUnits: 0, cachedUnits: 0, damagedEntries: 0, sandboxes: 0, typecheckMs: 0 });
  const origin = { class: klass, ...mergeOrigin(previous, results), ...(args.shard ? { shard: args.shard } : {}) };
  const { book, similarGroups } = publish(out, { source, merged, origin, stats, formats: args.formats, assignment: args.assignment, assignmentId: args.assignmentId, submissions: all });
  const human = args.formats.includes('html') ? { similarGroups: similarGroups ?? 0 } : undefined;

  const gradable = results.flatMap((r) => r.students).filter((s) => !s.unusable).length;
  if (!args.quiet) {
    console.log(summaryTable(book));
    const lms = args.formats.filter((f) => f === 'canvas' || f === 'moodle').map((f) => `${f}.csv`);
    const written = [args.formats.includes('csv') && 'grades.csv', human && `report.html (${human.similarGroups} group${human.similarGroups === 1 ? '' : 's'} of similar submissions to look at)`, human && `${book.students.length} × <student>/feedback.md and .html`, args.formats.includes('json') && `${book.students.length} × <student>/results.json`, ...lms].filter(Boolean).join(', ');
    const scope = previous ? ` (regraded ${chosen.length} of ${book.students.length} learners × ${[...groups.values()].flatMap((g) => g.units).filter((u, i, a) => a.indexOf(u) === i).map((u) => u.number).join(',')}; the rest kept from the gradebook)` : '';
    console.log(`\nGraded ${chosen.length} submissions × ${units.length} units in ${(stats.wallMs / 1000).toFixed(1)} s: ${stats.gradedUnits} units run in ${stats.sandboxes} sandbox${stats.sandboxes === 1 ? '' : 'es'}, ${stats.cachedUnits} from the cache${stats.damagedEntries > 0 ? ` (${stats.damagedEntries} damaged cache entr${stats.damagedEntries === 1 ? 'y' : 'ies'} graded again)` : ''}${scope}.`);
    const oracle = results.map((r) => r.stats.oracle).filter((o) => o !== undefined);
    const hits = oracle.reduce((n, o) => n + o.hits, 0);
    const computed = oracle.reduce((n, o) => n + o.graderComputed, 0);
    if (args.oracle && hits + computed > 0) {
      const failed = oracle.find((o) => o.saveError)?.saveError;
      console.log(`Expected values: ${hits} answered from the oracle table, ${computed} new ones computed once for the class${failed ? ` (the table could not be saved: ${failed})` : ` (kept in ${join(out.dir, '.cache', 'oracle')})`}.`);
    }
    console.log(`Wrote ${written} to ${out.dir}`);
  }
  if (gradable === 0 && args.shard && chosen.length === 0) {
    // A small class and many shards: an empty part is not an error (the merge still needs its folder).
    if (!args.quiet) console.log(`Shard ${shardLabel(args.shard)} has none of the ${klass.learners} learners; its folder still counts in the merge.`);
    return 0;
  }
  if (gradable === 0) {
    console.error(pc.yellow(`grade: nothing gradable: ${chosen.length === 0 ? `${source} holds no submissions` : `none of the ${chosen.length} submissions in ${source} holds an exercises/ folder that could be read (each row of grades.csv says why)`}`));
    return 2;
  }
  return 0;
}

/** Run as a command: one line per expected error, exit codes 0 (graded), 2 (the teacher's input or disk), 1 (a grader bug). */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  // runGrade parses the options itself (and `merge` has its own).
  process.exitCode = await cliMain(argv, (args) => args, runGrade, {
    name: 'grade',
    expected: EXPECTED.map((E) => [E, 2] as const),
    disk: 2,
    unexpected: (error) => ({
      line: `grade: internal error: ${(error as Error)?.message ?? String(error)}${process.env.GRADER_DEBUG ? `\n${(error as Error)?.stack}` : ' (GRADER_DEBUG=1 shows the stack)'}`,
      status: 1,
    }),
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(repoRoot, 'grader', 'cli.ts')) await main();
