// The grading session as gradeClass uses it: a unit of course.json without hidden checks is an error
// that names it (not a column silently missing from the gradebook), and the session is closed exactly
// once whether grading finishes or fails, after which it grades nothing more.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { suiteFile } from '../../grader/build';
import { GradeError, gradeClass, unitsToGrade } from '../../grader/grade';
import { GradingSession } from '../../grader/session';
import { findUnit, loadUnits, type Unit, unitPaths } from '../../src/course/course';
import { repoRoot } from '../../src/course/paths';

const course = loadUnits();
const notWritten = (slug: string): Unit => ({ ...course[0]!, slug, number: slug.slice(0, 2), paths: unitPaths(slug) });
const checksFile = (slug: string) => relative(repoRoot, suiteFile(slug));

describe('a unit without hidden checks', () => {
  test('every unit of the course has them, and is graded', () => {
    expect(unitsToGrade(course)).toEqual(course);
  });

  test('is a GradeError naming the unit and the file it lacks, however many units are asked for', () => {
    const one = notWritten('13-not-written');
    expect(() => unitsToGrade([course[0]!, one])).toThrow(new GradeError(`unit 13-not-written has no hidden checks (${checksFile('13-not-written')} is missing): write them, or take the unit out of course.json`));
    const two = notWritten('14-nor-this');
    expect(() => unitsToGrade([one, course[1]!, two])).toThrow(new GradeError(`units 13-not-written, 14-nor-this have no hidden checks (${checksFile('13-not-written')}, ${checksFile('14-nor-this')} are missing): write them, or take the unit out of course.json`));
  });

  test('stops gradeClass before it reads the class or bundles anything', async () => {
    const opened = vi.spyOn(GradingSession, 'open');
    await expect(gradeClass({ submissionsDir: '/no/such/class', units: [course[0]!, notWritten('13-not-written')] })).rejects.toThrow(/^unit 13-not-written has no hidden checks/);
    expect(opened).not.toHaveBeenCalled();
  });
});

describe('the session is closed once', () => {
  afterEach(() => vi.restoreAllMocks());
  const unit = findUnit(course, '01');
  function klass(names = ['ann', 'bob', 'cy']): string {
    const dir = mkdtempSync(join(tmpdir(), 'session-class-'));
    for (const name of names) {
      mkdirSync(join(dir, name, 'exercises', unit.slug), { recursive: true });
      writeFileSync(join(dir, name, 'exercises', unit.slug, 'index.ts'), `${readFileSync(join(repoRoot, unit.paths.solution), 'utf8')}\n// ${name}\n`);
    }
    return dir;
  }

  test('when grading fails part-way: the error comes through and nothing is graded after it', async () => {
    const close = vi.spyOn(GradingSession.prototype, 'close');
    const graded = vi.spyOn(GradingSession.prototype, 'gradeSubmission');
    const heard: string[] = [];
    const learners = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
    const failing = gradeClass({ submissionsDir: klass(learners), units: [unit], jobs: 1, onStudent: (r) => {
      heard.push(r.student);
      throw new Error(`the caller failed on ${r.student}`);
    } });
    await expect(failing).rejects.toThrow(/^the caller failed on /);
    expect(close).toHaveBeenCalledTimes(1);
    // The submissions being graded when it failed were finished (and heard of) before the session closed; no other was started.
    expect(graded.mock.calls.length).toBeLessThan(learners.length);
    expect(heard).toHaveLength(graded.mock.calls.length);
  }, 120_000);

  test('when it finishes; a closed session refuses to grade', async () => {
    const close = vi.spyOn(GradingSession.prototype, 'close');
    const result = await gradeClass({ submissionsDir: klass(), units: [unit], jobs: 1 });
    expect(result.students.map((s) => s.units[0]!.checks.every((c) => c.passed))).toEqual([true, true, true]);
    expect(close).toHaveBeenCalledTimes(1);
    const session = await GradingSession.open({ units: [unit], jobs: 1 });
    await Promise.all([session.close(), session.close()]);
    const dir = klass();
    await expect(session.gradeSubmission({ student: 'ann', path: join(dir, 'ann'), kind: 'folder' }, 0)).rejects.toThrow('the grading session is closed');
  }, 120_000);
});
