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

function start(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'grader', 'cli.ts'), ...args], { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0', ...env } });
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

/** Result cache entries in `<out>/.cache`. Entries only: a kill between an atomic write's two steps leaves a `<entry>.<pid>.<n>.tmp`, which is no entry. */
function cachedIn(out: string): number {
  const dir = join(out, '.cache');
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).filter((d) => /^[0-9a-f]{2}$/.test(d)).reduce((n, d) => n + readdirSync(join(dir, d)).filter((f) => f.endsWith('.json')).length, 0);
}

/** The processes started by `pid` (from /proc; none elsewhere). */
function childrenOf(pid: number): number[] {
  if (!existsSync('/proc/self/stat')) return [];
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    } catch {
      return false; // it ended meanwhile
    }
  }).map(Number);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const until = async (ready: () => boolean, ms: number): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
};

describe('resuming', () => {
  test('killed halfway, a re-run grades only the rest, and the CSV lists everyone once', async () => {
    const klass = smallClass(6);
    const out = mkdtempSync(join(tmpdir(), 'grader-cli-out-'));
    const args = [klass, '--out', out, '--unit', '01,02', '--jobs', '1', '--quiet'];
    const cached = () => cachedIn(out);
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

  test('Ctrl-C halfway: the sandboxes end at once, the scratch copies go, the unit cut short is not cached, and a re-run grades the rest', async () => {
    const klass = smallClass(4);
    // learner-1's sigmoid never returns: its unit holds the one sandbox when Ctrl-C comes.
    const looping = join(klass, 'learner-1', 'exercises', '01-sigmoid', 'index.ts');
    const solved = readFileSync(looping, 'utf8');
    writeFileSync(looping, solved.replace(/export function sigmoid\(([^)]*)\)([^{]*)\{/, 'export function sigmoid($1)$2{\n  for (;;) {}'));
    expect(readFileSync(looping, 'utf8')).toContain('for (;;) {}');
    const out = mkdtempSync(join(tmpdir(), 'grader-cli-out-'));
    const scratchTmp = mkdtempSync(join(tmpdir(), 'grader-cli-tmp-'));
    const args = [klass, '--out', out, '--unit', '01,02', '--jobs', '1', '--timeout', '60'];
    const first = start(args, { TMPDIR: scratchTmp });
    const grader = first.child.pid!;
    let sandboxes: number[] = [];
    // Wait until the loop has the sandbox: some units are cached and no more come.
    let last = -1;
    let still = 0;
    await until(() => {
      sandboxes = [...new Set([...sandboxes, ...childrenOf(grader)])];
      const now = cachedIn(out);
      still = now > 0 && now === last ? still + 1 : 0;
      last = now;
      return still >= 30; // 1.5 s without a new entry
    }, 40_000);
    const before = cachedIn(out);
    expect(before).toBeGreaterThan(0);
    expect(readdirSync(scratchTmp).filter((d) => d.startsWith('course-grader-'))).toHaveLength(1);
    const stopped = Date.now();
    first.child.kill('SIGINT');
    const run = await first.done;
    expect(Date.now() - stopped).toBeLessThan(15_000); // not the 60 s the loop's limit would take
    expect(run.status).toBe(130);
    expect(run.stderr).toContain('stopped by SIGINT');
    expect(run.stderr).toContain('run the same command again to grade the rest');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(cachedIn(out)).toBe(before); // the loop's unit was not cached as a crash
    expect(existsSync(join(out, 'grades.csv'))).toBe(false);
    expect(readdirSync(scratchTmp).filter((d) => d.startsWith('course-grader-'))).toEqual([]);
    expect(sandboxes.length).toBeGreaterThan(0);
    await until(() => !sandboxes.some(alive), 5_000);
    expect(sandboxes.filter(alive)).toEqual([]);

    writeFileSync(looping, solved); // the learner fixes the loop
    const second = await grade(args);
    expect(second.status).toBe(0);
    expect(Number(/: (\d+) units run/.exec(second.stdout)![1])).toBe(8 - before);
    const rows = readFileSync(join(out, 'grades.csv'), 'utf8').trimEnd().split('\n').slice(1);
    for (const row of rows) expect(row.split(',').slice(8, 12)).toEqual(['20', '20', '10', '10']);
  }, 120_000);
});
