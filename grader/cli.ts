/**
 * `npm run grade -- [<submissions>] [--out <dir>] …`: grade a class and write grades.csv, each
 * learner's results.json (Gradescope's format) and report.html. A thin layer over gradeClass();
 * any error a teacher can cause (a missing folder, an unknown unit, a bad flag) is one line and a
 * non-zero exit, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import pc from 'picocolors';
import { fileProblem } from '../src/course/folders';
import { repoRoot } from '../src/course/paths';
import { CourseError, findUnit, loadUnits, type Unit } from '../src/course/units';
import { type GradeArgs, parseGradeArgs, type ReportFormat, USAGE, UsageError } from './args';
import { buildDemoClass } from './demo-class/build';
import { DiscoverError, discover } from './discover';
import { type ClassResult, GradeError, gradeClass, isFolder, type StudentResult, unitsWithSuites } from './grade';
import { OutDirError, OutputDir } from './outdir';
import { toCsv } from './reports/csv';
import { gradebook, studentRow } from './reports/gradebook';
import { toGradescope } from './reports/gradescope';
import { feedbackPaths, writeHumanReports } from './reports/teacher';
import { summaryTable } from './reports/terminal';

/** Errors a teacher can cause: shown as one line. */
const EXPECTED = [UsageError, CourseError, DiscoverError, GradeError, OutDirError];

function selectUnits(all: Unit[], wanted: string[]): Unit[] {
  const { graded, withoutSuite } = unitsWithSuites(all);
  const picked = wanted.length === 0 ? graded : [...new Set(wanted.map((w) => findUnit(all, w)))].sort((a, b) => all.indexOf(a) - all.indexOf(b));
  const missing = picked.filter((u) => withoutSuite.includes(u));
  if (wanted.length > 0 && missing.length > 0) throw new GradeError(`unit ${missing[0]!.slug} has no hidden suite yet (test/hidden/${missing[0]!.slug}.checks.ts)`);
  if (wanted.length === 0 && withoutSuite.length > 0) {
    console.error(pc.yellow(`grade: not grading ${withoutSuite.map((u) => u.slug).join(', ')}: no hidden suite yet (test/hidden/<unit>.checks.ts)`));
  }
  const selected = picked.filter((u) => !withoutSuite.includes(u));
  if (selected.length === 0) throw new GradeError('no unit has a hidden suite yet, so there is nothing to grade');
  return selected;
}

function reportPaths(students: string[], formats: ReportFormat[]): string[] {
  return [
    ...(formats.includes('csv') ? ['grades.csv'] : []),
    ...(formats.includes('html') ? ['report.html', ...students.flatMap(feedbackPaths)] : []),
    ...(formats.includes('json') ? students.map((s) => join(OutputDir.studentFolder(s), 'results.json')) : []),
  ];
}

function courseTitle(): string {
  try {
    return String((JSON.parse(readFileSync(join(repoRoot, 'course.json'), 'utf8')) as { title?: unknown }).title ?? 'the course');
  } catch {
    return 'the course';
  }
}

export async function runGrade(argv: string[]): Promise<number> {
  const args: GradeArgs = parseGradeArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const course = loadUnits();
  const units = selectUnits(course, args.units);
  let submissionsDir: string;
  if (args.submissions === undefined) {
    submissionsDir = buildDemoClass(units);
    if (!args.quiet) console.log(`Grading the demo class (grader/demo-class, written to ${submissionsDir.replace(`${repoRoot}/`, '')}).`);
  } else {
    submissionsDir = resolve(args.submissions);
    if (!isFolder(submissionsDir)) throw new UsageError(`${args.submissions} is not a folder of submissions`);
  }
  const out = new OutputDir(resolve(args.out));
  // Refuse before grading anything if a report would replace a file the grader did not write.
  const entries = discover(submissionsDir).filter((s) => args.students.length === 0 || args.students.includes(s.student));
  out.claim(reportPaths(entries.map((e) => e.student), args.formats));

  const interactive = !args.quiet && process.stderr.isTTY;
  const bar = interactive
    ? new cliProgress.SingleBar({ format: 'Grading {bar} {value}/{total} submissions | {eta_formatted} left | {student}', hideCursor: true, clearOnComplete: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  const writeJson = (r: StudentResult) => {
    out.write(join(OutputDir.studentFolder(r.student), 'results.json'), `${JSON.stringify(toGradescope(studentRow(r, units)), null, 1)}\n`);
  };

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    bar?.stop();
    console.error(`\ngrade: stopped by ${signal}; finished units are cached in ${join(out.dir, '.cache')}: run the same command again to grade the rest.`);
    process.exit(130);
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  const result: ClassResult = await gradeClass({
    submissionsDir,
    units,
    students: args.students,
    jobs: args.jobs,
    timeoutMs: args.timeoutMs,
    memoryMb: args.memoryMb,
    cacheDir: args.cache ? join(out.dir, '.cache') : undefined,
    onStart: (total) => bar?.start(total, 0, { student: '' }),
    onStudent: (r, done, total) => {
      bar?.update(done, { student: r.student });
      // Without a terminal (CI, a log file): a line at every tenth of the class instead of a bar.
      if (!bar && !args.quiet && (done === total || Math.floor((done * 10) / total) > Math.floor(((done - 1) * 10) / total))) console.log(`graded ${done}/${total}`);
      // Each results.json is written as soon as its learner is done, so a long run shows progress on disk.
      if (args.formats.includes('json')) writeJson(r);
    },
  });
  bar?.stop();

  const book = gradebook(result);
  const title = `Grades — ${courseTitle()}`;
  if (args.formats.includes('csv')) out.write('grades.csv', toCsv(book));
  // report.html (with similar pairs from every submission) and each learner's feedback.md/.html
  const human = args.formats.includes('html') ? writeHumanReports({ out, book, title, course: courseTitle(), submissions: discover(submissionsDir) }) : undefined;
  if (!args.quiet) {
    console.log(summaryTable(book));
    const s = result.stats;
    const written = [args.formats.includes('csv') && 'grades.csv', human && `report.html (${human.similarGroups} group${human.similarGroups === 1 ? '' : 's'} of similar submissions to look at)`, human && `${book.students.length} × <student>/feedback.md and .html`, args.formats.includes('json') && `${book.students.length} × <student>/results.json`].filter(Boolean).join(', ');
    console.log(`\nGraded ${book.students.length} submissions × ${units.length} units in ${(s.wallMs / 1000).toFixed(1)} s: ${s.gradedUnits} units run in ${s.sandboxes} sandbox${s.sandboxes === 1 ? '' : 'es'}, ${s.cachedUnits} from the cache${s.damagedEntries > 0 ? ` (${s.damagedEntries} damaged cache entr${s.damagedEntries === 1 ? 'y' : 'ies'} graded again)` : ''}.`);
    console.log(`Wrote ${written} to ${out.dir}`);
  }
  return 0;
}

/** Run as a command: one line per expected error, exit codes 0 (graded), 2 (the teacher's input or disk), 1 (a grader bug). */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  try {
    process.exitCode = await runGrade(argv);
  } catch (error) {
    const disk = fileProblem(error);
    if (EXPECTED.some((E) => error instanceof E) || disk) {
      console.error(`grade: ${disk ?? (error as Error).message}`);
      process.exitCode = 2;
    } else {
      console.error(`grade: internal error: ${(error as Error)?.message ?? String(error)}${process.env.GRADER_DEBUG ? `\n${(error as Error)?.stack}` : ' (GRADER_DEBUG=1 shows the stack)'}`);
      process.exitCode = 1;
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(repoRoot, 'grader', 'cli.ts')) await main();
