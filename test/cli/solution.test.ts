// `npm run course -- solution <unit>` as a learner types it, in a throw-away copy of the course made
// into a self-study release (sealed answers), then a class release, then the course's own repository.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RELEASE_INFO, releaseKind, seal, SEALED_DIR, unseal } from '../../src/cli/solution';
import { DOUBLE_SOLUTION, makeRelease, makeSandbox, type Sandbox } from './sandbox';

let box: Sandbox;
beforeAll(() => {
  box = makeSandbox();
  makeRelease(box, 'self-study');
});
afterAll(() => box.remove());

const solutionFile = 'solutions/02-double/index.ts';
const DOUBLE_STUB = () => box.read('.course/stubs/02-double/index.ts');

describe('sealing', () => {
  test('an answer opens to exactly what was sealed, and the sealed bytes do not hold it as text', () => {
    const sealed = seal(DOUBLE_SOLUTION);
    expect(unseal(sealed)).toBe(DOUBLE_SOLUTION);
    expect(sealed.toString('latin1')).not.toContain('return 2 * x');
    expect(seal(DOUBLE_SOLUTION).equals(sealed)).toBe(true); // the same bytes every build
  });
});

describe('npm run course -- solution, in a self-study release', () => {
  test('a unit that is not known, or none, is a usage mistake: exit 2 with the list of units', async () => {
    const unknown = await box.courseInProcess(['solution', '7']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim()).toBe('course: Unknown unit "7". The units are: 01-sigmoid, 02-double.');
    const none = await box.courseInProcess(['solution']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('needs a unit, e.g. `npm run course -- solution 01`');
    const flag = await box.courseInProcess(['solution', '02', '--all']);
    expect(flag.status).toBe(2);
  });

  test('before the unit passes: what is left, by test name, exit 1, and no answer anywhere', () => {
    const run = box.course(['solution', '02']);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('The reference answer of unit 02 · Doubling opens once the unit passes.');
    expect(run.stdout).toContain('What is left: 2 of 2 public tests fail.');
    expect(run.stdout).toContain('✗ double(2) = 4');
    expect(run.stdout).toContain('✗ double(-1.5) = -3');
    expect(run.stdout).toContain('→ Reread lessons/02-double.md#doubling');
    expect(run.stdout).toContain('npm run course -- hint 02');
    expect(run.stdout).not.toContain('return 2 * x');
    expect(existsSync(join(box.root, 'solutions'))).toBe(false);
  });

  test('a unit that is half right is still locked: the failing test is named, the passing one is not', () => {
    box.write('exercises/02-double/index.ts', 'export function double(x: number): number {\n  return x > 0 ? 2 * x : x;\n}\n');
    const run = box.course(['solution', '2']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('What is left: 1 of 2 public tests fail.');
    expect(run.stdout).toContain('✗ double(-1.5) = -3');
    expect(run.stdout).not.toContain('✗ double(2) = 4');
    expect(existsSync(join(box.root, solutionFile))).toBe(false);
  });

  test('once it passes: the answer is written to solutions/<slug>/index.ts, and the learner file is left alone', () => {
    const mine = 'export function double(x: number): number {\n  return x + x;\n}\n';
    box.write('exercises/02-double/index.ts', mine);
    const run = box.course(['solution', 'double']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Wrote the reference answer of unit 02 · Doubling to ${solutionFile}.`);
    expect(box.read(solutionFile)).toBe(DOUBLE_SOLUTION);
    expect(box.read('exercises/02-double/index.ts')).toBe(mine);
  });

  test('asking again: the same file is left as it is (the stored pass is reused, no test run)', async () => {
    const again = await box.courseInProcess(['solution', '02']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(`is ${solutionFile} (already written, unchanged)`);
  });

  test('a different file at solutions/<slug>/index.ts is replaced only after asking: without a terminal, only with --yes', async () => {
    box.write(solutionFile, '// my own notes on doubling\n');
    const refused = await box.courseInProcess(['solution', '02']);
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('exists and differs, and there is no terminal to ask before replacing it. Nothing was changed.');
    expect(box.read(solutionFile)).toBe('// my own notes on doubling\n');
    const yes = await box.courseInProcess(['solution', '02', '--yes']);
    expect(yes.status).toBe(0);
    expect(box.read(solutionFile)).toBe(DOUBLE_SOLUTION);
  });

  test('--print shows the answer and writes nothing', async () => {
    rmSync(join(box.root, 'solutions'), { recursive: true, force: true });
    const run = await box.courseInProcess(['solution', '02', '--print']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('// The reference answer of unit 02 · Doubling (.course/solutions/02-double.ts.gz)');
    expect(run.stdout).toContain(DOUBLE_SOLUTION);
    expect(existsSync(join(box.root, 'solutions'))).toBe(false);
  });

  test('the verdict is the current one: breaking the unit after its pass locks the answer again', () => {
    box.write('exercises/02-double/index.ts', DOUBLE_STUB());
    const run = box.course(['solution', '02']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('What is left: 2 of 2 public tests fail.');
    box.write('exercises/02-double/index.ts', DOUBLE_SOLUTION);
  });

  test('a damaged or missing sealed answer is the course broken: exit 3, one line', async () => {
    expect(box.course(['solution', '02']).status).toBe(0); // passes again, and is stored
    writeFileSync(join(box.root, SEALED_DIR, '02-double.ts.gz'), 'not gzip');
    const damaged = await box.courseInProcess(['solution', '02', '--print']);
    expect(damaged.status).toBe(3);
    expect(damaged.stderr.trim()).toBe('course: .course/solutions/02-double.ts.gz is damaged and cannot be opened.');
    rmSync(join(box.root, SEALED_DIR, '02-double.ts.gz'));
    const missing = await box.courseInProcess(['solution', '02', '--print']);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('missing from this release (.course/solutions/02-double.ts.gz)');
    makeRelease(box, 'self-study');
  });
});

describe('npm run course -- solution, in a class release and in the course itself', () => {
  test('a class release holds no answers: the command says so (exit 2) even for a unit that passes, and runs nothing', async () => {
    makeRelease(box, 'class');
    rmSync(join(box.root, 'solutions'), { recursive: true, force: true });
    expect(releaseKind(box.root)).toBe('class');
    const run = await box.courseInProcess(['solution', '02']); // courseInProcess fails if a test run starts
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('The reference answers are not part of this release: your teacher grades this course');
    expect(existsSync(join(box.root, 'solutions'))).toBe(false);
  });

  test("the course's own repository (no release.json): the answer is already in solutions/, named once the unit passes", async () => {
    rmSync(join(box.root, RELEASE_INFO));
    expect(releaseKind(box.root)).toBe('course');
    rmSync(join(box.root, 'solutions'), { recursive: true, force: true });
    const missing = await box.courseInProcess(['solution', '02']);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain(`There is no reference answer of 02-double here (${solutionFile} is missing).`);
    mkdirSync(join(box.root, 'solutions/02-double'), { recursive: true });
    box.write(solutionFile, DOUBLE_SOLUTION);
    const named = await box.courseInProcess(['solution', '02']);
    expect(named.status, named.stderr).toBe(0);
    expect(named.stdout).toContain(`The reference answer of unit 02 · Doubling is ${solutionFile}.`);
    expect(box.read(solutionFile)).toBe(DOUBLE_SOLUTION);
  });

  test('a release.json that makes no sense is the course broken (exit 3)', async () => {
    box.write(RELEASE_INFO, '{"kind": "everyone"}');
    const run = await box.courseInProcess(['solution', '02']);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('it must be "self-study" or "class"');
  });
});
