/**
 * Grading a class: discover the submissions, read each into a scratch copy, answer what the cache
 * knows, and for the rest bundle each unit, type check it (in a thread) and run its hidden checks in
 * the sandbox pool, all at once. A unit that does not compile, does something forbidden or hits a
 * limit scores 0 with the reason; a unit with type errors too. The reports are written by the caller from
 * the ClassResult this returns; `onStudent` hears about each submission as soon as it is done.
 * The work is a GradingSession's (session.ts); this opens one, grades and closes it.
 */
import { existsSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { repoRoot } from '../src/course/paths';
import type { Unit } from '../src/course/course';
import { suiteFile } from './build';
import { discover, type Submission } from './discover';
import { type ClassResult, type GradeOptions, GradeError, GradingStopped, type StudentResult } from './grade-types';
import { sweepStaleScratch } from './scratch-base';
import { GradingSession } from './session';

export { type ClassResult, DEFAULTS, type GradeOptions, GradeError, GradingStopped, type OracleStats, type StudentResult } from './grade-types';

/** Where a unit's hidden checks start (build.ts knows the layout), relative to the repository. */
function hiddenChecksFile(unit: Unit): string {
  return relative(repoRoot, suiteFile(unit.slug)).split(sep).join('/');
}

/**
 * `units`, once each has hidden checks. course.json is the list of units, so one without checks is
 * a defect of the course, not a unit to leave out of the gradebook: a GradeError names it and the
 * file it lacks.
 */
export function unitsToGrade(units: Unit[]): Unit[] {
  const without = units.filter((u) => !existsSync(suiteFile(u.slug)));
  if (without.length === 0) return units;
  const files = without.map(hiddenChecksFile).join(', ');
  const which = without.length === 1 ? `unit ${without[0]!.slug} has` : `units ${without.map((u) => u.slug).join(', ')} have`;
  throw new GradeError(`${which} no hidden checks (${files} ${without.length === 1 ? 'is' : 'are'} missing): write them, or take the unit out of course.json`);
}

/** The submissions to grade: all of the class, or those `students` names (a GradeError names any that is not there). */
function chosenSubmissions(options: GradeOptions): Submission[] {
  const submissions = options.submissions ?? discover(options.submissionsDir);
  const wanted = options.students ?? [];
  if (wanted.length === 0) return submissions;
  const unknown = wanted.filter((w) => !submissions.some((s) => answersTo(s, w)));
  if (unknown.length > 0) {
    const have = submissions.map((s) => s.student);
    throw new GradeError(`no submission named ${unknown.map((u) => `"${u}"`).join(', ')} in ${options.submissionsDir} (have: ${have.slice(0, 10).join(', ')}${have.length > 10 ? ', …' : ''})`);
  }
  return submissions.filter((s) => wanted.some((w) => answersTo(s, w)));
}

export async function gradeClass(options: GradeOptions): Promise<ClassResult> {
  const started = performance.now();
  unitsToGrade(options.units);
  const submissions = chosenSubmissions(options);
  options.onStart?.(submissions.length);
  sweepStaleScratch(); // what graders killed earlier left behind, even if this run needs no scratch
  const session = await GradingSession.open(options);
  const stop = (): void => void session.stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  let students: StudentResult[];
  try {
    if (options.signal?.aborted) session.stop();
    students = await session.gradeAll(submissions, options.onStudent);
  } catch (error) {
    if (!session.stopped) throw error;
    session.saveOracle(); // the values computed so far are right whoever asked: the next run starts with them
    throw new GradingStopped('grading was stopped');
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await session.close();
  }
  return session.result(students, started);
}

/** Whether `--student <wanted>` means this submission: its name, or any submitter's name, id or email (any case). */
export function answersTo(submission: Pick<Submission, 'student' | 'identity'>, wanted: string): boolean {
  if (submission.student === wanted) return true;
  const w = wanted.toLowerCase();
  return submission.student.toLowerCase() === w || (submission.identity?.people ?? []).some((p) => [p.name, p.id, p.email, p.login].some((v) => v !== undefined && v.toLowerCase() === w));
}

/** True when `dir` exists and is a folder. */
export function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
