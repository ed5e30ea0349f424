// `npm run course` end to end, as a learner types it, in a throw-away copy of the course.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DOUBLE_SOLUTION, makeSandbox, SOLUTION_01, STUB_01, type Sandbox } from './sandbox';

let box: Sandbox;
beforeAll(() => {
  box = makeSandbox();
});
afterAll(() => box.remove());

const progress = () => JSON.parse(box.read('.course/progress.json')) as { units: Record<string, { hintsShown: number; checkedAt?: string; result?: { passed: boolean } }> };

describe('npm run course', () => {
  test('the progress table, computed from the public tests, plain when piped, and kept across runs', () => {
    const first = box.course([]);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).not.toMatch(/\x1b\[/);
    expect(first.stdout).toMatch(/01 {2}The sigmoid and its derivative\s+▶ current\s+0\/10/);
    expect(first.stdout).toMatch(/02 {2}Doubling\s+· todo\s+0\/2/);
    expect(first.stdout).toContain('edit   exercises/01-sigmoid/index.ts   write sigmoid, sigmoidPrime, tanhPrime');
    const checkedAt = progress().units['01-sigmoid']!.checkedAt;
    expect(checkedAt).toBeDefined();

    // Nothing changed: the stored results are reused, not recomputed.
    const second = box.course([]);
    expect(second.stdout).toBe(first.stdout);
    expect(progress().units['01-sigmoid']!.checkedAt).toBe(checkedAt);
  });

  test('solving unit 01 makes it passed and unit 02 current', () => {
    box.write('exercises/01-sigmoid/index.ts', SOLUTION_01);
    const run = box.course([]);
    expect(run.stdout).toMatch(/01 {2}The sigmoid and its derivative\s+✓ passed\s+10\/10/);
    expect(run.stdout).toMatch(/02 {2}Doubling\s+▶ current/);
    expect(run.stdout).toContain('1 of 2 units pass');
    expect(run.stdout).not.toMatch(/points? earned|\d+ of \d+ points/);
    const next = box.course(['next']);
    expect(next.stdout).toContain('Next: unit 02 · Doubling');
    expect(next.stdout).toContain('double(2) is not written yet');
    expect(next.stdout).toContain('→ Reread lessons/02-double.md#doubling');
  });

  test('hints come one at a time and the count is remembered', async () => {
    const one = await box.courseInProcess(['hint', '2']);
    expect(one.stdout).toMatch(/▸ 1\. Multiply by two\.[\s\S]*Hint 1 of 2/);
    const two = await box.courseInProcess(['hint', 'double']);
    expect(two.stdout).toMatch(/1\. Multiply by two\.[\s\S]*▸ 2\. return 2 \* x[\s\S]*last hint/);
    expect(progress().units['02-double']!.hintsShown).toBe(2);
    expect(box.course([]).stdout).toMatch(/02 {2}Doubling\s+▶ current\s+0\/2\s+2\/2/);
    // no unit: the current one
    expect((await box.courseInProcess(['hint'])).stdout).toMatch(/Hints for unit 02 · Doubling[\s\S]*seen all 2 hints/);
  });

  test('reset asks first: with no terminal and no --yes it refuses and changes nothing', async () => {
    const run = await box.courseInProcess(['reset', '01']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Not resetting exercises\/01-sigmoid\/index\.ts: .*Nothing was changed.*--yes/);
    expect(run.stderr).not.toMatch(/is still backed up/); // no backup was made, so none is claimed
    expect(existsSync(join(box.root, '.course/backups'))).toBe(false);
    expect(box.read('exercises/01-sigmoid/index.ts')).toBe(SOLUTION_01);
  });

  test('reset --yes keeps a backup of the learner file and restores the stub; the table follows', async () => {
    const run = await box.courseInProcess(['reset', '01', '--yes']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Restored exercises/01-sigmoid/index.ts from .course/stubs/01-sigmoid/index.ts.');
    expect(box.read('exercises/01-sigmoid/index.ts')).toBe(STUB_01);
    const backups = readdirSync(join(box.root, '.course/backups'));
    expect(backups).toEqual([expect.stringMatching(/^01-sigmoid-\d{4}-\d\d-\d\dT[\d-]+Z\.ts$/)]);
    expect(readFileSync(join(box.root, '.course/backups', backups[0]!), 'utf8')).toBe(SOLUTION_01);
    expect(run.stdout).toContain(`.course/backups/${backups[0]}`);
    expect(box.course([]).stdout).toMatch(/01 {2}The sigmoid and its derivative\s+▶ current/);
    expect((await box.courseInProcess(['reset', '01', '--yes'])).stdout).toContain('already the original stub');
  });

  test('restore brings a backup back, asking which when there are several', async () => {
    const asks = await box.courseInProcess(['restore', '01']);
    expect(asks.status).toBe(2);
    expect(asks.stderr).toMatch(/^course: Not restoring exercises\/01-sigmoid\/index\.ts: .*Nothing was changed\. Add --yes/);
    expect(box.read('exercises/01-sigmoid/index.ts')).toBe(STUB_01);

    const one = await box.courseInProcess(['restore', '01', '--yes']);
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/Restored exercises\/01-sigmoid\/index\.ts from \.course\/backups\/01-sigmoid-.*\.ts\./);
    expect(box.read('exercises/01-sigmoid/index.ts')).toBe(SOLUTION_01);
    // The stub it replaced is a backup too, so now there are two, and restore wants to be told which.
    const several = await box.courseInProcess(['restore', '01', '--yes']);
    expect(several.status).toBe(2);
    expect(several.stderr).toMatch(/01-sigmoid has 2 backups; name the one to restore, e\.g\. `npm run course -- restore 01 1 --yes`/);
    expect(several.stderr).toMatch(/ 1 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC .*\(newest\)\n +2 /);
    expect((await box.courseInProcess(['restore', '01', '9', '--yes'])).stderr).toMatch(/No backup "9" of 01-sigmoid/);
    const newest = await box.courseInProcess(['restore', '01', '1', '--yes']);
    expect(newest.status).toBe(0);
    expect(box.read('exercises/01-sigmoid/index.ts')).toBe(STUB_01);
  });

  test('mistakes get one clear line and a non-zero exit, never a stack trace', async () => {
    // One of them through the real launcher, the rest in process.
    const spawned = box.course(['hint', '11']);
    expect(spawned.status).toBe(2);
    expect(spawned.stderr).toBe('course: Unknown unit "11". The units are: 01-sigmoid, 02-double.\n');
    const cases: [string[], number, RegExp][] = [
      [['hint', '11'], 2, /^course: Unknown unit "11"\. The units are: 01-sigmoid, 02-double\.$/],
      [['reset', 'sigmoid-ish', '--yes'], 2, /^course: Unknown unit "sigmoid-ish"/],
      [['check', '1x'], 2, /^course: Unknown unit "1x"/],
      [['restore'], 2, /^course: `course restore <unit> \[backup\] \[--yes\]` needs a unit/],
      [['restore', '02'], 2, /^course: There are no backups of 02-double/],
      [['frob'], 2, /^course: Unknown command "frob"/],
      [['watch', '--fast'], 2, /^course: Unknown option "--fast"/],
      [['reset'], 2, /^course: `course reset <unit> \[--yes\]` needs a unit/],
    ];
    for (const [args, status, message] of cases) {
      const run = await box.courseInProcess(args);
      expect(run.status, args.join(' ')).toBe(status);
      expect(run.stderr.trim(), args.join(' ')).toMatch(message);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stdout).toBe('');
    }
  });

  test('a corrupt progress file is reported and replaced, and the table still appears', () => {
    writeFileSync(join(box.root, '.course/progress.json'), '{"version": 1, "units": ');
    const run = box.course([]); // the results are recomputed: this one runs the tests
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/Warning: \.course\/progress\.json could not be read/);
    expect(run.stdout).toMatch(/01 {2}The sigmoid and its derivative\s+▶ current/);
    expect(existsSync(join(box.root, '.course/progress.json.corrupt'))).toBe(true);
    expect(progress().units['01-sigmoid']!.result?.passed).toBe(false);
  });

  test('an infinite loop in the learner code is reported in its row, and the table still appears', () => {
    const stub = box.read('exercises/02-double/index.ts');
    box.write('exercises/02-double/index.ts', 'export function double(x: number): number {\n  while (true) {}\n}\n');
    const run = box.course([], { env: { COURSE_RUN_TIMEOUT_MS: '1500' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/02 {2}Doubling\s+· todo\s+0\/2\s+time limit/);
    const next = box.course(['next'], { env: { COURSE_RUN_TIMEOUT_MS: '1500' } });
    expect(next.stdout).not.toContain('Unit 02'); // 01 is current; its row is unaffected
    box.write('exercises/02-double/index.ts', stub);
  }, 180_000);

  test('a loop that keeps pushing to an array (a forgotten i++) is one kind line, not a crash', () => {
    const stub = box.read('exercises/02-double/index.ts');
    box.write('exercises/02-double/index.ts', 'export function double(x: number): number {\n  const out: number[] = [];\n  for (let i = 0; i < 3; ) out.push(x);\n  return 2 * x;\n}\n');
    const run = box.course([], { env: { COURSE_HEAP_MB: '128' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/02 {2}Doubling\s+· todo\s+0\/2\s+(out of memory|array too large)/);
    const check = box.course(['check', '02'], { env: { COURSE_HEAP_MB: '128' } });
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/Unit 02 \(02-double\) (used up the 128 MB|made an array larger).*forgotten i\+\+/);
    box.write('exercises/02-double/index.ts', stub);
  }, 180_000);

  test('a type error keeps a unit whose public tests all pass from counting as passed', () => {
    box.write('exercises/02-double/index.ts', 'export function double(x: number): number {\n  const twice: string = 2 * x;\n  return twice as unknown as number;\n}\n');
    const table = box.course([]);
    expect(table.stdout).toMatch(/02 {2}Doubling\s+· todo\s+2\/2\s+type errors/);
    const check = box.course(['check', '2']);
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/✗ 02 · Doubling\s+2\/2 public tests · type errors/);
    expect(check.stdout).toContain("exercises/02-double/index.ts:2:9 - error TS2322: Type 'number' is not assignable to type 'string'.");
    box.write('exercises/02-double/index.ts', "import { readFileSync } from 'node:fs';\nexport function double(x: number): number {\n  return readFileSync ? 2 * x : 0;\n}\n");
    const forbidden = box.course(['check', '02']);
    expect(forbidden.status).toBe(1);
    expect(forbidden.stdout).toContain("exercises/02-double/index.ts imports 'node:fs', one of Node's built-in modules");
    box.write('exercises/02-double/index.ts', DOUBLE_SOLUTION);
    const clean = box.course(['check', '02']);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toMatch(/✓ 02 · Doubling\s+2\/2 public tests/);
  }, 180_000);

  test('help', async () => {
    const run = await box.courseInProcess(['help']);
    expect(run.status).toBe(0);
    for (const command of ['npm run course [-- list]', 'progress', 'next', 'check [unit]', 'hint [unit]', 'watch [unit]', 'reset <unit>', 'restore <unit>', 'Exit status: 0']) {
      expect(run.stdout).toContain(command);
    }
  });
});
