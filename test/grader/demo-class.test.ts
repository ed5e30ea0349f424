// `npm run grade` with no argument grades the bundled demo class: every learner must get exactly the
// score and the reason grader/demo-class/students.ts promises, in all three reports; a second run
// answers everything from the cache.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { DEMO_STUDENTS, expectedUnitScore } from '../../grader/demo-class/students';
import { unitsToGrade } from '../../grader/grade';
import { PROBLEM_LABEL } from '../../grader/outcome';
import type { GradescopeResults } from '../../grader/reports/gradescope';
import { repoRoot } from '../../src/course/paths';
import { loadUnits } from '../../src/course/course';

const units = unitsToGrade(loadUnits());
const out = mkdtempSync(join(tmpdir(), 'grader-demo-'));
// The time limit is the default a teacher gets (10 s): perfect units 12 and 07 take 3–4 s of CPU time on
// an idle machine, and a 5 s limit left too little room when CI's other tests ran beside them.
const grade = () => spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'grader', 'cli.ts'), '--out', out, '--memory', '256'], {
  cwd: repoRoot, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' },
});
let first: ReturnType<typeof grade>;
let second: ReturnType<typeof grade>;
let csv: Map<string, Record<string, string>>;
const results = (student: string): GradescopeResults => JSON.parse(readFileSync(join(out, student, 'results.json'), 'utf8')) as GradescopeResults;
/** Checks per unit, as the perfect learner's results.json lists them. */
let checksPerUnit: Record<string, number>;

beforeAll(() => {
  first = grade();
  second = grade();
  const [header, ...rows] = parseCsv(readFileSync(join(out, 'grades.csv'), 'utf8').replace(/^\uFEFF/, ''));
  csv = new Map(rows.map((r) => [r[0]!, Object.fromEntries(header!.map((h, i) => [h, r[i]!]))]));
  checksPerUnit = {};
  for (const t of results('ada-perfect').tests) {
    const slug = t.name.split(':')[0]!;
    checksPerUnit[slug] = (checksPerUnit[slug] ?? 0) + 1;
  }
}, 240_000);

const round2 = (x: number) => String(Math.round(x * 100) / 100);

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

describe('npm run grade on the demo class', () => {
  test('succeeds, writes all three reports, and says what it did', () => {
    expect(first.stderr).not.toMatch(/\n\s+at /);
    expect(first.status).toBe(0);
    expect(existsSync(join(out, 'grades.csv'))).toBe(true);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(first.stdout).toContain('Grading the demo class');
    expect(first.stdout).toMatch(new RegExp(`Graded ${DEMO_STUDENTS.length} submissions × \\d+ units`));
  });

  test('grades.csv has every submission exactly once, and the columns the design names', () => {
    const text = readFileSync(join(out, 'grades.csv'), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true); // so that Excel on Windows reads UTF-8
    const header = text.slice(1).split('\n')[0];
    expect(header).toBe(['student', 'name', 'id', 'email', 'section', 'submitted_at', 'days_late', 'late_deduction', 'score', 'max_score', ...units.map((u) => u.slug), 'notes'].join(','));
    expect([...csv.keys()].sort()).toEqual(DEMO_STUDENTS.map((s) => s.student).sort());
    expect(parseCsv(readFileSync(join(out, 'grades.csv'), 'utf8'))).toHaveLength(DEMO_STUDENTS.length + 1);
  });

  test('the re-run grades nothing again and writes the same grades', () => {
    expect(second.status).toBe(0);
    expect(second.stdout).toContain(': 0 units run in 0 sandboxes');
  });

  test('report.html names every learner and has the class overview', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const s of DEMO_STUDENTS) expect(html).toContain(s.student);
    expect(html).toContain('Score distribution');
    expect(html).toContain('Per-unit difficulty');
  });

  describe.each(DEMO_STUDENTS.map((s) => [s.student, s] as const))('%s', (name, student) => {
    test(`scores exactly as promised (${student.about})`, () => {
      const row = csv.get(name)!;
      const expected = units.map((u, i) => expectedUnitScore(student, u, i, units, checksPerUnit[u.slug]!));
      // On a failure, say why the grader scored what it did (grades.csv's notes).
      expect(units.map((u) => row[u.slug]), `notes: ${row.notes}`).toEqual(expected.map(round2));
      expect(row.score).toBe(round2(expected.reduce((a, b) => a + b, 0)));
      expect(row.max_score).toBe(String(units.reduce((s, u) => s + u.points, 0)));
      const json = results(name);
      expect(json.score).toBe(Number(round2(expected.reduce((a, b) => a + b, 0))));
      expect(json.tests).toHaveLength(Object.values(checksPerUnit).reduce((a, b) => a + b, 0));
    });

    test('gives the reason', () => {
      const json = results(name);
      if (student.unusable) {
        expect(csv.get(name)!.notes).toContain(student.unusable);
        expect(json.output).toContain(student.unusable);
        return;
      }
      const expectations = Object.entries({ ...(student.unit01 ? { '01-sigmoid': student.unit01 } : {}), ...student.unitsExpected });
      for (const [slug, e] of expectations) {
        const tests = json.tests.filter((t) => t.name.startsWith(`${slug}:`));
        if (e.problem) {
          expect(tests.every((t) => t.status === 'failed')).toBe(true);
          expect(json.output).toContain(PROBLEM_LABEL[e.problem]);
          expect(json.output).not.toContain(`${PROBLEM_LABEL[e.problem]}: ${PROBLEM_LABEL[e.problem]}`);
          expect(csv.get(name)!.notes).toContain(`${slug}: ${PROBLEM_LABEL[e.problem]}`);
        }
        if (e.says) expect(JSON.stringify(json)).toContain(JSON.stringify(e.says).slice(1, -1));
      }
    });
  });
});

describe("the teacher's reports on the demo class", () => {
  test('every learner has feedback.md and feedback.html, written under the manifest like the other reports', () => {
    const manifest = JSON.parse(readFileSync(join(out, '.grader-manifest.json'), 'utf8')) as { files: Record<string, unknown> };
    for (const name of DEMO_STUDENTS.map((s) => s.student)) {
      for (const file of ['feedback.md', 'feedback.html']) {
        expect(existsSync(join(out, name, file)), `${name}/${file}`).toBe(true);
        expect(Object.keys(manifest.files), `${name}/${file}`).toContain(`${name}/${file}`);
      }
    }
    expect(readFileSync(join(out, 'dev-one-minus-z', 'feedback.md'), 'utf8')).toContain('## To revisit first');
    expect(first.stdout).toMatch(new RegExp(`report\\.html \\(\\d+ groups? of similar submissions to look at\\), ${DEMO_STUDENTS.length} × <student>/feedback\\.md and \\.html`));
  });

  test("report.html tallies unit 01's named misconceptions with who made them, and lists similar submissions", () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const row = (name: string) => new RegExp(`<tr><td>${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</td><td class="num"><b>(\\d+)</b></td><td><code>lessons/01-sigmoid\\.md#[\\w-]+</code></td><td class="who">([^<]*)</td></tr>`).exec(html);
    // the names are the hidden suite's (grader/checks/01-sigmoid.checks.ts)
    for (const [name, learner] of [['σ(z)·(1−z) instead of σ(z)·(1−σ(z))', 'dev-one-minus-z'], ['σ(z)·(1+σ(z)) instead of σ(z)·(1−σ(z))', 'finn-plus-sign']] as const) {
      const found = row(name);
      expect(found, name).not.toBeNull();
      expect(found![2]!.split(', ')).toContain(learner);
      expect(Number(found![1])).toBe(found![2]!.split(', ').length);
    }
    expect(html).toContain('<h2 id="items">Item analysis</h2>');
    expect(html).toContain('<h2 id="similarity">Similar submissions</h2>');
    expect(html).not.toContain('does not compile: does not compile');
  });
});
