/**
 * Faults from outside: the grader killed with SIGKILL at random moments and run again, damaged
 * cache entries, a full disk, a read-only output folder. Shared by faults.test.ts (a few rounds) and
 * scripts/grader-faults.ts (as many as asked, with figures).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readChecked } from '../../grader/cache';
import { buildDemoClass } from '../../grader/demo-class/build';
import { seededRng } from '../../lib/random';
import { repoRoot } from '../../src/course/paths';
import { loadUnits } from '../../src/course/course';

/** Cheap units, so a run takes seconds and a round several runs. */
export const FAULT_UNITS = ['01-sigmoid', '02-chain-rule', '10-gradient-clipping'];
/** Demo learners left out: their time and memory limits would make every run as slow as the limit. */
const SLOW = ['kai-infinite-loop', 'lea-memory-bomb'];

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The grader's command line as a teacher runs it, in its own process; `killAfterMs` sends SIGKILL to it. */
export function grade(args: string[], { killAfterMs, env = {} }: { killAfterMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const started = performance.now();
  // node itself, not the tsx wrapper: SIGKILL cannot be passed on, so the wrapper's child would live on.
  const child = spawn(process.execPath, ['--import', 'tsx', 'grader/cli.ts', ...args], { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const guard = setTimeout(() => child.kill('SIGKILL'), 300_000);
  return new Promise((resolve) => child.on('close', (status, signal) => {
    clearTimeout(killer);
    clearTimeout(guard);
    resolve({ status, signal, stdout, stderr, ms: performance.now() - started });
  }));
}

/** The course's seeded generator, so a failing round can be replayed from its seed. */
export const seeded = seededRng;

export interface FaultClass {
  root: string;
  classDir: string;
  /** where killed graders leave their scratch folders (TMPDIR of every run) */
  scratchDir: string;
  entries: number;
  reference: string;
  referenceMs: number;
  args: (out: string) => string[];
}

/** The demo class (minus the slow learners) and its grades from one uninterrupted run. */
export async function faultClass(): Promise<FaultClass> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'grader-faults-')));
  const units = loadUnits().filter((u) => FAULT_UNITS.includes(u.slug));
  const classDir = buildDemoClass(units, join(root, 'class'));
  for (const name of SLOW) rmSync(join(classDir, name), { recursive: true, force: true });
  const scratchDir = join(root, 'tmp');
  mkdirSync(scratchDir);
  const args = (out: string) => [classDir, '--out', out, '--unit', FAULT_UNITS.join(','), '--quiet'];
  const ran = await grade([...args(join(root, 'reference')), '--no-cache'], { env: { TMPDIR: scratchDir } });
  if (ran.status !== 0) throw new Error(`the reference run failed: ${ran.stderr}`);
  const entries = readdirSync(classDir).filter((n) => !n.startsWith('.')).length;
  return { root, classDir, scratchDir, entries, reference: readFileSync(join(root, 'reference', 'grades.csv'), 'utf8'), referenceMs: ran.ms, args };
}

export interface CacheCheck {
  entries: number;
  /** entries whose checksum or content does not hold */
  corrupt: string[];
  /** temporary files of writes a kill interrupted (never read as entries) */
  orphans: number;
}

/** Every entry under `<out>/.cache` (results, type errors, check names; each named by its key) must be whole and carry its own key. */
export function checkCache(out: string): CacheCheck {
  const dir = join(out, '.cache');
  const result: CacheCheck = { entries: 0, corrupt: [], orphans: 0 };
  if (!existsSync(dir)) return result;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.tmp')) result.orphans++;
      else if (/^[0-9a-f]{64}\.json$/.test(e.name)) {
        result.entries++;
        if (typeof readChecked(path, e.name.slice(0, -5)) !== 'object') result.corrupt.push(path);
      }
    }
  };
  walk(dir);
  return result;
}

export interface RoundResult {
  kills: number;
  /** when each kill came, ms after the run started */
  killedAtMs: number[];
  runs: number;
  /** the final CSV is the reference's, byte for byte */
  sameGrades: boolean;
  rows: number;
  duplicates: string[];
  cache: CacheCheck;
  /** errors of runs that were not killed and did not succeed */
  failures: string[];
  /** scratch folders left in TMPDIR after the last (uninterrupted) run, which sweeps those of killed runs */
  scratchLeft: number;
}

/**
 * One round: a fresh output folder; the grader is killed `kills` times at random moments (within
 * the reference run's time), checking the cache after each; then it runs to the end.
 */
export async function killResumeRound(fc: FaultClass, kills: number, random: () => number, label: string): Promise<RoundResult> {
  const out = join(fc.root, `round-${label}`);
  const result: RoundResult = { kills: 0, killedAtMs: [], runs: 0, sameGrades: false, rows: 0, duplicates: [], cache: { entries: 0, corrupt: [], orphans: 0 }, failures: [], scratchLeft: 0 };
  // A kill comes at a random moment of what a whole run takes (start-up included); a run that
  // finishes first just makes the next one shorter (all cached), and the kills aim at that.
  let span = fc.referenceMs;
  for (let attempt = 0; result.kills < kills && attempt < kills * 4; attempt++) {
    const at = Math.round(150 + random() * 0.9 * span);
    const ran = await grade(fc.args(out), { killAfterMs: at, env: { TMPDIR: fc.scratchDir } });
    result.runs++;
    if (ran.signal === 'SIGKILL') {
      result.kills++;
      result.killedAtMs.push(at);
    } else if (ran.status === 0) span = ran.ms;
    else result.failures.push(ran.stderr.trim());
    const cache = checkCache(out);
    result.cache.corrupt.push(...cache.corrupt);
  }
  const last = await grade(fc.args(out), { env: { TMPDIR: fc.scratchDir } });
  result.runs++;
  if (last.status !== 0) result.failures.push(last.stderr.trim() || `exit ${last.status} ${last.signal ?? ''}`);
  const csvPath = join(out, 'grades.csv');
  const csv = existsSync(csvPath) ? readFileSync(csvPath, 'utf8') : '';
  result.sameGrades = csv === fc.reference;
  const names = csv.trim().split('\n').slice(1).map((l) => l.split(',')[0]!);
  result.rows = names.length;
  result.duplicates = names.filter((n, i) => names.indexOf(n) !== i);
  const cache = checkCache(out);
  result.cache = { entries: cache.entries, corrupt: [...result.cache.corrupt, ...cache.corrupt], orphans: cache.orphans };
  result.scratchLeft = readdirSync(fc.scratchDir).filter((n) => n.startsWith('course-grader-')).length; // not tsx's own cache
  return result;
}

/** Whether this machine lets us mount a small tmpfs in a user namespace (for a full disk and a read-only folder). */
export function canMountTmpfs(): boolean {
  const probe = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=16k tmpfs "$d" && umount "$d" && rmdir "$d"'], { encoding: 'utf8' });
  return probe.status === 0;
}

/** Run the grader with `dir` mounted as a tmpfs of `options` (e.g. `size=16k` or `ro`) in a private mount namespace. */
export function gradeOnTmpfs(dir: string, options: string, args: string[]): Promise<Run> {
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const script = `mount -t tmpfs -o ${options} tmpfs "$0" && exec "$@"`;
  const child = spawn('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script, dir, process.execPath, '--import', 'tsx', 'grader/cli.ts', ...args], { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr, ms: performance.now() - started })));
}
