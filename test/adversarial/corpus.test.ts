/**
 * The grader against the adversarial corpus (cases.ts): every case is graded in ONE run, then each
 * must get exactly the score and reason its entry states, every other unit of that learner must stay
 * full, control learners graded in the same sandboxes must keep their known scores, and nothing may
 * leak out (files written, connections made, the environment or the hidden suites in any report).
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROBLEM_LABEL } from '../../grader/outcome';
import { OutputDir } from '../../grader/outdir';
import { loadUnits } from '../../src/course/course';
import { CASES, GRADED_UNITS } from './cases';
import { CONTROLS, type CorpusRun, gradeCorpus, SECRET, unitText } from './corpus';

const units = loadUnits().filter((u) => GRADED_UNITS.includes(u.slug));
const points = (slug: string) => units.find((u) => u.slug === slug)!.points;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]));
}

let run: CorpusRun;

beforeAll(async () => {
  run = await gradeCorpus();
  const held = CASES.length;
  console.log(`adversarial corpus: ${held} cases + ${CONTROLS.length} controls graded in ${(run.wallMs / 1000).toFixed(1)} s (exit ${run.status})`);
}, 600_000);

afterAll(async () => {
  await run?.close();
  if (run && !process.env.KEEP_ADVERSARIAL) rmSync(dirname(run.ctx.classDir), { recursive: true, force: true });
}, 120_000);

describe('one grader run over the whole corpus', () => {
  test('finishes with exit 0, no stack trace, and one row per submission', () => {
    expect(run.stderr, run.stderr).not.toMatch(/^\s+at .+:\d+/m);
    expect(run.status, run.stderr).toBe(0);
    expect(run.rows).toHaveLength(run.entries);
    expect(new Set(run.rows.map((r) => r.student)).size).toBe(run.rows.length);
  });

  test('control learners graded alongside keep their known scores', () => {
    for (const control of CONTROLS) {
      const row = run.rows.find((r) => r.student === control.name)!;
      const results = run.results(control.name);
      for (const slug of GRADED_UNITS) {
        const { passed, total } = unitText(results, slug);
        const want = control.passed[slug] ?? 'all';
        expect(passed, `${control.name} ${slug}`).toBe(want === 'all' ? total : want);
        expect(row.units[slug], `${control.name} ${slug}`).toBeCloseTo((points(slug) * (want === 'all' ? total : want)) / total, 2);
      }
    }
  });

  test('nothing got out: no file written, no connection, no secret or hidden suite in any report', () => {
    expect(readdirSync(run.ctx.markDir)).toEqual([]);
    expect(readdirSync(dirname(run.ctx.classDir)).filter((n) => n.includes('zip-slip'))).toEqual([]);
    expect(run.connections()).toBe(0);
    const hiddenText = ['Hidden checks for unit', 'symbolicSigmoidPrime', 'mathjsSigmoidPrime(z)', 'samplePoints('];
    for (const file of filesUnder(run.ctx.outDir).filter((f) => !f.includes(`${join(run.ctx.outDir, '.cache')}`))) {
      const size = statSync(file).size;
      expect(size, `${file} is ${size} bytes`).toBeLessThan(1_000_000);
      const text = readFileSync(file, 'utf8');
      expect(text.includes(SECRET), `${file} holds the secret`).toBe(false);
      for (const t of hiddenText) expect(text.includes(t), `${file} holds "${t}"`).toBe(false);
    }
  });
});

describe.each(['escape', 'tamper', 'denial', 'input'] as const)('%s', (group) => {
  test.each(CASES.filter((c) => c.group === group).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const student = run.learners.get(c.name)!;
    const rows = run.rows.filter((r) => r.student === student);
    expect(rows, `rows for ${student}`).toHaveLength(1);
    const row = rows[0]!;
    const results = run.results(OutputDir.studentFolder(student));
    const e = c.expect;
    if (e.score === 'unusable') {
      for (const slug of GRADED_UNITS) expect(row.units[slug]).toBe(0);
      expect(`${row.notes}\n${results.output}`).toMatch(e.says);
      return;
    }
    const { text, passed, total } = unitText(results, c.unit);
    const why = `${c.name}: ${c.about}\n--- the grader said ---\n${text.slice(0, 3000)}`;
    if (e.score === 'full') {
      expect(row.units[c.unit], why).toBe(points(c.unit));
      expect(passed, why).toBe(total);
    } else if (e.score === 'zero') {
      expect(row.units[c.unit], why).toBe(0);
      // the problem's own line in the unit's block starts with its label (once: "does not compile (a syntax error?)")
      if (e.problem) expect(text.split('\n').some((l) => l.startsWith(PROBLEM_LABEL[e.problem!])), why).toBe(true);
    } else {
      expect(passed, why).toBe(e.passed);
      expect(row.units[c.unit], why).toBeCloseTo((points(c.unit) * e.passed) / total, 2);
    }
    if (e.says) expect(text, why).toMatch(e.says);
    // The attack costs this unit only.
    for (const slug of GRADED_UNITS.filter((s) => s !== c.unit)) expect(row.units[slug], `${c.name}: ${slug} should be untouched`).toBe(points(slug));
    if (c.honestTwin) {
      const twin = run.rows.find((r) => r.student === c.honestTwin)!;
      expect(row.units[c.unit], `${c.name} must not beat its honest twin ${c.honestTwin}`).toBeLessThanOrEqual(twin.units[c.unit]!);
    }
  });
});
