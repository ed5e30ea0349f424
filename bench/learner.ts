/**
 * Learner latency: how long a learner waits for test results, measured side by side in one run.
 *
 *  - cold: `npm test -- 01` against a plain `npx vitest run <file>` of the same test file (the
 *    baseline of every ratio), and `node vitest.mjs run --project public 01` (npm test without npm);
 *  - `course watch`: from saving exercises/01-sigmoid/index.ts to the new screen, through the real
 *    runWatch (chokidar, debounce, its UnitRunner, progress save, redraw);
 *  - a warm vitest with the runner's settings (threads, isolate: false), save → result, split into
 *    phases, next to the same with src/cli/pool.ts (the pool course watch uses).
 *
 * Everything runs in scratch copies of the course (node_modules symlinked) so saves and progress
 * files never touch the repository; the unit stays on its untouched stub (every test fails, as
 * while a learner is working on it). Cases run interleaved, one of each per round.
 *
 * Run alone: `npx tsx bench/learner.ts` (or `npm run bench:learner`). BENCH_RUNS=n changes the run count.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { createVitest, type Reporter, type Vitest } from 'vitest/node';
import { repoRoot } from '../src/course/paths.ts';
import { findUnit, loadUnits } from '../src/course/course.ts';
import { makeColors } from '../src/cli/colors.ts';
import { ProgressStore } from '../src/cli/progress.ts';
import { runWatch } from '../src/cli/watch.ts';
import { compare, isMain, machine, printComparison, stats, formatMs } from './lib/index.js';
import { courseForks } from '../src/cli/pool.js';

const UNIT = '01-sigmoid';
const TEST_FILE = `exercises/${UNIT}/sigmoid.test.ts`;
const STUB = `exercises/${UNIT}/index.ts`;

/** A throwaway copy of what the learner's loop reads, with unit 01 only; node_modules is shared through a symlink. */
function scratchCourse(): string {
  const dir = mkdtempSync(join(tmpdir(), 'course-bench-'));
  for (const path of ['package.json', 'tsconfig.json', 'vitest.config.ts', 'course.json', 'lib', 'src/course', `exercises/${UNIT}`, `lessons/${UNIT}.md`]) {
    cpSync(join(repoRoot, path), join(dir, path), { recursive: true });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // Only this unit: the others may be half-written by someone else while the benchmark runs.
  const course = JSON.parse(readFileSync(join(dir, 'course.json'), 'utf8')) as { units: string[] };
  writeFileSync(join(dir, 'course.json'), JSON.stringify({ ...course, units: [UNIT] }, null, 2));
  return dir;
}

/** A save in the editor: the stub, alternately with and without a trailing comment, so the file really changes. */
function saver(root: string): () => string {
  const file = join(root, STUB);
  const original = readFileSync(file, 'utf8');
  let n = 0;
  return () => {
    writeFileSync(file, n++ % 2 === 0 ? `${original}\n// edited\n` : original);
    return file;
  };
}

/** Runs a command to completion; its output is kept for the durations vitest prints. */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NO_COLOR: '1', COURSE_IMPL: 'exercises' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', () => resolve(output));
  });
}

/** vitest's own "Duration 675ms (…)" line: the part of a cold run vitest itself accounts for. */
function vitestDuration(output: string): number | undefined {
  const m = /Duration\s+([\d.]+)(ms|s)/.exec(output);
  return m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : undefined;
}

/** The real `course watch` on a scratch course, driven through its IO: save, then wait for the next screen. */
async function startWatch(root: string) {
  const units = loadUnits(root);
  const input = new PassThrough();
  let screens = 0;
  let lastScreen = '';
  let onScreen: (() => void) | undefined;
  const out = {
    isTTY: false,
    write(text: string) {
      // Off a terminal every finished run draws "── <slug> · run N ──" and then its screen.
      if (text.includes('── ') && /tests pass|running the tests/.test(text)) {
        screens += 1;
        lastScreen = text;
        onScreen?.();
      }
      return true;
    },
  };
  const store = ProgressStore.load(root);
  const done = runWatch({ root, units, store, start: findUnit(units, UNIT), io: { out, input, colors: makeColors(false) } });
  const nextScreen = (after: number) =>
    new Promise<void>((resolve) => {
      if (screens > after) return resolve();
      onScreen = () => screens > after && resolve();
    });
  await nextScreen(0);
  await new Promise((r) => setTimeout(r, 500)); // let the start-up runs settle
  const save = saver(root);
  return {
    /** Save, then resolve when the re-run's screen is drawn; returns the run time the screen shows. */
    async saveAndWait(): Promise<number | undefined> {
      const seen = screens;
      save();
      await nextScreen(seen);
      const ran = /ran in ([\d.]+) s/.exec(lastScreen);
      return ran ? Number(ran[1]) * 1000 : undefined;
    },
    async stop(): Promise<void> {
      input.write('q\n');
      await done;
    },
  };
}

interface Phases {
  workerStart: number;
  importAndCollect: number;
  testsAndReport: number;
  rest: number;
}

const sink = () => new Writable({ write: (_chunk, _encoding, next) => next() });

/**
 * A warm vitest with UnitRunner's settings (or another pool), timing each phase of a re-run
 * from reporter events: start → the worker reports the file queued (thread started, vitest's
 * runtime loaded) → collected (test file and what it imports transformed and run) → module end.
 */
async function warmVitest(root: string, pool: 'threads' | ReturnType<typeof courseForks>) {
  let t0 = 0;
  const marks: Record<string, number> = {};
  const mark = (name: string) => () => {
    marks[name] ??= performance.now() - t0;
  };
  const reporter: Reporter = { onTestModuleQueued: mark('queued'), onTestModuleCollected: mark('collected'), onTestModuleEnd: mark('end') };
  const vitest: Vitest = await createVitest(
    'test',
    { root, config: join(root, 'vitest.config.ts'), project: ['public'], watch: false, reporters: [reporter], pool, isolate: false },
    {},
    { stdout: sink(), stderr: sink() },
  );
  const save = saver(root);
  const phases: Phases[] = [];
  return {
    phases,
    async saveAndRun(): Promise<void> {
      t0 = performance.now();
      for (const k of Object.keys(marks)) delete marks[k];
      vitest.invalidateFile(save());
      const specs = await vitest.globTestSpecifications([`exercises/${UNIT}/`]);
      await vitest.runTestSpecifications(specs);
      const total = performance.now() - t0;
      const { queued = NaN, collected = NaN, end = NaN } = marks;
      phases.push({ workerStart: queued, importAndCollect: collected - queued, testsAndReport: end - collected, rest: total - end });
    },
    close: () => vitest.close(),
  };
}

function printPhases(title: string, phases: Phases[]): void {
  const keys: [keyof Phases, string][] = [
    ['workerStart', 'worker start (thread + vitest runtime)'],
    ['importAndCollect', 'transform + import + collect'],
    ['testsAndReport', 'tests + reporting'],
    ['rest', 'glob, invalidate, run end'],
  ];
  console.log(`  ${title}: median per phase`);
  for (const [key, label] of keys) console.log(`    ${label.padEnd(40)} ${formatMs(stats(key, phases.map((p) => p[key])).median)}`);
}

export async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS) || 7;
  const warmup = 1;
  console.log(`# Learner latency, unit ${UNIT} (stub: every test fails), ${runs} interleaved rounds`);
  console.log(`# ${machine()}`);
  const dirs = [scratchCourse(), scratchCourse(), scratchCourse()];
  const [coldAndWatchDir, warmDir, prewarmedDir] = dirs as [string, string, string];
  const vitestBin = join(repoRoot, 'node_modules/vitest/vitest.mjs');
  const watch = await startWatch(coldAndWatchDir);
  const warm = await warmVitest(warmDir, 'threads');
  const prewarmed = await warmVitest(prewarmedDir, courseForks({ prewarm: true }));
  const vitestSays: Record<string, number[]> = { npm: [], npx: [] };
  const watchRanIn: number[] = [];
  try {
    const results = await compare(
      {
        'npm test -- 01': async () => vitestSays.npm!.push(vitestDuration(await run('npm', ['test', '--', '01'], coldAndWatchDir)) ?? NaN),
        'npx vitest run <file>': async () => vitestSays.npx!.push(vitestDuration(await run('npx', ['vitest', 'run', TEST_FILE], coldAndWatchDir)) ?? NaN),
        'node vitest.mjs run --project public 01': () => run(process.execPath, [vitestBin, 'run', '--project', 'public', '01'], coldAndWatchDir),
        'course watch: save → new screen': async () => watchRanIn.push((await watch.saveAndWait()) ?? NaN),
        'warm vitest, runner settings: save → result': () => warm.saveAndRun(),
        'warm vitest, prewarmed forks (course watch): save → result': () => prewarmed.saveAndRun(),
      },
      { runs, warmup },
    );
    printComparison(`Cold test run vs warm re-run (<file> = ${TEST_FILE}; ratios against the plain npx vitest run)`, results, 'npx vitest run <file>');
    const median = (xs: number[]) => formatMs(stats('', xs.slice(warmup)).median);
    console.log(`\n  vitest's own "Duration" line, median: npm test ${median(vitestSays.npm!)}, npx vitest ${median(vitestSays.npx!)} (the rest of a cold run is Node, npm/npx, importing vitest, loading the config)`);
    console.log(`  course watch's own "ran in" (UnitRunner.run), median: ${median(watchRanIn)} (the rest of save → screen is the file watcher, its 20 ms debounce, fingerprint, progress save, redraw)`);
    console.log('\nWhere a warm re-run goes');
    printPhases('runner settings (threads, isolate: false)', warm.phases.slice(warmup));
    printPhases('prewarmed forks (course watch)', prewarmed.phases.slice(warmup));
  } finally {
    await watch.stop();
    await warm.close();
    await prewarmed.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  await main();
  process.exitCode = 0; // vitest sets 1 because the stub's tests fail, which is the point here
}
