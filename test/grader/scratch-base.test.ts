// Scratch folders of graders killed with SIGKILL are swept by the next run; a live grader's never.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { makeScratchBase, sweepStaleScratch } from '../../grader/scratch-base';

const dir = mkdtempSync(join(tmpdir(), 'scratch-base-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folderOf(pid: number, suffix: string): string {
  const path = join(dir, `course-grader-${pid}-${suffix}`);
  mkdirSync(join(path, '0', 'exercises'), { recursive: true });
  writeFileSync(join(path, '0', 'exercises', 'index.ts'), 'export {};');
  return path;
}

test("sweeps the folders of dead graders, keeps a live one's, its own and anything else", () => {
  const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!; // exited: its pid is free (or reused by a live process, which is then kept)
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    const dead = folderOf(deadPid, 'AbC123');
    const live = folderOf(sleeper.pid!, 'XyZ789');
    const own = makeScratchBase(dir);
    const other = join(dir, 'course-grader-notes');
    mkdirSync(other);
    let aliveAgain = false;
    try {
      process.kill(deadPid, 0);
      aliveAgain = true;
    } catch {}
    expect(sweepStaleScratch(dir)).toBe(aliveAgain ? 0 : 1);
    expect(existsSync(dead)).toBe(aliveAgain);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(own)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(own).toMatch(new RegExp(`course-grader-${process.pid}-[A-Za-z0-9]{6}$`));
  } finally {
    sleeper.kill();
  }
});

test('a missing temporary folder sweeps nothing and does not throw', () => {
  expect(sweepStaleScratch(join(dir, 'no-such-folder'))).toBe(0);
});
