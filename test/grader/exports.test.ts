// Real LMS exports, laid out as each LMS documents them (built here by code), are read with the
// learners named as the LMS names them; the grader's own output and the export's metadata are never
// learners; a roster fills in names; late policy and the Canvas/Moodle gradebooks follow their formats.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { zipSync } from 'fflate';
import { beforeEach, describe, expect, test } from 'vitest';
import type { StudentResult } from '../../grader/grade';
import { parseGradescopeMetadata } from '../../grader/ingest/gradescope-metadata';
import { unpackClassZip } from '../../grader/ingest/class-zip';
import { listClass } from '../../grader/ingest/layouts';
import { applyRoster, readRoster } from '../../grader/ingest/roster';
import { lateOutcome, parseDue, parseLatePolicy } from '../../grader/late';
import { MANIFEST } from '../../grader/outdir';
import { readSubmission } from '../../grader/scratch';
import { toCsv } from '../../grader/reports/csv';
import { gradebook } from '../../grader/reports/gradebook';
import { toGradescope } from '../../grader/reports/gradescope';
import { toCanvasCsv, toMoodleCsv } from '../../grader/reports/lms';
import { unitPaths, type Unit } from '../../src/course/course';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'grader-exports-'));
});

const enc = (s: string) => new TextEncoder().encode(s);
function write(rel: string, content: string | Uint8Array): string {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}
const repoZip = (top: string, body = 'export const x = 1;') => zipSync({ [`${top}exercises/01-sigmoid/index.ts`]: enc(body) });
const repo = (rel: string) => write(`${rel}/exercises/01-sigmoid/index.ts`, 'export const x = 1;');

const GRADESCOPE_YML = `submission_111111:
  :submitters:
  - :name: José Álvarez
    :sid: '1001'
    :email: jose@example.edu
  :created_at: 2026-03-01 12:34:56.789012000 -08:00
  :score: 0.0
  :status: processed
submission_222222:
  :submitters:
  - :name: Ada Lovelace
    :sid: '1002'
    :email: ada@example.edu
  - :name: Ben Bitdiddle
    :sid: '1003'
    :email: ben@example.edu
  :created_at: 2026-03-03 09:00:00.000000000 -08:00
`;

describe('Gradescope "Export Submissions"', () => {
  test('submitters from submission_metadata.yml name each submission; the metadata is not a learner; groups list everyone', () => {
    write('assignment_42_export/submission_metadata.yml', GRADESCOPE_YML);
    repo('assignment_42_export/submission_111111');
    repo('assignment_42_export/submission_222222');
    const listing = listClass(dir);
    expect(listing.layout).toBe('gradescope');
    expect(listing.submissions.map((s) => s.student)).toEqual(['Ada Lovelace & Ben Bitdiddle', 'José Álvarez']);
    const jose = listing.submissions[1]!;
    expect(jose.identity!.people).toEqual([{ name: 'José Álvarez', id: '1001', email: 'jose@example.edu' }]);
    expect(jose.identity!.submittedAt).toBe('2026-03-01T20:34:56.789Z');
    expect(listing.submissions[0]!.identity!.people.map((p) => p.id)).toEqual(['1002', '1003']);
  });

  test('a broken metadata file is one clear error', () => {
    write('submission_metadata.yml', 'submission_1: [unclosed');
    repo('submission_1');
    expect(() => listClass(dir)).toThrow(/submission_metadata\.yml is not valid YAML/);
  });

  test('Ruby timestamps with nine fractional digits and a zone', () => {
    const meta = parseGradescopeMetadata(GRADESCOPE_YML);
    expect(meta.get('submission_222222')!.submittedAt).toBe('2026-03-03T17:00:00.000Z');
  });
});

describe('GitHub Classroom Assistant', () => {
  test('<assignment>-<username> clones are named by the username', () => {
    for (const user of ['octocat', 'hubot']) {
      repo(`dnsl-unit1-${user}`);
      mkdirSync(join(dir, `dnsl-unit1-${user}`, '.git'));
    }
    const listing = listClass(dir);
    expect(listing.layout).toBe('classroom');
    expect(listing.submissions.map((s) => [s.student, s.identity!.people[0]!.login])).toEqual([['hubot', 'hubot'], ['octocat', 'octocat']]);
  });

  test('folders that merely share a prefix, without .git, stay as they are named', () => {
    repo('learner-0');
    repo('learner-1');
    const listing = listClass(dir);
    expect(listing.layout).toBe('folders');
    expect(listing.submissions.map((s) => s.student)).toEqual(['learner-0', 'learner-1']);
  });
});

describe('Canvas "Download Submissions"', () => {
  test('one zip of <name>[_LATE]_<userid>_<subid>_<file>: unpacked, named, with the LATE marker and the Canvas user id', () => {
    const outer = zipSync({
      'lovelaceada_1002_555002_dnsl.zip': repoZip(''),
      'xucarol_LATE_1003_555003_dnsl-1.zip': repoZip('dnsl-main/'),
      'xucarol_LATE_1003_555004_screenshot.png': enc('png'),
    });
    const classDir = unpackClassZip(write('submissions.zip', outer));
    const listing = listClass(classDir);
    expect(listing.layout).toBe('canvas');
    expect(listing.submissions.map((s) => [s.student, s.identity!.people[0]!.id, s.identity!.markedLate, s.kind])).toEqual([
      ['lovelaceada', '1002', false, 'zip'],
      ['xucarol', '1003', true, 'zip'],
    ]);
    expect(listing.notes.join('\n')).toContain('submitted 2 files: grading xucarol_LATE_1003_555003_dnsl-1.zip');
    const read = readSubmission(listing.submissions[1]!);
    expect(read.ok && read.snapshot.foundAt).toBe('dnsl-main/exercises');
  });

  test('unzipped by hand, lastname_firstname folders: named "Firstname Lastname", keyed by the folder name', () => {
    mkdirSync(join(dir, 'xu_carol_LATE_1003_555003_dnsl-1', 'exercises'), { recursive: true });
    mkdirSync(join(dir, 'lovelace_ada_1002_555002_dnsl', 'exercises'), { recursive: true });
    const listing = listClass(dir);
    expect(listing.layout).toBe('canvas');
    expect(listing.submissions.map((s) => [s.student, s.identity!.people[0]!.name, s.identity!.markedLate])).toEqual([['lovelace_ada', 'Ada Lovelace', false], ['xu_carol', 'Carol Xu', true]]);
  });
});

describe('Moodle "Download all submissions"', () => {
  test('<Full Name>_<id>_assignsubmission_file_/work.zip: named by the full name, the zip inside the folder is read', () => {
    write('Ada Lovelace_4101_assignsubmission_file_/work.zip', repoZip('dnsl/'));
    write('José Álvarez_4102_assignsubmission_file_/submission.zip', repoZip(''));
    const listing = listClass(dir);
    expect(listing.layout).toBe('moodle');
    expect(listing.submissions.map((s) => [s.student, s.identity!.people[0]!.id])).toEqual([['Ada Lovelace', '4101'], ['José Álvarez', '4102']]);
    const read = readSubmission(listing.submissions[0]!);
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.snapshot.foundAt).toBe('work.zip:dnsl/exercises');
  });

  test('without "download as folders": <Full Name>_<id>_assignsubmission_file_<file>.zip at the top', () => {
    write('Ada Lovelace_4101_assignsubmission_file_dnsl.zip', repoZip(''));
    write('Ben Bitdiddle_4103_assignsubmission_file_dnsl.zip', repoZip(''));
    const listing = listClass(dir);
    expect(listing.layout).toBe('moodle');
    expect(listing.submissions.map((s) => [s.student, s.kind, s.identity!.people[0]!.id])).toEqual([['Ada Lovelace', 'zip', '4101'], ['Ben Bitdiddle', 'zip', '4103']]);
  });
});

describe('zips inside zips, and what is never a learner', () => {
  test('a zip holding only a zip is read through', () => {
    write('ann.zip', zipSync({ 'inner.zip': repoZip('ann-main/') }));
    const [ann] = listClass(dir).submissions;
    const read = readSubmission(ann!);
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.snapshot.foundAt).toBe('inner.zip:ann-main/exercises');
  });

  test("the grader's output folder inside the class folder is not a learner, by path or by its manifest", () => {
    repo('ann');
    write('grades/.grader-manifest.json', '{}');
    write('old-grades/' + MANIFEST, '{}');
    const listing = listClass(dir, { outDir: join(dir, 'grades') });
    expect(listing.submissions.map((s) => s.student)).toEqual(['ann']);
    expect(listing.notes.join('\n')).toMatch(/skipped grades\/: it is the grader's output folder/);
  });

  test("one learner's repository given as the class is one learner, and said", () => {
    repo('.');
    write('course.json', '{}');
    mkdirSync(join(dir, 'lessons'));
    const listing = listClass(dir);
    expect(listing.layout).toBe('repository');
    expect(listing.submissions).toHaveLength(1);
    expect(listing.notes[0]).toMatch(/is one learner's repository/);
  });

  test('GitHub "Download ZIP" names: said, since they name the repository, not the learner', () => {
    write('dnsl-main.zip', repoZip('dnsl-main/'));
    write('dnsl-main (1).zip', repoZip('dnsl-main/'));
    const listing = listClass(dir);
    expect(listing.notes.join('\n')).toMatch(/named after the repository/);
  });
});

// --- roster, late policy, gradebooks -----------------------------------------------------------

const unit: Unit = { number: '01', slug: '01-sigmoid', title: 'Sigmoid', points: 10, paths: unitPaths('01-sigmoid') } as Unit;
const result = (student: string, passed: number, identity?: StudentResult['identity'], late?: StudentResult['late']): StudentResult => ({
  student,
  source: student,
  ...(identity ? { identity } : {}),
  ...(late ? { late } : {}),
  notes: [],
  units: [{ slug: '01-sigmoid', checks: [0, 1, 2, 3].map((i) => ({ name: `c${i}`, passed: i < passed })), output: '', droppedLines: 0, ms: 1 }],
  ms: 1,
  cached: 0,
});
const bookOf = (students: StudentResult[]) => gradebook({ units: [unit], students, checkNames: { '01-sigmoid': ['c0', 'c1', 'c2', 'c3'] }, stats: { wallMs: 0, gradedUnits: 0, cachedUnits: 0, damagedEntries: 0, sandboxes: 0, typecheckMs: 0 } });
const parseCsv = (text: string) => parse(text, { bom: true }) as string[][];

describe('--roster', () => {
  test('matches by email, id, username or name (Canvas\'s "lovelaceada" too) and fills in what the export lacks', () => {
    const file = write('roster.csv', '\uFEFFName,Student ID,Email,GitHub,Section\n"Lovelace, Ada",1002,ada@example.edu,adal,A\nJosé Álvarez,1001,jose@example.edu,jalv,B\n');
    const roster = readRoster(file);
    expect(applyRoster(roster, { people: [{ name: 'lovelaceada', id: '1002' }], source: 'canvas' }, 'x').identity.people[0]).toMatchObject({ name: 'Ada Lovelace', id: '1002', email: 'ada@example.edu', section: 'A' });
    expect(applyRoster(roster, { people: [{ name: 'jalv', login: 'jalv' }], source: 'classroom' }, 'jalv').identity.people[0]).toMatchObject({ name: 'José Álvarez', email: 'jose@example.edu' });
    expect(applyRoster(roster, undefined, 'nobody').matched).toBe(false);
  });

  test('a roster without any identity column is one clear error', () => {
    expect(() => readRoster(write('r.csv', 'colour,size\nred,4\n'))).toThrow(/has no name, id, email or username column/);
  });
});

describe('late policy', () => {
  const due = parseDue('2026-03-01T08:00-08:00');
  test('days late after the grace period, a deduction per day, never past the floor', () => {
    const policy = parseLatePolicy('10%/day,grace=2h,floor=75%');
    expect(policy).toEqual({ perDay: 0.1, graceMs: 7_200_000, floor: 0.75 });
    expect(lateOutcome({ submittedAt: '2026-03-01T17:30:00Z', dueAt: due }, policy)).toMatchObject({ days: 0, fraction: 0 });
    expect(lateOutcome({ submittedAt: '2026-03-01T18:00:01Z', dueAt: due }, policy)).toMatchObject({ days: 1, fraction: 0.1 });
    const late = lateOutcome({ submittedAt: '2026-03-05T18:00:01Z', dueAt: due }, policy);
    expect(late.days).toBe(5);
    expect(late.fraction).toBeCloseTo(0.25, 12);
    expect(lateOutcome({ markedLate: true }, policy)).toMatchObject({ days: 1, fraction: 0.1 });
    expect(lateOutcome({ markedLate: true }, undefined).note).toMatch(/no --late-policy: nothing deducted/);
  });

  test('bad policies and dates say what is expected', () => {
    expect(() => parseLatePolicy('ten')).toThrow(/percentage/);
    expect(() => parseLatePolicy('10%/day,grace=soon')).toThrow(/grace must be a duration/);
    expect(() => parseDue('next tuesday')).toThrow(/--due needs a date/);
    expect(parseDue('2026-03-01')).toBe('2026-03-01T23:59:59.000Z');
  });

  test('the deduction is in the score, the CSV and the notes', () => {
    const book = bookOf([result('ada', 4, { people: [{ name: 'Ada' }], source: 'gradescope', submittedAt: '2026-03-03T00:00:00Z' }, { days: 2, fraction: 0.2, note: 'late by 2 days' })]);
    expect(book.students[0]!.score).toBeCloseTo(8, 12);
    const [header, row] = parseCsv(toCsv(book));
    const get = (h: string) => row![header!.indexOf(h)];
    expect([get('days_late'), get('late_deduction'), get('score'), get('01-sigmoid')]).toEqual(['2', '2', '8', '10']);
    expect(get('notes')).toContain('late by 2 days');
    const json = toGradescope(book.students[0]!);
    expect(json.score).toBe(8);
    expect(json.output).toContain('Note: late by 2 days (10 before the deduction)');
  });
});

describe('gradebooks an LMS imports', () => {
  const students = [
    result('lovelaceada', 4, { people: [{ name: 'Ada Lovelace', id: '1002', sisId: 'S-2', sisLogin: 'alove', section: 'A' }], source: 'canvas' }),
    result('José Álvarez', 2, { people: [{ name: 'José Álvarez', id: '4102', email: 'jose@example.edu' }], source: 'moodle' }),
    result('pair', 3, { people: [{ name: 'Ben Bit', id: '1003' }, { name: 'Cy D', id: '1004' }], source: 'gradescope' }),
  ];
  const book = bookOf(students);

  test("Canvas: its importer's student columns in order, one '<Assignment> (<id>)' column, the Points Possible row", () => {
    const rows = parseCsv(toCanvasCsv(book, { name: 'DNSL autograder', id: '98765' }));
    // What Canvas's GradebookImporter checks: row[0] =~ Student, row[1] =~ ID, SIS User ID then SIS Login ID, then Section last.
    expect(rows[0]).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', 'DNSL autograder (98765)']);
    expect(rows[1]![0]).toMatch(/Points Possible/);
    expect(rows[1]![5]).toBe('10');
    const body = rows.slice(2);
    expect(body).toHaveLength(4); // the pair gets a row each
    expect(body[0]).toEqual(['Lovelace, Ada', '1002', 'S-2', 'alove', 'A', '10']);
    expect(body.slice(2).map((r) => [r[0], r[2], r[5]])).toEqual([['Bit, Ben', '1003', '7.5'], ['D, Cy', '1004', '7.5']]);
    // A Moodle participant id is not a Canvas id.
    expect(body[1]![1]).toBe('');
  });

  test("Moodle: the grading worksheet's Identifier, Grade, Last modified (grade) and Feedback comments", () => {
    const when = new Date('2026-03-10T12:00:00Z');
    const rows = parseCsv(toMoodleCsv(book, when));
    expect(rows[0]).toEqual(['Identifier', 'Full name', 'Email address', 'Grade', 'Maximum Grade', 'Last modified (grade)', 'Feedback comments']);
    const jose = rows.find((r) => r[1] === 'José Álvarez')!;
    expect(jose.slice(0, 6)).toEqual(['Participant 4102', 'José Álvarez', 'jose@example.edu', '5', '10', '2026-03-10 12:00:00 UTC']);
    expect(jose[6]).toContain('01-sigmoid 5/10');
  });
});
