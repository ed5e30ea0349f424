/**
 * The grader on a generated class of 100 submissions, against the naive baseline (one `vitest run`
 * of the hidden suites per submission, COURSE_IMPL pointing at it), both measured in this run:
 *  - submissions per minute, grader (full run, empty cache) and naive (a sample of submissions,
 *    graded one after another as a teacher's shell loop would);
 *  - the ratio between them (target: at least 10×);
 *  - the re-run after one submission changed, as a share of the full run (target: under 5%).
 * The class mixes perfect, partial, misconception, stub, type-error and missing-export submissions,
 * every one distinct (so the result cache cannot answer one learner with another's result); units a
 * learner never touched are the stubs as handed out.
 *
 * Then, on a second class of distinct honest learners (every unit solved, every file different, so
 * neither the result cache nor the type checker's memo can answer one learner with another), no result cache:
 *  - distinct learners per minute and CPU-seconds per learner (target: 150/min on 2 cores), without the
 *    oracle table, with it empty, and with it kept from the previous run, with the split of the time
 *    (type check, the sandboxes' checks, computing expected values there and in the grader);
 *  - 1 vs 2 shards: the whole class in one process (`--jobs 1`) against `--shard 1/2` and `--shard 2/2`
 *    at once (`--jobs 1` each) plus `grade merge` (linear would be 2× on 2 cores); then the same with
 *    each grader pinned to a core of its own (taskset), as shards on separate one-core machines.
 * For where a learner's time goes (type check, bundle, oracle, learner code, messages) see bench/profile.ts.
 *
 * Run alone: `npx tsx bench/grade.ts` (or `npm run bench:grade`). BENCH_SUBMISSIONS (default 100),
 * BENCH_NAIVE (sampled for the baseline, default 5) and BENCH_DISTINCT (default 60) change the sizes;
 * BENCH_ONLY=distinct runs the second part alone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { DEMO_STUDENTS, type UnitSource } from '../grader/demo-class/students';
import { gradeClass, unitsToGrade, type ClassResult } from '../grader/grade';
import { readGradebook } from '../grader/state';
import { repoRoot } from '../src/course/paths';
import { loadUnits, type Unit } from '../src/course/course';
import { formatMs, isMain, machine } from './lib/index.js';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 100);
const NAIVE_SAMPLE = Number(process.env.BENCH_NAIVE ?? 5);
const DISTINCT = Number(process.env.BENCH_DISTINCT ?? 60);
const benchDir = join(repoRoot, '.cache', 'bench', 'grade');

type Profile = 'perfect' | 'partial' | 'misconception' | 'stub' | 'type-error' | 'missing-export';
const PROFILES: Profile[] = ['perfect', 'perfect', 'perfect', 'partial', 'partial', 'misconception', 'misconception', 'stub', 'type-error', 'missing-export'];

function demoCode(entry: string): string {
  const student = DEMO_STUDENTS.find((s) => s.entry === entry)!;
  if (student.shape.kind !== 'folder') throw new Error(`${entry} is not a folder submission`);
  const source = student.shape.units('01-sigmoid', 0, []);
  if (!('code' in source)) throw new Error(`${entry} has no unit 01 code`);
  return source.code;
}

function sourceFor(profile: Profile, i: number, unit: Unit, position: number, units: Unit[]): UnitSource {
  switch (profile) {
    case 'perfect':
      return { from: 'solution' };
    case 'partial':
      return position <= i % units.length ? { from: 'solution' } : { from: 'stub' };
    case 'stub':
      return { from: 'stub' };
    case 'misconception': {
      const variants = ['dev-one-minus-z', 'eve-a-on-z', 'finn-plus-sign', 'gus-overflow'];
      return unit.slug === '01-sigmoid' ? { code: demoCode(variants[i % variants.length]!) } : { from: 'solution' };
    }
    case 'type-error':
      return unit.slug === '01-sigmoid' ? { code: demoCode('ivy-type-error') } : { from: 'solution' };
    case 'missing-export':
      return unit.slug === '01-sigmoid' ? { code: demoCode('jay-missing-export') } : { from: 'solution' };
  }
}

/** Write the class; returns the submission folders. */
export function generateClass(units: Unit[], dir: string, count = SUBMISSIONS): string[] {
  rmSync(dir, { recursive: true, force: true });
  const folders: string[] = [];
  for (let i = 0; i < count; i++) {
    const profile = PROFILES[i % PROFILES.length]!;
    const folder = join(dir, `learner-${String(i + 1).padStart(3, '0')}-${profile}`);
    units.forEach((unit, position) => {
      const source = sourceFor(profile, i, unit, position, units);
      const exerciseDir = join(repoRoot, unit.exerciseDir);
      for (const name of readdirSync(exerciseDir)) {
        let content = readFileSync(join(exerciseDir, name), 'utf8');
        if (name === 'index.ts' && !('from' in source && source.from === 'stub')) {
          if ('code' in source) content = source.code;
          else content = readFileSync(join(repoRoot, unit.paths.solution), 'utf8');
          // Every learner's own code differs, as in a real class; untouched stubs stay as handed out.
          content += `\n// ${profile} learner ${i + 1}\n`;
        }
        const target = join(folder, 'exercises', unit.slug, name);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, content);
      }
    });
    folders.push(folder);
  }
  return folders;
}

/** Wall time of a command; vitest exits 1 when tests fail, which is expected here. */
function timed(command: string, args: string[], { env = process.env, mayFail = false } = {}): number {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0 && !(mayFail && run.status === 1)) throw new Error(`${command} ${args.join(' ')} failed (${run.status ?? run.signal}): ${run.stderr}`);
  return ms;
}

function grade(classDir: string, out: string): number {
  return timed(process.execPath, ['--import', 'tsx', join(repoRoot, 'grader', 'cli.ts'), classDir, '--out', out, '--quiet']);
}

/** Honest learners, every unit solved and every file (stubs' tests and metadata too) different from every other learner's. */
export function generateDistinctClass(units: Unit[], dir: string, count: number): string[] {
  rmSync(dir, { recursive: true, force: true });
  return Array.from({ length: count }, (_, i) => {
    const folder = join(dir, `distinct-${String(i + 1).padStart(3, '0')}`);
    for (const unit of units) {
      const exerciseDir = join(repoRoot, unit.exerciseDir);
      for (const name of readdirSync(exerciseDir)) {
        let content = readFileSync(join(exerciseDir, name === 'index.ts' ? join('..', '..', unit.solutionDir) : '', name), 'utf8');
        if (/\.ts$/.test(name)) content += `\n// distinct learner ${i + 1}\n`;
        const target = join(folder, 'exercises', unit.slug, name);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, content);
      }
    }
    return folder;
  });
}

/** `cpu`: pin the grader and everything it starts to that one core (taskset), as if it had a machine of one core to itself. */
function gradeAsync(args: string[], cpu?: number): Promise<number> {
  const started = performance.now();
  const command = [process.execPath, '--import', 'tsx', join(repoRoot, 'grader', 'cli.ts'), ...args, '--quiet'];
  const [file, ...rest] = cpu === undefined ? command : ['taskset', '-c', String(cpu), ...command];
  const child = spawn(file!, rest, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve, reject) => child.on('close', (status) => (status === 0 ? resolve(performance.now() - started) : reject(new Error(`grade ${args.join(' ')} failed (${status}): ${stderr}`)))));
}

/** CPU time (ms) of this process and of every child it has waited for (sandboxes, CLI runs), from /proc. */
function cpuMs(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    children = ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, in clock ticks
  } catch {
    // no /proc: this process only
  }
  return (own.user + own.system) / 1000 + children;
}

interface Measured {
  wall: number;
  cpu: number;
}

async function measure<T>(run: () => Promise<T>): Promise<Measured & { value: T }> {
  const cpu = cpuMs();
  const started = performance.now();
  const value = await run();
  return { wall: performance.now() - started, cpu: cpuMs() - cpu, value };
}

async function distinct(units: Unit[]): Promise<void> {
  const classDir = join(benchDir, 'distinct');
  const out = (name: string) => join(benchDir, `distinct-${name}`);
  const folders = generateDistinctClass(units, classDir, DISTINCT);
  rmSync(out('oracle'), { recursive: true, force: true });
  const n = folders.length;
  console.log(`\nDistinct class: ${n} honest learners × ${units.length} units, every file different, no result cache`);
  console.log(`(wall time and CPU time of the grader and every process it started; the machine is shared, so compare rows of this run)`);
  const perMin = (ms: number) => (n * 60_000) / ms;
  const row = (label: string, m: Measured) =>
    console.log(`  ${label.padEnd(44)} ${formatMs(m.wall).padStart(9)}  ${perMin(m.wall).toFixed(1).padStart(6)} learners/min  ${(m.cpu / 1000 / n).toFixed(2)} CPU-s per learner`);
  const split = (r: ClassResult) => {
    const o = r.stats.oracle!;
    const harness = r.students.reduce((s, st) => s + st.units.reduce((t, u) => t + u.ms, 0), 0);
    const per = (ms: number) => `${formatMs(ms / n)}`;
    return `type check ${per(r.stats.typecheckMs)}, sandbox checks ${per(harness)} (of which computing expected values ${per(o.sandboxComputeMs)}, ${o.hits} answered from the table), grader computing the table ${per(o.graderComputeMs)} (${o.graderComputed} values) — per learner`;
  };
  const oracleDir = out('oracle');
  const inProcess = (oracle: boolean) => measure(() => gradeClass({ submissionsDir: classDir, units, oracleDir, oracle }));

  // The grader as it was (every expected value computed for every learner), then with the table: empty, then kept from that run.
  const off = await inProcess(false);
  const cold = await inProcess(true);
  const warm = await inProcess(true);
  row('without the oracle table (--no-oracle)', off);
  console.log(`      ${split(off.value)}`);
  row('oracle table, empty at the start', cold);
  console.log(`      ${split(cold.value)}`);
  row('oracle table, kept from the previous run', warm);
  console.log(`      ${split(warm.value)}`);
  console.log(`  with the table kept: ${(off.wall / warm.wall).toFixed(2)}× the throughput and ${(off.cpu / warm.cpu).toFixed(2)}× less CPU than without it (target 150 learners/min)`);

  // One shard against two at once, each with one sandbox, both starting from the kept table: the same work spread over processes.
  const shards = async (prefix: string, cpus?: [number, number, number]) => {
    const dirs = ['one', 's1', 's2', 'merged'].map((name) => out(`${prefix}${name}`));
    const [oneDir, s1, s2, mergedDir] = dirs as [string, string, string, string];
    const partDirs = [s1, s2];
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    for (const dir of [oneDir, ...partDirs]) cpSync(join(oracleDir, 'oracle'), join(dir, '.cache', 'oracle'), { recursive: true });
    const gradeArgs = (dir: string) => [classDir, '--out', dir, '--no-cache', '--jobs', '1'];
    const one = await measure(() => gradeAsync(gradeArgs(oneDir), cpus?.[0]));
    const two = await measure(() => Promise.all(partDirs.map((dir, k) => gradeAsync([...gradeArgs(dir), '--shard', `${k + 1}/2`], cpus?.[k + 1]))));
    const merge = await measure(() => gradeAsync(['merge', ...partDirs, '--out', mergedDir]));
    const same = readFileSync(join(mergedDir, 'grades.csv'), 'utf8') === readFileSync(join(oneDir, 'grades.csv'), 'utf8');
    const sizes = partDirs.map((dir) => readGradebook(dir)?.students.length ?? 0);
    return { one, two, merge, same, sizes };
  };
  const shared = await shards('');
  row('1 shard, --jobs 1 (the CLI)', shared.one);
  row('2 shards at once, --jobs 1 each', shared.two);
  row('  + merge', shared.merge);
  console.log(`  speed-up ${(shared.one.wall / (shared.two.wall + shared.merge.wall)).toFixed(2)}× with 2 shards (linear: 2×); merged grades.csv ${shared.same ? 'identical to' : 'DIFFERS from'} the one-shard run's`);

  // The runs above share both cores however the kernel likes: one grader with --jobs 1 already keeps
  // the second core busy (its type checker thread, V8's garbage collector and compiler threads), so
  // they cannot show how shards on separate machines scale. Here each grader is pinned to a core of
  // its own (taskset), the nearest this machine comes to machines of one core each: one shard on
  // core 0 alone, then two shards at once on cores 0 and 1.
  if (!hasTaskset()) {
    console.log('  (taskset not found: the pinned comparison, one core per shard, is skipped)');
    return;
  }
  const pinned = await shards('pinned-', [0, 0, 1]);
  row('1 shard on one core (taskset -c 0)', pinned.one);
  row('2 shards at once, a core each', pinned.two);
  row('  + merge', pinned.merge);
  console.log(`  speed-up ${(pinned.one.wall / pinned.two.wall).toFixed(2)}× grading, ${(pinned.one.wall / (pinned.two.wall + pinned.merge.wall)).toFixed(2)}× with the merge, with a core per shard (linear: 2×); merged grades.csv ${pinned.same ? 'identical to' : 'DIFFERS from'} the one-shard run's`);
  // Two causes below 2×: the hash split is uneven for a small class (stable under adding learners,
  // so not balanced), and the cores share caches and memory. Separate them: the larger shard's
  // learners at the one-core rate would take `ideal`; what is left is contention and fixed costs.
  const ideal = (pinned.one.wall * Math.max(...pinned.sizes)) / n;
  console.log(`  the shards held ${pinned.sizes.join(' and ')} learners: balanced by size alone the best is ${(pinned.one.wall / ideal).toFixed(2)}×; the larger shard took ${(pinned.two.wall / ideal).toFixed(2)}× its one-core time (cores sharing caches and memory, each shard's own start)`);
}

function hasTaskset(): boolean {
  return spawnSync('taskset', ['-c', '0', 'true']).status === 0;
}

async function main(): Promise<void> {
  const units = unitsToGrade(loadUnits());
  if (process.env.BENCH_ONLY === 'distinct') {
    console.log(`Machine: ${machine()}`);
    return distinct(units);
  }
  const classDir = join(benchDir, 'class');
  const out = join(benchDir, 'grades');
  console.log(`Machine: ${machine()}`);
  const folders = generateClass(units, classDir);
  console.log(`Class: ${folders.length} submissions × ${units.length} units (${PROFILES.join(', ')}, cycling), in ${classDir.replace(`${repoRoot}/`, '')}`);

  // Naive baseline: one vitest process per submission, the hidden project only.
  // Spread over the class and over the profiles (0, 22, 44, … → perfect, perfect, partial, misconception, type error).
  const k = Math.min(NAIVE_SAMPLE, folders.length);
  const sample = Array.from({ length: k }, (_, j) => folders[Math.min(folders.length - 1, Math.floor((j * folders.length) / k) + 2 * j)]!);
  const vitest = join(repoRoot, 'node_modules', '.bin', 'vitest');
  const naiveRun = (folder: string) => timed(vitest, ['run', '--project', 'hidden', '--reporter=dot'], { env: { ...process.env, COURSE_IMPL: join(folder, 'exercises') }, mayFail: true });

  // Half the baseline before the full run and half after, so a burst of load from elsewhere on the
  // machine lands on both sides.
  const half = Math.ceil(sample.length / 2);
  const naive = sample.slice(0, half).map(naiveRun);
  rmSync(out, { recursive: true, force: true });
  const full = grade(classDir, out);
  const rate = (folders.length * 60_000) / full;
  naive.push(...sample.slice(half).map(naiveRun));
  const naivePer = naive.reduce((a, b) => a + b, 0) / naive.length;
  const naiveRate = 60_000 / naivePer;

  // One learner resubmits: one file changes.
  const changed = join(folders[Math.floor(folders.length / 3)]!, 'exercises', units[Math.min(1, units.length - 1)]!.slug, 'index.ts');
  appendFileSync(changed, '// resubmitted\n');
  const one = grade(classDir, out);
  const none = grade(classDir, out);

  const ratio = rate / naiveRate;
  const share = one / full;
  const verdict = (ok: boolean) => (ok ? 'meets' : 'MISSES');
  console.log(`\nnaive baseline, one \`vitest run\` per submission (${sample.length} sampled, one after another): ${formatMs(naivePer)} per submission → ${naiveRate.toFixed(1)} submissions/min (runs: ${naive.map((t) => formatMs(t)).join(', ')})`);
  console.log(`grader, full run with an empty cache (${availableParallelism()} sandboxes): ${formatMs(full)} → ${rate.toFixed(1)} submissions/min`);
  console.log(`  ${ratio.toFixed(1)}× the naive baseline (${verdict(ratio >= 10)} the target of 10×)`);
  console.log(`grader, re-run after one submission changed: ${formatMs(one)} → ${(share * 100).toFixed(1)}% of the full run (${verdict(share < 0.05)} the target of < 5%)`);
  console.log(`grader, re-run with nothing changed: ${formatMs(none)}`);
  await distinct(units);
}

if (isMain(import.meta.url)) await main();
