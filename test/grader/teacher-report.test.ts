// What the teacher reads: the misconception tally, the item analysis, the class mean and histogram,
// the per-learner feedback files, the problem texts, and the similar pairs, on small made-up classes
// whose right answers are worked out by hand here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ClassResult, StudentResult } from '../../grader/grade';
import { allFailed, type Problem, type UnitOutcome } from '../../grader/outcome';
import { analyse, classMeans, scoreBins } from '../../grader/reports/analysis';
import { feedbackHtml, feedbackMarkdown } from '../../grader/reports/feedback';
import { isNotWritten, namedSlip, problemText, splitPoints } from '../../grader/reports/feedback-text';
import { gradebook } from '../../grader/reports/gradebook';
import { toHtml } from '../../grader/reports/html';
import { summaryTable } from '../../grader/reports/terminal';
import { groupPairs, similarInUnit, tokenize } from '../../grader/similarity';
import { repoRoot } from '../../src/course/paths';
import { unitPaths, type Unit } from '../../src/course/course';

const unit = (n: number, points: number): Unit => ({
  slug: `0${n}-unit`, number: `0${n}`, title: `Unit ${n}`, points, concepts: [], reproduces: [], hints: ['a', 'b'],
  lesson: '', exerciseDir: '', solutionDir: '', paths: unitPaths(`0${n}-unit`),
});
const units = [unit(1, 10), unit(2, 6)];
const slip = (name: string, section: string) => `It looks like ${name}. The reason, kindly.\n  f(2) returned 3; the right value is 1.\n  → Reread lessons/01-unit.md#${section}`;
const todo = (call: string) => `${call} is not written yet: TODO: write it\n  → Reread lessons/02-unit.md#start`;
const outcome = (slug: string, checks: (true | string)[]): UnitOutcome => ({
  slug, checks: checks.map((c, i) => (c === true ? { name: `c${i + 1}`, passed: true } : { name: `c${i + 1}`, passed: false, feedback: c })), output: '', droppedLines: 0, ms: 1,
});
const broken = (slug: string, problem: Problem): UnitOutcome => ({ slug, checks: allFailed(['c1', 'c2', 'c3'], problem), problem, output: '', droppedLines: 0, ms: 1 });
const learner = (name: string, outcomes: UnitOutcome[], extra: Partial<StudentResult> = {}): StudentResult => ({ student: name, source: `/x/${name}`, notes: [], units: outcomes, ms: 1, cached: 0, ...extra });
const missing: Problem = { kind: 'missing', message: 'there is no exercises/02-unit/index.ts' };
const unwritten = outcome('02-unit', [todo('g(1)'), todo('g(2)'), todo('g(3)')]);
const flip = 'σ(z)·(1−z) instead of σ(z)·(1−σ(z))';
const sign = '1/(1+e^z): the sign of the exponent is flipped';

// Unit 01's checks c1, c2, c3 by learner (1 = passed): A 111, B 110, C 010, D 000, E: does not compile.
const result: ClassResult = {
  units,
  checkNames: {},
  stats: { wallMs: 1, gradedUnits: 0, cachedUnits: 0, damagedEntries: 0, sandboxes: 0, typecheckMs: 0 },
  students: [
    learner('ann', [outcome('01-unit', [true, true, true]), outcome('02-unit', [true, true, true])]),
    learner('bob', [outcome('01-unit', [true, true, slip(flip, 'derivative')]), unwritten]),
    learner('cat', [outcome('01-unit', [slip(flip, 'derivative'), true, slip(sign, 'sigmoid')]), broken('02-unit', missing)]),
    learner('dan', [outcome('01-unit', ['f(1) returned 2; the right value is 1.', 'wrong', slip(flip, 'derivative')]), unwritten]),
    learner('eve', [broken('01-unit', { kind: 'build', message: 'does not compile (a syntax error?):\n01-unit/index.ts:4:43: Expected ")"' }), unwritten]),
    learner('zed', units.map((u) => broken(u.slug, { kind: 'unusable', message: 'no exercises' })), { unusable: 'no exercises/ folder found' }),
  ],
};
const book = gradebook(result);

describe('what a check said, read back', () => {
  test('the misconception named by "It looks like …", and the section to reread', () => {
    expect(namedSlip(slip(flip, 'derivative'))).toEqual({ name: flip, lesson: 'lessons/01-unit.md#derivative' });
    // a colon inside a short name is part of it
    expect(namedSlip(slip(sign, 'sigmoid'))?.name).toBe(sign);
    // a long first sentence is cut at its first colon
    expect(namedSlip('It looks like clipByValue mutating its input: after clipByValue([[1, 2]], 1), g became [[1,1]]; write the clamped values into a new matrix and leave g as it was, since the caller may still need it.')?.name).toBe('clipByValue mutating its input');
    expect(namedSlip('f(1) returned 2; the right value is 1.')).toBeUndefined();
    expect(namedSlip(undefined)).toBeUndefined();
    expect(isNotWritten(todo('g(1)'))).toBe(true);
    expect(isNotWritten('g(1) returned 2')).toBe(false);
  });

  test('a problem says its label once', () => {
    expect(problemText({ kind: 'build', message: 'does not compile (a syntax error?):\nx.ts:1:1: oops' })).toBe('does not compile (a syntax error?):\nx.ts:1:1: oops');
    expect(problemText({ kind: 'timeout', message: 'took longer than 10 s' })).toBe('time limit: took longer than 10 s');
  });

  test('points split into hundredths that add up exactly', () => {
    expect(splitPoints(10, 3)).toEqual([3.34, 3.33, 3.33]);
    expect(splitPoints(10, 9).map((x) => Math.round(x * 100))).toEqual([112, 111, 111, 111, 111, 111, 111, 111, 111]);
    for (const [points, n] of [[10, 7], [6, 11], [12.5, 13], [100, 115]] as const) {
      const cents = splitPoints(points, n).map((x) => Math.round(x * 100));
      expect(cents.reduce((a, b) => a + b, 0)).toBe(points * 100);
    }
    expect(splitPoints(10, 0)).toEqual([]);
  });
});

describe('the class analysis', () => {
  const [u1, u2] = analyse(book);

  test('the misconception tally: learners per named slip, with the section to re-teach, most common first', () => {
    expect(u1!.slips).toEqual([
      { name: flip, lesson: 'lessons/01-unit.md#derivative', learners: ['bob', 'cat', 'dan'], checks: ['c3', 'c1'] },
      { name: sign, lesson: 'lessons/01-unit.md#sigmoid', learners: ['cat'], checks: ['c3'] },
    ]);
    expect(u2!.slips).toEqual([]);
  });

  test('item analysis: facility over those who took the unit, corrected point-biserial discrimination', () => {
    // unit 01 was taken by ann, bob, cat, dan and eve (whose 0 for not compiling counts); zed is ungradable
    expect(u1!.takers).toBe(5);
    // c1 passed by ann and bob of 5
    expect(u1!.checks[0]!.facility).toBeCloseTo(2 / 5, 12);
    // c1 against the rest of the unit (c2, c3): item 1,1,0,0,0 and rest 1, .5, .5, 0, 0.
    // p = .4, mean of rest = .4, sd = sqrt((.36+.01+.01+.16+.16)/5) = sqrt(.14); M1 = .75, M0 = 1/6
    const r = ((0.75 - 1 / 6) / Math.sqrt(0.14)) * Math.sqrt(0.4 * 0.6);
    expect(u1!.checks[0]!.discrimination).toBeCloseTo(r, 12);
    // unit 02: ann took it; bob, dan, eve have the stub (not written yet), cat has no file: 1 taker, nothing varies
    expect(u2!.takers).toBe(1);
    expect(u2!.checks.every((c) => c.facility === 1 && Number.isNaN(c.discrimination))).toBe(true);
  });

  test('the mean counts every row of grades.csv (ungradable at 0), and says the gradable mean too', () => {
    // totals: ann 16, bob 6.67, cat 3.33, dan 0, eve 0, zed 0
    const m = classMeans(book);
    expect(m.all).toBeCloseTo((16 + 20 / 3 + 10 / 3) / 6, 9);
    expect(m.gradable).toBeCloseTo((16 + 20 / 3 + 10 / 3) / 5, 9);
    expect(summaryTable(book)).toContain('mean 4.33 over all 6 rows of grades.csv (the 1 ungradable at 0), 5.2 over the 5 gradable');
  });

  test('histogram: 100 % has its own bar, 90 % sits in 90–99, and a float just under a boundary does not slip down', () => {
    const bins = scoreBins([1, 0.9, 0.995, 0.1 + 0.2, 0, 0.05]);
    expect(bins.map((b) => b.label)).toEqual(['0–9', '10–19', '20–29', '30–39', '40–49', '50–59', '60–69', '70–79', '80–89', '90–99', '100']);
    expect(bins.map((b) => b.count)).toEqual([2, 0, 0, 1, 0, 0, 0, 0, 0, 2, 1]);
  });
});

describe('report.html and the feedback files', () => {
  const html = toHtml(book, 'Grades — test', new Date('2026-01-02T03:04:05Z'));

  test('the report has the tally, the item analysis and the both means', () => {
    expect(html).toContain('Misconceptions the class made');
    expect(html).toMatch(new RegExp(`<td>${flip.replace(/[()]/g, '\\$&')}</td><td class="num"><b>3</b></td><td><code>lessons/01-unit.md#derivative</code></td><td class="who">bob, cat, dan</td>`));
    expect(html).toContain('corrected point-biserial');
    expect(html).toContain('<td class="num">40%');
    expect(html).toContain('mean <b>4.33</b> / 16 over all 6 rows of grades.csv (the 1 that could not be graded count as 0, as there); <b>5.2</b> over the 5 gradable');
    expect(html).toContain('<title>100%: 1</title>');
  });

  test('"does not compile" once, and a unit not started is one line, not one per check', () => {
    expect(html).not.toContain('does not compile: does not compile');
    expect(html).toContain('does not compile (a syntax error?):');
    expect(html.match(/Not written yet \(all 3 checks\)/g)).toHaveLength(3); // bob, dan and eve kept unit 02's stub
    expect(html).not.toContain('g(1) is not written yet');
  });

  test("a learner's feedback.md: the total, what to revisit, each unit; learner text cannot break out of its block", () => {
    const cat = feedbackMarkdown(book.students[2]!, 'The course');
    expect(cat).toContain('# The course: feedback for cat');
    expect(cat).toContain('**Total: 3.33 / 16**');
    expect(cat).toContain(`## To revisit first\n\nThe checks recognised these mistakes in your code:\n\n- ${flip} (01-unit; reread \`lessons/01-unit.md#derivative\`)\n- ${sign} (01-unit; reread \`lessons/01-unit.md#sigmoid\`)`);
    expect(cat).toContain('Not handed in: there is no `exercises/02-unit/index.ts`.');
    const bob = feedbackMarkdown(book.students[1]!, 'The course');
    expect(bob).toContain('Not written yet: `exercises/02-unit/index.ts` is still the stub (all 3 checks say "not written yet").');
    expect(bob.match(/not written yet/gi)).toHaveLength(2);
    const zed = feedbackMarkdown(book.students[5]!, 'The course');
    expect(zed).toContain('Your submission could not be graded: no exercises/ folder found');

    const sneaky = gradebook({ ...result, students: [learner('<b>x</b>', [{ ...outcome('01-unit', ['returned ```\n# not a heading\n<script>alert(1)</script>', true, true]), output: '````\nprinted' }, unwritten])] }).students[0]!;
    const text = feedbackMarkdown(sneaky, 'The course');
    const page = feedbackHtml(text, 'x');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<b>x</b>');
    expect(page).not.toMatch(/<h1>not a heading/);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toMatch(/(src|href)=["']?https?:/);
  });
});

describe('similar submissions (Dolos winnowing over TypeScript tokens)', () => {
  const reference = readFileSync(join(repoRoot, 'solutions/10-gradient-clipping/index.ts'), 'utf8');
  const stub = readFileSync(join(repoRoot, 'exercises/10-gradient-clipping/index.ts'), 'utf8');
  // the reference with every local name changed, comments dropped and the layout changed
  const renamed = reference
    .replace(/\/\/.*$/gm, '')
    .replace(/\bg\b/g, 'grad').replace(/\blimit\b/g, 'lim').replace(/\bsquares\b/g, 'acc').replace(/\bfactor\b/g, 'k').replace(/\bscale\b/g, 'ratio').replace(/\brow\b/g, 'r').replace(/\bx\b/g, 'v')
    .replace(/\n\s*\n/g, '\n').replace(/; /g, ';\n  ');
  // two solutions written independently of it (and of each other)
  const loops = `import type { Matrix } from '@course/types';

export function clipByValue(g: Matrix, limit: number): Matrix {
  if (limit < 0 || Number.isNaN(limit)) throw new Error('bad limit');
  const out: Matrix = [];
  for (let i = 0; i < g.length; i++) {
    const row: number[] = [];
    for (let j = 0; j < g[i]!.length; j++) {
      const v = g[i]![j]!;
      row.push(v > limit ? limit : v < -limit ? -limit : v);
    }
    out.push(row);
  }
  return out;
}

export function clipByGlobalNorm(grads: Matrix[], maxNorm: number): { clipped: Matrix[]; totalNorm: number } {
  if (maxNorm < 0 || Number.isNaN(maxNorm)) throw new Error('bad maxNorm');
  const totalNorm = Math.hypot(...grads.flat(2));
  const coef = Math.min(1, maxNorm / (totalNorm + 1e-6));
  return { clipped: grads.map((m) => m.map((r) => r.map((v) => v * coef))), totalNorm };
}
`;
  const helpers = `import type { Matrix } from '@course/types';

const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

export function clipByValue(g: Matrix, limit: number): Matrix {
  if (!(limit >= 0)) {
    throw new Error(\`limit must be >= 0 (got \${limit})\`);
  }
  return g.map((r) => r.map((x) => clamp(x, -limit, limit)));
}

function sumOfSquares(m: Matrix): number {
  return m.reduce((acc, r) => acc + r.reduce((a, x) => a + x * x, 0), 0);
}

export function clipByGlobalNorm(grads: Matrix[], maxNorm: number): { clipped: Matrix[]; totalNorm: number } {
  if (!(maxNorm >= 0)) {
    throw new Error(\`maxNorm must be >= 0 (got \${maxNorm})\`);
  }
  const totalNorm = Math.sqrt(grads.reduce((acc, m) => acc + sumOfSquares(m), 0));
  const ratio = maxNorm / (totalNorm + 1e-6);
  if (ratio >= 1) return { clipped: grads.map((m) => m.map((r) => [...r])), totalNorm };
  return { clipped: grads.map((m) => m.map((r) => r.map((x) => x * ratio))), totalNorm };
}
`;

  test('renaming and reformatting leave the token stream as it was', () => {
    expect(renamed).not.toContain('squares');
    expect(tokenize(renamed).tokens).toEqual(tokenize(reference.replace(/\/\/.*$/gm, '')).tokens);
    expect(tokenize('Math.exp(z)').tokens).toEqual(['ID', 'DotToken', '.exp', 'OpenParenToken', 'ID', 'CloseParenToken']);
    // code after a template literal or a regular expression is still read as code, not swallowed by them
    expect(tokenize('const a = `x ${b} y ${ { c: 1 }.c } z`; f(a);').tokens.slice(-6)).toEqual(['SemicolonToken', 'ID', 'OpenParenToken', 'ID', 'CloseParenToken', 'SemicolonToken']);
    expect(tokenize('const r = /[`]/g; f(r);').tokens).toEqual(['ConstKeyword', 'ID', 'FirstAssignment', 'STR', 'SemicolonToken', 'ID', 'OpenParenToken', 'ID', 'CloseParenToken', 'SemicolonToken']);
    expect(tokenize('x = a / b / c;').tokens).toEqual(['ID', 'FirstAssignment', 'ID', 'SlashToken', 'ID', 'SlashToken', 'ID', 'SemicolonToken']);
  });

  test('a copy with renamed variables is flagged, and one with a line added too; independent solutions are not', () => {
    // fay: the renamed copy with one more statement, so its token stream differs from the reference's
    const edited = renamed.replace('const totalNorm', 'if (grads.length === 0) return { clipped: [], totalNorm: 0 };\n  const totalNorm');
    expect(tokenize(edited).tokens).not.toEqual(tokenize(reference).tokens);
    const files = new Map([['ann', reference], ['bob', renamed], ['cat', loops], ['dan', helpers], ['eve', stub], ['fay', edited]]);
    const pairs = similarInUnit('10-gradient-clipping', files, stub);
    expect(pairs.map((p) => [p.left, p.right]).sort()).toEqual([['ann', 'bob'], ['ann', 'fay'], ['bob', 'fay']]);
    const annBob = pairs.find((p) => p.left === 'ann' && p.right === 'bob')!;
    expect(annBob.similarity).toBe(1);
    expect(annBob.leftText).toBe(reference);
    expect(pairs.find((p) => p.right === 'fay')!.similarity).toBeLessThan(1);
  });

  test("the stub's own code counts for no one: two learners who kept the stub and wrote one line each are not alike for it", () => {
    const stub04 = readFileSync(join(repoRoot, 'exercises/04-backprop-mlp/index.ts'), 'utf8');
    const lines = stub04.split('\n');
    const todos = lines.flatMap((l, i) => (l.includes("throw new Error('TODO") ? [i] : []));
    expect(todos.length).toBeGreaterThan(1);
    const a = lines.map((l, i) => (i === todos[0] ? '  return [] as never;' : l)).join('\n');
    const b = lines.map((l, i) => (i === todos.at(-1) ? '  return { loss: 0 } as never;' : l)).join('\n');
    expect(similarInUnit('04-backprop-mlp', new Map([['ann', a], ['bob', b]]), stub04)).toEqual([]);
    // without the discount the stub alone makes them look alike
    expect(similarInUnit('04-backprop-mlp', new Map([['ann', a], ['bob', b]]), undefined).map((p) => [p.left, p.right])).toEqual([['ann', 'bob']]);
  });

  test('a copy passed around is one group, not every pair', () => {
    const files = new Map([['ann', reference], ['bob', renamed], ['cat', reference.replace(/\bgrads\b/g, 'gs')], ['dan', loops]]);
    const groups = groupPairs(similarInUnit('10-gradient-clipping', files, stub));
    expect(groups).toHaveLength(1);
    expect(groups[0]!.members).toEqual(['ann', 'bob', 'cat']);
    expect(groups[0]!.pairs).toHaveLength(3);
  });
});
