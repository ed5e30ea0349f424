// The command as a teacher uses it on real exports: the gradebook in --out is the state that
// --student and --unit regrade cells of; the output folder is never a learner; exports are named as
// their LMS names them, with lateness and the LMS gradebooks written alongside.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import type { GradescopeResults } from '../../grader/reports/gradescope';
import { repoRoot } from '../../src/course/paths';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function grade(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'grader', 'cli.ts'), ...args, '--jobs', '1'], { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

const solution = (unit: string) => readFileSync(join(repoRoot, 'solutions', unit, 'index.ts'), 'utf8');
const stub = (unit: string) => readFileSync(join(repoRoot, 'exercises', unit, 'index.ts'), 'utf8');

function learner(root: string, files: Record<string, string>): void {
  for (const [unit, code] of Object.entries(files)) {
    mkdirSync(join(root, 'exercises', unit), { recursive: true });
    writeFileSync(join(root, 'exercises', unit, 'index.ts'), code);
  }
}

/** grades.csv as records keyed by header (the byte-order mark is read as one). */
function grades(out: string): Record<string, string>[] {
  return parse(readFileSync(join(out, 'grades.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
}
const results = (out: string, student: string) => JSON.parse(readFileSync(join(out, student, 'results.json'), 'utf8')) as GradescopeResults;

describe('the gradebook is the state', () => {
  test('--student and --unit regrade their cells and keep every other learner and unit; grades/ inside the class is not a learner', async () => {
    const klass = mkdtempSync(join(tmpdir(), 'grader-state-'));
    learner(join(klass, 'ada'), { '01-sigmoid': solution('01-sigmoid'), '02-chain-rule': solution('02-chain-rule') });
    learner(join(klass, 'ben'), { '01-sigmoid': solution('01-sigmoid'), '02-chain-rule': stub('02-chain-rule') });
    const out = join(klass, 'grades');

    const first = await grade([klass, '--out', out, '--unit', '01,02']);
    expect(first.status).toBe(0);
    expect(grades(out).map((r) => [r.student, r.score])).toEqual([['ada', '20'], ['ben', '10']]);

    // Ben fixes unit 02; only his cell is regraded, and Ada stays in every report.
    learner(join(klass, 'ben'), { '02-chain-rule': solution('02-chain-rule') });
    const second = await grade([klass, '--out', out, '--student', 'ben', '--unit', '02']);
    expect(second.status).toBe(0);
    expect(second.stderr).toMatch(/skipped grades\/: it is the grader's output folder/);
    expect(grades(out).map((r) => [r.student, r['01-sigmoid'], r['02-chain-rule'], r.score])).toEqual([['ada', '10', '10', '20'], ['ben', '10', '10', '20']]);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('ada');

    // --unit 01 alone regrades unit 01 for everyone; every results.json still covers both units.
    const third = await grade([klass, '--out', out, '--unit', '01']);
    expect(third.status).toBe(0);
    for (const s of ['ada', 'ben']) {
      const json = results(out, s);
      expect(json.max_score).toBe(20);
      expect(json.score).toBe(20);
      expect(new Set(json.tests.map((t) => t.name.split(':')[0]))).toEqual(new Set(['01-sigmoid', '02-chain-rule']));
    }
    expect(existsSync(join(out, 'grades', 'results.json'))).toBe(false);
  }, 240_000);
});

describe('what is never a learner, and classes with nothing to grade', () => {
  test('--out equal to the submissions folder is refused before anything is written', async () => {
    const klass = mkdtempSync(join(tmpdir(), 'grader-same-'));
    learner(join(klass, 'ada'), { '01-sigmoid': solution('01-sigmoid') });
    const run = await grade([klass, '--out', klass, '--unit', '01']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toMatch(/^grade: --out .* is the submissions folder itself/);
    expect(existsSync(join(klass, 'grades.csv'))).toBe(false);
  }, 60_000);

  test('200 empty folders: the reports say why, and the command warns and fails', async () => {
    const klass = mkdtempSync(join(tmpdir(), 'grader-empty-'));
    for (let i = 0; i < 200; i++) mkdirSync(join(klass, `learner-${String(i).padStart(3, '0')}`));
    const out = mkdtempSync(join(tmpdir(), 'grader-empty-out-'));
    const run = await grade([klass, '--out', out, '--unit', '01', '--quiet']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/nothing gradable: none of the 200 submissions/);
    expect(grades(out)).toHaveLength(200);
  }, 120_000);

  test("one learner's repository given as the class: one learner, named after it, and said", async () => {
    const parent = mkdtempSync(join(tmpdir(), 'grader-repo-'));
    const repo = join(parent, 'ada-dnsl');
    cpSync(join(repoRoot, 'course.json'), join(repo, 'course.json'));
    mkdirSync(join(repo, 'lessons'), { recursive: true });
    learner(repo, { '01-sigmoid': solution('01-sigmoid') });
    const out = mkdtempSync(join(tmpdir(), 'grader-repo-out-'));
    const run = await grade([repo, '--out', out, '--unit', '01']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/is one learner's repository .* grading it as the one learner "ada-dnsl"/);
    expect(grades(out).map((r) => [r.student, r.score])).toEqual([['ada-dnsl', '10']]);
  }, 60_000);
});

const enc = (s: string) => new TextEncoder().encode(s);
const unitZip = (top: string, code: string) => zipSync({ [`${top}exercises/01-sigmoid/index.ts`]: enc(code) });

describe('exports graded as they come', () => {
  test('Gradescope: names, SIDs and emails from the metadata, a group row per member, lateness against --due, canvas.csv and moodle.csv', async () => {
    const root = mkdtempSync(join(tmpdir(), 'grader-gs-'));
    const exp = join(root, 'assignment_7_export');
    learner(join(exp, 'submission_111'), { '01-sigmoid': solution('01-sigmoid') });
    learner(join(exp, 'submission_222'), { '01-sigmoid': stub('01-sigmoid') });
    writeFileSync(join(exp, 'submission_metadata.yml'), [
      'submission_111:', '  :submitters:', '  - :name: José Álvarez', "    :sid: '1001'", '    :email: jose@example.edu', '  :created_at: 2026-03-03 10:00:00.000000000 -08:00',
      'submission_222:', '  :submitters:', '  - :name: Ada Lovelace', "    :sid: '1002'", '    :email: ada@example.edu', '  - :name: Ben Bitdiddle', "    :sid: '1003'", '    :email: ben@example.edu', '  :created_at: 2026-03-01 09:00:00.000000000 -08:00', '',
    ].join('\n'));
    const out = join(root, 'out');
    const run = await grade([root, '--out', out, '--unit', '01', '--due', '2026-03-01T23:59-08:00', '--late-policy', '10%/day', '--format', 'canvas,moodle']);
    expect(run.status).toBe(0);
    const rows = grades(out);
    expect(rows.map((r) => [r.student, r.name, r.id, r.email, r.days_late, r.score])).toEqual([
      ['Ada Lovelace & Ben Bitdiddle', 'Ada Lovelace', '1002', 'ada@example.edu', '0', '0'],
      ['Ada Lovelace & Ben Bitdiddle', 'Ben Bitdiddle', '1003', 'ben@example.edu', '0', '0'],
      ['José Álvarez', 'José Álvarez', '1001', 'jose@example.edu', '2', '8'],
    ]);
    expect(readFileSync(join(out, 'grades.csv'), 'utf8').startsWith('\uFEFF')).toBe(true);
    const canvas = parse(readFileSync(join(out, 'canvas.csv'), 'utf8'), { bom: true }) as string[][];
    expect(canvas[0]!.slice(0, 5)).toEqual(['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section']);
    expect(canvas.find((r) => r[0] === 'Álvarez, José')!.slice(2)).toEqual(['1001', '', '', '8']);
    const moodle = parse(readFileSync(join(out, 'moodle.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(moodle.map((r) => [r['Full name'], r['Email address'], r.Grade])).toContainEqual(['José Álvarez', 'jose@example.edu', '8']);
  }, 120_000);

  test('Moodle: the download zip of <Full Name>_<id>_assignsubmission_file_/ folders, each holding the learner\'s zip; moodle.csv by participant', async () => {
    const root = mkdtempSync(join(tmpdir(), 'grader-moodle-'));
    writeFileSync(join(root, 'DNSL-Unit 1-123.zip'), zipSync({
      'Ada Lovelace_4101_assignsubmission_file_/dnsl-main.zip': unitZip('dnsl-main/', solution('01-sigmoid')),
      'José Álvarez_4102_assignsubmission_file_/work.zip': unitZip('', stub('01-sigmoid')),
    }));
    const out = join(root, 'out');
    const run = await grade([join(root, 'DNSL-Unit 1-123.zip'), '--out', out, '--unit', '01', '--format', 'moodle']);
    expect(run.status).toBe(0);
    expect(grades(out).map((r) => [r.student, r.id, r.score])).toEqual([['Ada Lovelace', '4101', '10'], ['José Álvarez', '4102', '0']]);
    const moodle = parse(readFileSync(join(out, 'moodle.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(moodle.map((r) => [r.Identifier, r.Grade, r['Maximum Grade']])).toEqual([['Participant 4101', '10', '10'], ['Participant 4102', '0', '10']]);
  }, 120_000);

  test('Gradescope: the export downloaded as a zip is a class, not one learner', async () => {
    const root = mkdtempSync(join(tmpdir(), 'grader-gs-zip-'));
    const file = (code: string) => enc(code);
    writeFileSync(join(root, 'submissions.zip'), zipSync({
      'assignment_7_export/submission_metadata.yml': enc("submission_1:\n  :submitters:\n  - :name: Ada Lovelace\n    :sid: '1'\nsubmission_2:\n  :submitters:\n  - :name: Ben Bitdiddle\n    :sid: '2'\n"),
      'assignment_7_export/submission_1/exercises/01-sigmoid/index.ts': file(solution('01-sigmoid')),
      'assignment_7_export/submission_2/exercises/01-sigmoid/index.ts': file(stub('01-sigmoid')),
    }));
    const out = join(root, 'out');
    const run = await grade([join(root, 'submissions.zip'), '--out', out, '--unit', '01']);
    expect(run.status).toBe(0);
    expect(grades(out).map((r) => [r.student, r.id, r.score])).toEqual([['Ada Lovelace', '1', '10'], ['Ben Bitdiddle', '2', '0']]);
  }, 120_000);

  test('GitHub Classroom with a roster: usernames become names and emails; who is missing on either side is said', async () => {
    const klass = mkdtempSync(join(tmpdir(), 'grader-classroom-'));
    for (const user of ['octocat', 'hubot', 'stranger']) {
      learner(join(klass, `dnsl-unit1-${user}`), { '01-sigmoid': solution('01-sigmoid') });
      mkdirSync(join(klass, `dnsl-unit1-${user}`, '.git'));
    }
    const roster = join(klass, '..', `${klass.split('/').at(-1)}-roster.csv`);
    writeFileSync(roster, 'Name,Email,GitHub\nMona Lisa Octocat,mona@example.edu,octocat\nHu Bot,hubot@example.edu,hubot\nAbsent Learner,absent@example.edu,absentee\n');
    const out = mkdtempSync(join(tmpdir(), 'grader-classroom-out-'));
    const run = await grade([klass, '--out', out, '--unit', '01', '--roster', roster]);
    expect(run.status).toBe(0);
    expect(grades(out).map((r) => [r.student, r.name, r.email])).toEqual([['hubot', 'Hu Bot', 'hubot@example.edu'], ['octocat', 'Mona Lisa Octocat', 'mona@example.edu'], ['stranger', 'stranger', '']]);
    expect(run.stderr).toMatch(/1 learner is not in the roster/);
    expect(run.stderr).toMatch(/1 in the roster has no submission: Absent Learner/);
  }, 120_000);

  test("Canvas: the submissions.zip as downloaded, a zip of zips named lastnamefirstname[_LATE]_<userid>_<subid>_<file>", async () => {
    const root = mkdtempSync(join(tmpdir(), 'grader-canvas-'));
    writeFileSync(join(root, 'submissions.zip'), zipSync({
      'lovelaceada_1002_555002_dnsl.zip': unitZip('', solution('01-sigmoid')),
      'xucarol_LATE_1003_555003_dnsl-1.zip': unitZip('dnsl-main/', solution('01-sigmoid')),
    }));
    const out = join(root, 'out');
    const run = await grade([join(root, 'submissions.zip'), '--out', out, '--unit', '01', '--late-policy', '20%/day', '--format', 'canvas', '--assignment', 'Unit 1', '--assignment-id', '4242']);
    expect(run.status).toBe(0);
    expect(grades(out).map((r) => [r.student, r.id, r.days_late, r.score])).toEqual([['lovelaceada', '1002', '', '10'], ['xucarol', '1003', '1', '8']]);
    const canvas = parse(readFileSync(join(out, 'canvas.csv'), 'utf8'), { bom: true }) as string[][];
    expect(canvas[0]![5]).toBe('Unit 1 (4242)');
    expect(canvas.slice(2).map((r) => [r[1], r[5]])).toEqual([['1002', '10'], ['1003', '8']]);
  }, 120_000);
});
