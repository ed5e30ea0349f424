// Output folders: made one level at a time (Node 20's recursive mkdir never returns under /proc),
// and every command that writes one (grade, lessons, release) says in one line why it could not.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { fileProblem, makeFolder } from '../../src/course/folders';
import { repoRoot } from '../../src/course/paths';

const dir = mkdtempSync(join(tmpdir(), 'folders-test-'));
const file = join(dir, 'notes.txt');
writeFileSync(file, 'mine');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error makeFolder threw, as the one line a command prints. */
function problemOf(path: string): string | undefined {
  try {
    makeFolder(path);
  } catch (error) {
    return fileProblem(error) ?? `not a file problem: ${String(error)}`;
  }
  return undefined;
}

describe('makeFolder', () => {
  test('makes every missing level, and is happy when the folder exists', () => {
    const deep = join(dir, 'a', 'b', 'c');
    makeFolder(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    makeFolder(deep);
  });

  test('a file on the way is named, and left alone', () => {
    expect(problemOf(join(file, 'site'))).toBe(`cannot create the folder ${join(file, 'site')}: a file is in the way of a folder (ENOTDIR)`);
    expect(problemOf(file)).toMatch(/a file is in the way of a folder \(ENOTDIR\)$/);
    expect(statSync(file).isFile()).toBe(true);
  });

  test.skipIf(!existsSync('/proc/self'))('a folder the kernel will not make (under /proc) is an error, not a hang', () => {
    expect(problemOf('/proc/course-test/site')).toBe('cannot create the folder /proc/course-test: the folder cannot be created there (ENOENT)');
  });

  test('errors that are not about files are not dressed up as such', () => {
    expect(fileProblem(new Error('boom'))).toBeUndefined();
    expect(fileProblem(undefined)).toBeUndefined();
  });
});

describe('each command that writes a folder: one line, exit 2, nothing overwritten', () => {
  const target = join(file, 'out');
  const commands: [string, string[]][] = [
    ['lessons', ['src/site/main.ts', '--build-only', '--out', target]],
    ['release', ['scripts/release.ts', target, '--no-check']],
    ['grade', ['grader/cli.ts', '--out', target, '--unit', '01', '--quiet']],
  ];
  test.each(commands)('%s', (name, args) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, timeout: 120_000 });
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr.trim().split('\n'), run.stderr).toEqual([`${name}: cannot create the folder ${target}: a file is in the way of a folder (ENOTDIR)`]);
    expect(statSync(file).isFile()).toBe(true);
  }, 120_000);
});
