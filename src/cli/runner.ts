/**
 * Runs the public tests of chosen units in one warm, in-process vitest, so `course watch` re-runs a
 * unit after a save in a few hundred milliseconds (no new process, no config reload, warm workers).
 * Always against the learner's `exercises/`: the CLI is about their code, whatever COURSE_IMPL says.
 */
import { Writable } from 'node:stream';
import { join } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { lessonOf } from '../../lib/feedback';
import type { Unit } from '../course/course';
import { stripAnsi } from './colors';
import { courseForks, HEAP_LIMIT_MB, type CoursePool, type Death } from './pool';
import type { UnitResult } from './progress';

/** One public test, for the full report of a unit (`npm test -- 03`). */
export interface TestLine {
  name: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  message?: string;
}

export interface RunReport {
  results: Map<string, UnitResult>;
  /** every test of each unit, in file order */
  tests: Map<string, TestLine[]>;
  /** what the learner's code printed with console.log / console.error during the run */
  consoleOutput: string[];
  ms: number;
}

export type VitestNode = typeof import('vitest/node');

export interface RunnerOptions {
  /** a run with no test finishing for this long is stopped as a probable infinite loop (ms) */
  timeoutMs?: number;
  /**
   * How to import vitest/node. The launcher (course.mjs) passes its own import so that vitest
   * loads outside tsx's module hooks, which make it about three times slower to import.
   */
  loadVitest?: () => Promise<VitestNode>;
  /**
   * Keep a worker thread started ahead of the next run (src/cli/pool.ts), for `course watch`:
   * the next re-run skips the ~130 ms a fresh thread spends loading vitest's runtime.
   */
  prewarm?: boolean;
  /** which code `@impl/<slug>` is (COURSE_IMPL); the CLI always tests the learner's exercises/ */
  impl?: string;
  /** vitest reporters to add (`npm test -- --reporter=json`), and their output files */
  reporters?: string[];
  outputFile?: Record<string, string>;
}

const sink = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

/** Whether a test module is one of the unit's public tests: it lies in the unit's exercise folder (the course model says where). */
function inUnit(moduleId: string, unit: Unit): boolean {
  return moduleId.includes(`/${unit.paths.exerciseDir}/`);
}

type VitestError = { message?: string; diff?: string; lesson?: unknown };

function messageOf(error: VitestError | undefined): string {
  if (!error) return 'failed without an error message';
  // Stored and shown as plain text: transform errors arrive pre-coloured for a terminal.
  const message = stripAnsi(error.message ?? String(error)).trimEnd();
  // vitest's own assertions keep expected/received in `diff`; the course's Feedback has it in the message.
  return error.diff && !lessonOf(error) ? `${message}\n${stripAnsi(error.diff)}` : message;
}

/** A failure as the CLI stores it: the test, the text, and the Feedback's lesson when vitest's copy of the error kept it. */
function failureOf(test: string, error: VitestError | undefined): NonNullable<UnitResult['firstFailure']> {
  const lesson = typeof error?.lesson === 'string' && error.lesson !== '' ? error.lesson : undefined;
  return { test, message: messageOf(error), ...(lesson ? { lesson } : {}) };
}

/** Summarise one unit's test modules the way the CLI shows it: counts and the first failure. */
export function summarise(modules: TestModule[]): UnitResult {
  let passedTests = 0;
  let totalTests = 0;
  let firstFailure: UnitResult['firstFailure'];
  for (const module of modules) {
    const loadError = module.errors()[0];
    if (loadError && !firstFailure) firstFailure = failureOf(`loading ${module.relativeModuleId}`, loadError);
    for (const test of module.children.allTests()) {
      totalTests += 1;
      const result = test.result();
      if (result.state === 'passed') passedTests += 1;
      else if (result.state === 'failed' && !firstFailure) firstFailure = failureOf(test.fullName, result.errors?.[0]);
    }
  }
  if (totalTests === 0 && !firstFailure) firstFailure = { test: 'collecting tests', message: 'no public tests were found for this unit' };
  return { passed: !firstFailure && passedTests === totalTests && totalTests > 0, passedTests, totalTests, firstFailure };
}

/** Every test of the modules, with the message of each failure. */
export function testLines(modules: TestModule[]): TestLine[] {
  const lines: TestLine[] = [];
  for (const module of modules) {
    const loadError = module.errors()[0];
    if (loadError) lines.push({ name: `loading ${module.relativeModuleId}`, state: 'failed', message: messageOf(loadError) });
    for (const test of module.children.allTests()) {
      const result = test.result();
      lines.push({ name: test.fullName, state: result.state, ...(result.state === 'failed' ? { message: messageOf(result.errors?.[0]) } : {}) });
    }
  }
  return lines;
}

/** One kind line: which unit, what happened, the likely cause. */
export function deathMessage(unit: Unit, death: Death, timeoutMs: number): string {
  const where = `Unit ${unit.number} (${unit.slug})`;
  switch (death.cause) {
    case 'memory':
      return `${where} used up the ${HEAP_LIMIT_MB} MB its tests may use, and was stopped: most likely a loop that never ends while it adds to an array or a string (a forgotten i++?).`;
    case 'array-size':
      return `${where} made an array larger than JavaScript allows, and was stopped: most likely a loop that never ends while it pushes to an array (a forgotten i++?).`;
    case 'timeout':
      return `${where} did not finish within ${timeoutMs / 1000} s, and was stopped: most likely an infinite loop (a condition that never becomes false, a counter that never moves).`;
    default:
      return `${where} stopped the process running its tests (${death.how}): most likely unbounded recursion or allocation in your code; the other units are unaffected.`;
  }
}

/** How long a child may take to start before the time limit starts counting anyway (ms). */
const STARTUP_ALLOWANCE_MS = 60_000;

export class UnitRunner {
  private consoleOutput: string[] = [];
  private lastProgress: number | undefined;

  /** A test file started or a test finished: the run is alive. */
  progressed(): void {
    this.lastProgress = performance.now();
  }

  private constructor(
    private readonly vitest: Vitest,
    private readonly timeoutMs: number,
    private readonly pool: CoursePool,
  ) {}

  static async create(
    root: string,
    { timeoutMs = Number(process.env.COURSE_RUN_TIMEOUT_MS) || 30_000, loadVitest = () => import('vitest/node'), prewarm = false, impl = 'exercises', reporters = [], outputFile }: RunnerOptions = {},
  ): Promise<UnitRunner> {
    process.env.COURSE_IMPL = impl;
    process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true';
    let runner: UnitRunner | undefined;
    const collector: Reporter = {
      onUserConsoleLog: (log) => {
        runner?.consoleOutput.push(log.content.trimEnd());
      },
      // The time limit counts from the last sign of progress, so ten slow units on a busy machine
      // are not mistaken for one infinite loop.
      onTestModuleQueued: () => runner?.progressed(),
      onTestModuleCollected: () => runner?.progressed(),
      onTestCaseResult: () => runner?.progressed(),
    };
    // Imported on first use: vitest is heavy, and most commands find every result in the cache.
    const { createVitest } = await loadVitest();
    const pool = courseForks({ prewarm });
    const vitest = await createVitest(
      'test',
      {
        root,
        config: join(root, 'vitest.config.ts'),
        project: ['public'],
        watch: false,
        reporters: [collector, ...reporters],
        ...(outputFile && Object.keys(outputFile).length > 0 ? { outputFile } : {}),
        // A child process with a heap limit (pool.ts), without per-file isolation; changed files are
        // invalidated explicitly (see invalidate()). With prewarm, the next child starts in advance.
        pool,
        isolate: false,
      },
      {},
      { stdout: sink(), stderr: sink() },
    );
    // vitest.start() would call onInit; runTestSpecifications does not, and a report like json needs it.
    if (reporters.length > 0) for (const reporter of (vitest as unknown as { reporters: Reporter[] }).reporters) reporter.onInit?.(vitest);
    runner = new UnitRunner(vitest, timeoutMs, pool);
    return runner;
  }

  /** Tell vitest a file changed, so the next run re-imports it and everything that imports it. */
  invalidate(file: string): void {
    this.vitest.invalidateFile(file);
  }

  async run(units: Unit[]): Promise<RunReport> {
    const started = performance.now();
    this.consoleOutput = [];
    const results = new Map<string, UnitResult>();
    const tests = new Map<string, TestLine[]>();
    await this.runInto(units, results, tests);
    return { results, tests, consoleOutput: this.consoleOutput, ms: performance.now() - started };
  }

  /**
   * Run `units` in one go. When the child running them dies (out of memory, an array too large, a
   * run over the time limit: see pool.ts), the unit it was in is given that as its result, the
   * units that had finished keep theirs, and the ones that never started are run again.
   */
  private async runInto(units: Unit[], results: Map<string, UnitResult>, tests: Map<string, TestLine[]>): Promise<void> {
    const specs = await this.vitest.globTestSpecifications(units.map((u) => `${u.paths.exerciseDir}/`));
    const mine = specs.filter((s) => units.some((u) => inUnit(s.moduleId, u)));
    const deathsBefore = this.pool.record.deaths.length;
    // The clock starts when a child has picked up a test file (learner code runs only after that),
    // so a slow start on a busy machine is not counted; a start that never comes is capped anyway.
    this.lastProgress = undefined;
    const runStarted = performance.now();
    const timer = setInterval(() => {
      const idle = this.lastProgress === undefined ? performance.now() - runStarted - STARTUP_ALLOWANCE_MS : performance.now() - this.lastProgress;
      if (idle > this.timeoutMs) this.pool.killActive('timeout');
    }, Math.min(1_000, this.timeoutMs / 4));
    let modules: readonly TestModule[];
    let unhandled: readonly { message?: string }[];
    try {
      const run = mine.length > 0 ? await this.vitest.runTestSpecifications(mine) : { testModules: [], unhandledErrors: [] };
      modules = run.testModules;
      unhandled = run.unhandledErrors as { message?: string }[];
    } finally {
      clearInterval(timer);
    }
    const death = this.pool.record.deaths.slice(deathsBefore)[0];
    if (death) await Promise.race([death.settled, new Promise((r) => setTimeout(r, 2_000).unref())]);
    // The pool's own "worker emitted error" is the death, reported below in the learner's terms.
    if (death) unhandled = unhandled.filter((e) => !/vitest-pool|Worker .* (exited|emitted)|Channel closed/i.test(e.message ?? ''));
    const modulesOf = (unit: Unit) => modules.filter((m) => inUnit(m.moduleId, unit));
    const unfinished = (unit: Unit) => {
      const own = modulesOf(unit);
      return own.length === 0 || own.some((m) => m.state() === 'pending' || m.state() === 'queued' || [...m.children.allTests()].some((t) => t.result().state === 'pending'));
    };
    let victims: Unit[] = [];
    let rerun: Unit[] = [];
    if (death) {
      const started = units.filter((u) => modulesOf(u).length > 0 && unfinished(u));
      victims = started.length > 0 ? started : units.length === 1 ? units : [];
      rerun = units.filter((u) => !victims.includes(u) && modulesOf(u).length === 0);
      if (victims.length === 0 && rerun.length === units.length) {
        // Nothing to tell who it was: run the units one by one, so the next death names its unit.
        for (const unit of units) await this.runInto([unit], results, tests);
        return;
      }
    }
    for (const unit of units) {
      if (rerun.includes(unit)) continue;
      if (victims.includes(unit)) {
        const message = deathMessage(unit, death!, this.timeoutMs);
        const own = modulesOf(unit).flatMap((m) => [...m.children.allTests()]);
        results.set(unit.slug, { passed: false, passedTests: 0, totalTests: own.length, firstFailure: { test: 'running the tests', message }, problem: { kind: death!.cause, message } });
        tests.set(unit.slug, []);
        continue;
      }
      const result = summarise(modulesOf(unit));
      if (unhandled.length > 0 && result.passed) {
        result.passed = false;
        result.firstFailure = failureOf('an error outside the tests', unhandled[0]);
      }
      results.set(unit.slug, result);
      tests.set(unit.slug, testLines(modulesOf(unit)));
    }
    if (rerun.length > 0) await this.runInto(rerun, results, tests);
  }

  async close(): Promise<void> {
    this.pool.dropSpare();
    await this.vitest.close();
  }

  /**
   * Stop now (the learner quit while their code spins): kill the child running the tests, so
   * nothing waits for a loop that never ends, then close, giving up after a few seconds.
   */
  async abort(): Promise<void> {
    this.pool.killActive('timeout');
    this.pool.dropSpare();
    // A ref'd timer on purpose: when vitest.close() never settles, an unref'd one let the event loop
    // drain and the process exit early with the exitCode vitest had set (1), before the caller's exit.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.vitest.close(), new Promise((resolve) => (timer = setTimeout(resolve, 3_000)))]).catch(() => {});
    clearTimeout(timer);
  }
}
