import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { backupPath, isStub, listBackups, pickBackup, pristineStub, resetUnit, restoreBackup } from '../../src/cli/reset';
import { CourseError, unitPaths, type Unit } from '../../src/course/course';

const unit: Unit = {
  slug: '01-sigmoid', number: '01', title: 'Sigmoid', points: 10, concepts: [], reproduces: [], hints: ['a', 'b'],
  lesson: 'lessons/01-sigmoid.md', exerciseDir: 'exercises/01-sigmoid', solutionDir: 'solutions/01-sigmoid', paths: unitPaths('01-sigmoid'),
};
const STUB = "export function sigmoid(z: number): number {\n  throw new Error('TODO');\n}\n";
const WORK = 'export function sigmoid(z: number): number {\n  return 1 / (1 + Math.exp(-z));\n}\n';

const dirs: string[] = [];
function course({ shipped = true }: { shipped?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'course-reset-'));
  dirs.push(root);
  mkdirSync(join(root, 'exercises/01-sigmoid'), { recursive: true });
  writeFileSync(join(root, 'exercises/01-sigmoid/index.ts'), STUB);
  if (shipped) {
    mkdirSync(join(root, '.course/stubs/01-sigmoid'), { recursive: true });
    writeFileSync(join(root, '.course/stubs/01-sigmoid/index.ts'), STUB);
  }
  return root;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const yes = async () => true;
const stub = (root: string) => join(root, 'exercises/01-sigmoid/index.ts');

describe('course reset', () => {
  test('backs up the learner file, then restores the shipped stub', async () => {
    const root = course();
    writeFileSync(stub(root), WORK);
    const questions: string[] = [];
    const outcome = await resetUnit(root, unit, async (q) => (questions.push(q), true), new Date('2026-03-04T05:06:07.089Z'));
    expect(questions).toEqual([expect.stringMatching(/Replace exercises\/01-sigmoid\/index\.ts with the original stub\?/)]);
    expect(outcome).toEqual({ status: 'reset', from: '.course/stubs/01-sigmoid/index.ts', backup: '.course/backups/01-sigmoid-2026-03-04T05-06-07-089Z.ts' });
    expect(readFileSync(stub(root), 'utf8')).toBe(STUB);
    expect(readFileSync(join(root, outcome.status === 'reset' ? outcome.backup! : ''), 'utf8')).toBe(WORK);
  });

  test('two resets in the same millisecond keep both backups', async () => {
    const root = course();
    const now = new Date('2026-03-04T05:06:07.089Z');
    writeFileSync(stub(root), WORK);
    await resetUnit(root, unit, yes, now);
    writeFileSync(stub(root), `${WORK}// second try\n`);
    await resetUnit(root, unit, yes, now);
    expect(readdirSync(join(root, '.course/backups')).sort()).toEqual(['01-sigmoid-2026-03-04T05-06-07-089Z-2.ts', '01-sigmoid-2026-03-04T05-06-07-089Z.ts']);
    expect(backupPath(root, unit, now)).toBe('.course/backups/01-sigmoid-2026-03-04T05-06-07-089Z-3.ts');
  });

  test('an untouched stub is left alone without asking', async () => {
    const root = course();
    const outcome = await resetUnit(root, unit, async () => {
      throw new Error('should not ask');
    });
    expect(outcome.status).toBe('unchanged');
    expect(existsSync(join(root, '.course/backups'))).toBe(false);
  });

  test('answering no changes nothing; a refusal to ask (no terminal) propagates', async () => {
    const root = course();
    writeFileSync(stub(root), WORK);
    expect(await resetUnit(root, unit, async () => false)).toEqual({ status: 'cancelled' });
    expect(readFileSync(stub(root), 'utf8')).toBe(WORK);
    await expect(
      resetUnit(root, unit, async () => {
        throw new CourseError('no terminal');
      }),
    ).rejects.toThrow('no terminal');
    expect(readFileSync(stub(root), 'utf8')).toBe(WORK);
    expect(existsSync(join(root, '.course/backups'))).toBe(false);
  });

  test('a deleted exercise file is simply restored', async () => {
    const root = course();
    rmSync(stub(root));
    expect(await resetUnit(root, unit, yes)).toMatchObject({ status: 'reset', backup: undefined });
    expect(readFileSync(stub(root), 'utf8')).toBe(STUB);
  });

  test("in the course's own repository (no shipped stubs) the original is the committed file", async () => {
    const root = course({ shipped: false });
    const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    git('init', '-q');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'stubs');
    writeFileSync(stub(root), WORK);
    expect(pristineStub(root, unit)).toEqual({ source: STUB, from: expect.stringMatching(/^git commit [0-9a-f]{7,}$/) });
    expect(await resetUnit(root, unit, yes)).toMatchObject({ status: 'reset' });
    expect(readFileSync(stub(root), 'utf8')).toBe(STUB);
  });

  test('a learner who committed their work still gets the stub back, not their last commit', async () => {
    const root = course({ shipped: false });
    const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    const commit = (message: string) => git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', message);
    git('init', '-q');
    git('add', '.');
    commit('stubs');
    writeFileSync(stub(root), WORK);
    commit('my sigmoid');
    writeFileSync(stub(root), `${WORK}// more\n`);
    commit('my sigmoid, again');
    const outcome = await resetUnit(root, unit, yes);
    expect(outcome).toMatchObject({ status: 'reset', backup: expect.stringMatching(/^\.course\/backups\/01-sigmoid-/) });
    expect(readFileSync(stub(root), 'utf8')).toBe(STUB);
    expect(await resetUnit(root, unit, yes)).toMatchObject({ status: 'unchanged' });
  });

  test('isStub: every exported function only throws its TODO', () => {
    expect(isStub(STUB)).toBe(true);
    expect(isStub(WORK)).toBe(false);
    expect(isStub(`${STUB}export function other(): number {\n  return 1;\n}\n`)).toBe(false);
    expect(isStub('// nothing exported\n')).toBe(false);
  });

  test('backups are listed newest first and picked by number, latest or name', () => {
    const root = course();
    mkdirSync(join(root, '.course/backups'), { recursive: true });
    for (const name of ['01-sigmoid-2026-03-04T05-06-07-089Z.ts', '01-sigmoid-2026-03-04T05-06-07-089Z-2.ts', '01-sigmoid-2026-01-01T00-00-00-000Z.ts', '02-chain-rule-2027-01-01T00-00-00-000Z.ts', 'notes.txt']) {
      writeFileSync(join(root, '.course/backups', name), name);
    }
    const backups = listBackups(root, unit);
    expect(backups.map((b) => b.path)).toEqual([
      '.course/backups/01-sigmoid-2026-03-04T05-06-07-089Z-2.ts',
      '.course/backups/01-sigmoid-2026-03-04T05-06-07-089Z.ts',
      '.course/backups/01-sigmoid-2026-01-01T00-00-00-000Z.ts',
    ]);
    expect(backups[2]!.madeAt).toBe('2026-01-01 00:00:00 UTC');
    expect(pickBackup(backups, 'latest')).toBe(backups[0]);
    expect(pickBackup(backups, '3')).toBe(backups[2]);
    expect(pickBackup(backups, '4')).toBeUndefined();
    expect(pickBackup(backups, '01-sigmoid-2026-01-01T00-00-00-000Z')).toBe(backups[2]);
  });

  test('restore puts a backup back and keeps the file it replaces', async () => {
    const root = course();
    writeFileSync(stub(root), WORK);
    await resetUnit(root, unit, yes, new Date('2026-03-04T05:06:07.089Z'));
    const [backup] = listBackups(root, unit);
    expect(await restoreBackup(root, unit, backup!, async () => false)).toEqual({ status: 'cancelled' });
    expect(readFileSync(stub(root), 'utf8')).toBe(STUB);
    const outcome = await restoreBackup(root, unit, backup!, yes, new Date('2026-03-04T06:00:00.000Z'));
    expect(outcome).toEqual({ status: 'restored', backup: '.course/backups/01-sigmoid-2026-03-04T06-00-00-000Z.ts' });
    expect(readFileSync(stub(root), 'utf8')).toBe(WORK);
    expect(readFileSync(join(root, '.course/backups/01-sigmoid-2026-03-04T06-00-00-000Z.ts'), 'utf8')).toBe(STUB);
    expect(await restoreBackup(root, unit, backup!, yes)).toEqual({ status: 'unchanged' });
  });

  test('with no original anywhere, it says so instead of guessing', async () => {
    const root = course({ shipped: false });
    expect(() => pristineStub(root, unit)).toThrow(CourseError);
    expect(() => pristineStub(root, unit)).toThrow(/Cannot find the original stub of 01-sigmoid/);
  });
});
