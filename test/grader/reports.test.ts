// The reports from a small, hand-made graded class, the output folder's protection of a teacher's
// files, and the command-line parsing.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseGradeArgs, UsageError } from '../../grader/args';
import type { ClassResult, StudentResult } from '../../grader/grade';
import { OutDirError, OutputDir } from '../../grader/outdir';
import { allFailed, type UnitOutcome } from '../../grader/outcome';
import { csvField, toCsv } from '../../grader/reports/csv';
import { gradebook } from '../../grader/reports/gradebook';
import { toGradescope } from '../../grader/reports/gradescope';
import { toHtml } from '../../grader/reports/html';
import { unitPaths, type Unit } from '../../src/course/course';

const unit = (n: number, points: number): Unit => ({
  slug: `0${n}-unit`, number: `0${n}`, title: `Unit ${n}`, points, concepts: [], reproduces: [], hints: ['a', 'b'],
  lesson: '', exerciseDir: '', solutionDir: '', paths: unitPaths(`0${n}-unit`),
});
const units = [unit(1, 10), unit(2, 6)];
const passed = (slug: string, results: boolean[]): UnitOutcome => ({
  slug, checks: results.map((ok, i) => ({ name: `check ${i + 1}`, passed: ok, ...(ok ? {} : { feedback: `check ${i + 1} failed <because>` }) })), output: '', droppedLines: 0, ms: 10,
});
const student = (name: string, outcomes: UnitOutcome[], extra: Partial<StudentResult> = {}): StudentResult => ({ student: name, source: `/x/${name}`, notes: [], units: outcomes, ms: 1234, cached: 0, ...extra });
const timeout = { kind: 'timeout' as const, message: 'took longer than 10 s' };
const result: ClassResult = {
  units,
  checkNames: {},
  stats: { wallMs: 1, gradedUnits: 0, cachedUnits: 0, damagedEntries: 0, sandboxes: 0, typecheckMs: 0 },
  students: [
    student('ann', [passed('01-unit', [true, true, false]), passed('02-unit', [true, true])]),
    student('=cmd|"x"', [passed('01-unit', [true, true, true]), { slug: '02-unit', checks: allFailed(['check 1', 'check 2'], timeout), problem: timeout, output: 'hi\n', droppedLines: 3, ms: 10_000 }]),
    student('<script>alert(1)</script>', units.map((u) => ({ slug: u.slug, checks: allFailed(['check 1'], { kind: 'unusable', message: 'no exercises' }), problem: { kind: 'unusable', message: 'no exercises' }, output: '', droppedLines: 0, ms: 0 })), { unusable: 'no exercises/ folder found' }),
  ],
};
const book = gradebook(result);

describe('grades.csv', () => {
  test('one row per submission, scores with two decimals at most, reasons in notes', () => {
    const text = toCsv(book);
    expect(text.startsWith('\uFEFF')).toBe(true); // a byte-order mark, so Excel on Windows reads UTF-8
    const lines = text.slice(1).trimEnd().split('\n');
    expect(lines[0]).toBe('student,name,id,email,section,submitted_at,days_late,late_deduction,score,max_score,01-unit,02-unit,notes');
    expect(lines[1]).toBe('ann,ann,,,,,,,12.67,16,6.67,6,');
    expect(lines[2]).toBe(`"'=cmd|""x""","'=cmd|""x""",,,,,,,10,16,10,0,02-unit: time limit; 02-unit: output truncated`);
    expect(lines[3]).toBe('<script>alert(1)</script>,<script>alert(1)</script>,,,,,,,0,16,0,0,cannot be graded: no exercises/ folder found');
    expect(lines).toHaveLength(4);
  });

  test('fields that a spreadsheet would misread are quoted or defused', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe("Gradescope's results.json", () => {
  test('one test per check, with points split evenly over a unit and feedback on failures', () => {
    const json = toGradescope(book.students[0]!);
    expect(json).toMatchObject({ score: 12.67, max_score: 16, execution_time: 1.23, visibility: 'visible', output_format: 'md' });
    expect(json.tests).toHaveLength(5);
    // 10 points over 3 checks: 3.34 + 3.33 + 3.33, so the unit's checks add up to its points exactly
    expect(json.tests[0]).toEqual({ name: '01-unit: check 1', number: '1.1', score: 3.34, max_score: 3.34, status: 'passed', output: '', output_format: 'text', tags: [], visibility: 'visible' });
    expect(json.tests.slice(0, 3).map((t) => Math.round(t.max_score * 100))).toEqual([334, 333, 333]);
    expect(json.tests[2]).toMatchObject({ status: 'failed', score: 0, output: 'check 3 failed <because>' });
    expect(json.tests[3]).toMatchObject({ name: '02-unit: check 1', max_score: 3 });
  });

  test('a unit with a problem fails every check with the reason, and what the code printed is shown', () => {
    const json = toGradescope(book.students[1]!);
    expect(json.tests.slice(3).map((t) => [t.status, t.output])).toEqual([['failed', 'time limit: took longer than 10 s'], ['failed', 'time limit: took longer than 10 s']]);
    expect(json.output).toContain('time limit: took longer than 10 s');
    expect(json.output).toContain('Your code printed:\n\n```\nhi\n```');
    expect(json.output).toContain('(3 more lines were not kept)');
  });
});

describe('report.html', () => {
  const html = toHtml(book, 'Grades — test', new Date('2026-01-02T03:04:05Z'));

  test('escapes what learners control and loads nothing from elsewhere', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('check 3 failed &lt;because&gt;');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).not.toMatch(/<script/i);
  });

  test('has the overview, the distribution, per-unit difficulty and every student', () => {
    for (const part of ['Class overview', 'Score distribution', '<svg', 'Per-unit difficulty', 'Feedback']) expect(html).toContain(part);
    expect(html).toContain('<b>3</b> submissions (1 could not be graded)');
    expect(html).toContain('check 3 <small>(failed by 1)</small>');
    for (const s of ['ann', '=cmd|&quot;x&quot;']) expect(html).toContain(s);
  });
});

describe('the output folder', () => {
  test("a teacher's own file is never overwritten; the grader's own files are", () => {
    const dir = mkdtempSync(join(tmpdir(), 'grader-out-'));
    writeFileSync(join(dir, 'grades.csv'), 'my own spreadsheet');
    expect(() => new OutputDir(dir).claim(['grades.csv', 'report.html'])).toThrow(OutDirError);
    expect(readFileSync(join(dir, 'grades.csv'), 'utf8')).toBe('my own spreadsheet');

    const other = mkdtempSync(join(tmpdir(), 'grader-out-'));
    const out = new OutputDir(other);
    out.claim(['grades.csv']);
    out.write('grades.csv', 'v1');
    expect(() => new OutputDir(other).claim(['grades.csv'])).not.toThrow();
    writeFileSync(join(other, 'grades.csv'), 'edited by hand');
    expect(() => new OutputDir(other).claim(['grades.csv'])).toThrow(/not written by the grader \(or changed since\)/);
  });

  test("a learner's folder never takes a report's name", () => {
    expect(OutputDir.studentFolder('ann')).toBe('ann');
    expect(OutputDir.studentFolder('grades.csv')).toBe('grades.csv-student');
  });
});

describe('the command line', () => {
  test('defaults', () => {
    expect(parseGradeArgs([])).toEqual({ submissions: undefined, out: 'grades', units: [], students: [], jobs: undefined, timeoutMs: undefined, memoryMb: undefined, formats: ['csv', 'json', 'html'], layout: 'auto', roster: undefined, due: undefined, latePolicy: undefined, assignment: undefined, assignmentId: undefined, cache: true, oracle: true, quiet: false, help: false });
  });

  test('LMS options: layouts, gradebook formats on top of the usual reports, due date and late policy', () => {
    const args = parseGradeArgs(['x', '--layout', 'canvas', '--format', 'canvas,moodle', '--due', '2026-03-01T23:59-08:00', '--late-policy', '5%/day,floor=50%', '--assignment', 'HW', '--assignment-id', '12']);
    expect(args).toMatchObject({ layout: 'canvas', formats: ['csv', 'json', 'html', 'canvas', 'moodle'], due: '2026-03-02T07:59:00.000Z', latePolicy: { perDay: 0.05, graceMs: 0, floor: 0.5 }, assignment: 'HW', assignmentId: '12' });
    expect(parseGradeArgs(['--format', 'csv,canvas']).formats).toEqual(['csv', 'canvas']);
    expect(() => parseGradeArgs(['--layout', 'blackboard'])).toThrow('--layout takes auto, gradescope, classroom, canvas, moodle, folders, not "blackboard"');
    expect(() => parseGradeArgs(['--late-policy', 'lots'])).toThrow(UsageError);
    expect(() => parseGradeArgs(['--assignment-id', 'hw1'])).toThrow(/--assignment-id is Canvas's number/);
  });

  test('options, repeated and comma-separated', () => {
    const args = parseGradeArgs(['class', '--out', 'o', '--unit', '1,02', '--unit', 'relu-family', '--student', 'ann', '--jobs', '3', '--timeout', '2.5', '--memory', '256', '--format', 'csv,json', '--no-cache', '--quiet']);
    expect(args).toMatchObject({ submissions: 'class', out: 'o', units: ['1', '02', 'relu-family'], students: ['ann'], jobs: 3, timeoutMs: 2500, memoryMb: 256, formats: ['csv', 'json'], cache: false, quiet: true });
  });

  test('mistakes are one clear sentence', () => {
    expect(() => parseGradeArgs(['--bogus'])).toThrow(UsageError);
    expect(() => parseGradeArgs(['--bogus'])).toThrow("Unknown option '--bogus'");
    expect(() => parseGradeArgs(['--jobs', 'two'])).toThrow('--jobs needs a positive whole number up to 256, not "two"');
    expect(() => parseGradeArgs(['--format', 'pdf'])).toThrow('--format takes csv, json, html, canvas, moodle, not "pdf"');
    expect(() => parseGradeArgs(['a', 'b'])).toThrow('expected one folder of submissions, got 2: a b');
  });
});
