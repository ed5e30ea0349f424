// The command as a teacher meets it: mistakes are one line and a non-zero exit; a run killed halfway
// is finished by the next one, with every submission in the grades exactly once.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../../src/course/paths';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'grader', 'cli.ts'), ...args], { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d));
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  const done = new Promise<Run>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
  return { child, done };
}
const grade = (args: string[]) => start(args).done;

/** A class of `n` learners who solved units 01 and 02 (each a little differently, so none share a cache entry). */
function smallClass(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'grader-cli-class-'));
  for (let i = 0; i < n; i++) {
    for (const unit of ['01-sigmoid', '02-chain-rule']) {
      const target = join(dir, `learner-${i}`, 'exercises', unit);
      mkdirSync(target, { recursive: true });
      cpSync(join(repoRoot, 'solutions', unit, 'index.ts'), join(target, 'index.ts'));
      writeFileSync(join(target, 'index.ts'), `${readFileSync(join(target, 'index.ts'), 'utf8')}\n// learner ${i}\n`);
    }
  }
  return dir;
}

function oneLineError(run: Run, pattern: RegExp): void {
  expect(run.status).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
}

describe('mistakes are one line, a non-zero exit and no stack trace', () => {
  test('a missing folder, an unknown unit, a bad flag, an unknown learner', async () => {
    const out = mkdtempSync(join(tmpdir(), 'grader-cli-out-'));
    const klass = smallClass(1);
    const [missing, unit, flag, student, help] = await Promise.all([
      grade(['/no/such/folder', '--out', out]),
      grade([klass, '--unit', '42', '--out', out]),
      grade([klass, '--jobz', '2']),
      grade([klass, '--student', 'nobody', '--out', out, '--unit', '01']),
      grade(['--help']),
    ]);
    oneLineError(missing, /^grade: \/no\/such\/folder is not a folder of submissions$/m);
    oneLineError(unit, /^grade: Unknown unit "42"\. The units are: 01-sigmoid, /m);
    oneLineError(flag, /^grade: Unknown option '--jobz'/m);
    oneLineError(student, /^grade: no submission named "nobody"/m);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: npm run grade -- [<submissions>] [options]');
  }, 60_000);

  test("a teacher's own grades.csv in --out is left alone", async () => {
    const out = mkdtempSync(join(tmpdir(), 'grader-cli-out-'));
    writeFileSync(join(out, 'grades.csv'), 'mine');
    const run = await grade([smallClass(1), '--out', out, '--unit', '01']);
    oneLineError(run, /grades\.csv already exists and was not written by the grader/);
    expect(readFileSync(join(out, 'grades.csv'), 'utf8')).toBe('mine');
  }, 60_000);
});

describe('resuming', () => {
  test('killed halfway, a re-run grades only the rest, and the CSV lists everyone once', async () => {
    const klass = smallClass(6);
    const out = mkdtempSync(join(tmpdir(), 'grader-cli-out-'));
    const args = [klass, '--out', out, '--unit', '01,02', '--jobs', '1', '--quiet'];
    const cached = () => {
      const dir = join(out, '.cache');
      if (!existsSync(dir)) return 0;
      // Entries only: a kill between an atomic write's two steps leaves a `<entry>.<pid>.<n>.tmp`, which is no entry.
      return readdirSync(dir).filter((d) => /^[0-9a-f]{2}$/.test(d)).reduce((n, d) => n + readdirSync(join(dir, d)).filter((f) => f.endsWith('.json')).length, 0);
    };
    const first = start(args);
    // Wait until some units are cached, then kill the grader outright.
    const deadline = Date.now() + 40_000;
    while (cached() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    first.child.kill('SIGKILL');
    await first.done;
    const before = cached();
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(12);
    expect(existsSync(join(out, 'grades.csv'))).toBe(false);

    const second = await grade(args.filter((a) => a !== '--quiet'));
    expect(second.status).toBe(0);
    const ran = Number(/: (\d+) units run/.exec(second.stdout)![1]);
    expect(ran).toBe(12 - before);
    const rows = readFileSync(join(out, 'grades.csv'), 'utf8').trimEnd().split('\n').slice(1);
    expect(rows.map((r) => r.split(',')[0]).sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `learner-${i}`));
    for (const row of rows) expect(row.split(',').slice(8, 12)).toEqual(['20', '20', '10', '10']);
  }, 90_000);
});
