// `npm test` as a learner types it (src/cli/test.mjs), in a throw-away copy of the course with a
// third synthetic unit 10, so that `npm test -- 1` can be told from unit 10.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseTestArgs } from '../../src/cli/test-main';
import { UsageError } from '../../src/cli/args';
import { DOUBLE_SOLUTION, makeSandbox, SOLUTION_01, type Sandbox } from './sandbox';

let box: Sandbox;
beforeAll(() => {
  box = makeSandbox();
  mkdirSync(join(box.root, 'exercises/10-ten'), { recursive: true });
  box.write('exercises/10-ten/index.ts', "/** Unit 10 (a test fixture). */\nexport function ten(): number {\n  throw new Error('TODO: write ten() — see lessons/10-ten.md#ten');\n}\n");
  box.write(
    'exercises/10-ten/ten.test.ts',
    "import { test } from 'vitest';\nimport { ten } from '@impl/10-ten';\nimport { expectClose } from '@course/testing';\ntest('ten() = 10', () => {\n  expectClose(() => ten(), 10, { call: 'ten()', lesson: '10-ten#ten' });\n});\n",
  );
  box.write('exercises/10-ten/meta.json', JSON.stringify({ title: 'Ten', points: 1, hints: ['It is ten.', 'return 10'] }));
  box.write('lessons/10-ten.md', '# 10 · Ten\n\n## Ten\n\nTen.\n');
  writeFileSync(join(box.root, 'course.json'), JSON.stringify({ title: 'Sandbox course', units: ['01-sigmoid', '02-double', '10-ten'] }));
});
afterAll(() => box.remove());

describe('npm test', () => {
  test('untouched stubs: one line per unit in course order, then the first failure of the first unit, plain when piped', () => {
    const run = box.npmTest([]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(/\x1b\[/);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      expect.stringMatching(/^✗ 01 · The sigmoid and its derivative +0\/10 public tests$/),
      expect.stringMatching(/^✗ 02 · Doubling +0\/2 public tests$/),
      expect.stringMatching(/^✗ 10 · Ten +0\/1 public tests$/),
    ]);
    expect(run.stdout).toContain('First failure, in unit 01:');
    expect(run.stdout).toMatch(/→ Reread lessons\/01-sigmoid\.md#[\w-]+/);
    expect(run.stdout).not.toContain('double(2)'); // only the first failure, not every one
    expect(run.stdout).toContain('0 of 3 units pass.  Every test of unit 01: npm test -- 01 · of every unit: npm test -- --all');
    expect(lines.length).toBeLessThan(30);
  });

  test('one unit, matched exactly: `1` is 01 and never 10, with every test and its feedback', () => {
    const run = box.npmTest(['1']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^✗ 01 · The sigmoid and its derivative {2}0\/10 public tests\n/);
    expect(run.stdout).not.toContain('10 · Ten');
    expect(run.stdout.match(/^ {2}✗ /gm)).toHaveLength(10);
    expect(run.stdout.match(/→ Reread lessons\/01-sigmoid\.md#/g)!.length).toBeGreaterThanOrEqual(10);
    const ten = box.npmTest(['10-ten']);
    expect(ten.stdout).toMatch(/^✗ 10 · Ten {2}0\/1 public tests\n/);
    expect(ten.stdout).toContain('ten() is not written yet');
  }, 180_000);

  test('an unknown unit or option is one line and exit 2', () => {
    for (const [args, message] of [
      [['99'], /^npm test: Unknown unit "99"\. The units are: 01-sigmoid, 02-double, 10-ten\.$/],
      [['--fast'], /^npm test: Unknown option "--fast"\. Run `npm test -- --help`/],
    ] as const) {
      const run = box.npmTest([...args]);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim()).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  test('solved units pass and exit 0; a type error does not pass even when every public test does', () => {
    box.write('exercises/01-sigmoid/index.ts', SOLUTION_01);
    box.write('exercises/02-double/index.ts', DOUBLE_SOLUTION);
    const solved = box.npmTest(['01', '02']);
    expect(solved.status).toBe(0);
    expect(solved.stdout).toMatch(/^✓ 01 · The sigmoid and its derivative +10\/10 public tests\n✓ 02 · Doubling +2\/2 public tests\n/);
    expect(solved.stdout).toContain("All 2 units pass their public tests and the grader's checks.");
    box.write('exercises/02-double/index.ts', "export function double(x: number): number {\n  const twice: string = 2 * x;\n  return twice as unknown as number;\n}\n");
    const typed = box.npmTest(['02']);
    expect(typed.status).toBe(1);
    expect(typed.stdout).toMatch(/^✗ 02 · Doubling {2}2\/2 public tests · type errors\n/);
    expect(typed.stdout).toContain("exercises/02-double/index.ts:2:9 - error TS2322: Type 'number' is not assignable to type 'string'.");
    // The table agrees, from what npm test stored.
    expect(box.course([]).stdout).toMatch(/02 {2}Doubling\s+▶ current\s+2\/2\s+type errors/);
  }, 180_000);

  test('a loop that keeps pushing (a forgotten i++) is one kind line naming the unit, not a crash', () => {
    box.write('exercises/02-double/index.ts', 'export function double(x: number): number {\n  const out: number[] = [];\n  for (let i = 0; i < 3; ) out.push(x);\n  return 2 * x;\n}\n');
    const run = box.npmTest(['02'], { env: { COURSE_HEAP_MB: '128' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^✗ 02 · Doubling {2}0\/2 public tests · (out of memory|array too large)\n/);
    expect(run.stdout).toMatch(/Unit 02 \(02-double\) (used up the 128 MB its tests may use|made an array larger than JavaScript allows), and was stopped: .*forgotten i\+\+/);
    // The other units of a whole run still get their results.
    const all = box.npmTest([], { env: { COURSE_HEAP_MB: '128' } });
    expect(all.stdout).toMatch(/^✓ 01 · The sigmoid and its derivative +10\/10 public tests$/m);
    expect(all.stdout).toMatch(/^✗ 10 · Ten +0\/1 public tests$/m);
    box.write('exercises/02-double/index.ts', DOUBLE_SOLUTION);
  }, 180_000);
});

describe('npm test arguments', () => {
  test('units, --all, colours and vitest report options', () => {
    expect(parseTestArgs([])).toMatchObject({ units: [], all: false, reporters: [], outputFile: {} });
    expect(parseTestArgs(['03', 'relu-family', '--all', '--no-color'])).toMatchObject({ units: ['03', 'relu-family'], all: true, color: false });
    expect(parseTestArgs(['--reporter=json', '--outputFile.json=/tmp/r.json'])).toMatchObject({ reporters: ['json'], outputFile: { json: '/tmp/r.json' } });
    expect(parseTestArgs(['--reporter', 'json', '--outputFile', 'r.json'])).toMatchObject({ reporters: ['json'], outputFile: { json: 'r.json' } });
    expect(() => parseTestArgs(['--reporter'])).toThrow(UsageError);
    expect(() => parseTestArgs(['-t', 'sigmoid'])).toThrow(/Unknown option "-t"/);
  });
});
