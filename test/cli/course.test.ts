// `npm run course` end to end, as a learner types it, in a throw-away copy of the course.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeSandbox, SOLUTION_01, STUB_01, type Sandbox } from './sandbox';

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
    expect(run.stdout).toContain('1 of 2 units passed, 10 of 15 points');
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
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Not resetting exercises\/01-sigmoid\/index\.ts: .*--yes/);
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

  test('mistakes get one clear line and a non-zero exit, never a stack trace', async () => {
    // One of them through the real launcher, the rest in process.
    const spawned = box.course(['hint', '11']);
    expect(spawned.status).toBe(1);
    expect(spawned.stderr).toBe('course: Unknown unit "11". The units are: 01-sigmoid, 02-double.\n');
    const cases: [string[], number, RegExp][] = [
      [['hint', '11'], 1, /^course: Unknown unit "11"\. The units are: 01-sigmoid, 02-double\.$/],
      [['reset', 'sigmoid-ish', '--yes'], 1, /^course: Unknown unit "sigmoid-ish"/],
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

  test('an infinite loop in the learner code is reported, and the CLI still exits', () => {
    const stub = box.read('exercises/02-double/index.ts');
    box.write('exercises/02-double/index.ts', 'export function double(x: number): number {\n  while (true) {}\n}\n');
    const started = Date.now();
    const run = box.course([], { env: { COURSE_RUN_TIMEOUT_MS: '1500' } });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('course: The tests of 02-double did not finish within 1.5 s. Is there an infinite loop?');
    box.write('exercises/02-double/index.ts', stub);
  });

  test('help', async () => {
    const run = await box.courseInProcess(['help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('npm run course -- watch [unit]');
  });
});
