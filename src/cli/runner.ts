/**
 * Runs the public tests of chosen units in one warm, in-process vitest, so `course watch` re-runs a
 * unit after a save in a few hundred milliseconds (no new process, no config reload, warm workers).
 * Always against the learner's `exercises/`: the CLI is about their code, whatever COURSE_IMPL says.
 */
import { Writable } from 'node:stream';
import { join } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { CourseError, type Unit } from '../course/units';
import { stripAnsi } from './colors';
import { prewarmedThreads } from './pool';
import type { UnitResult } from './progress';

export interface RunReport {
  results: Map<string, UnitResult>;
  /** what the learner's code printed with console.log / console.error during the run */
  consoleOutput: string[];
  ms: number;
}

export type VitestNode = typeof import('vitest/node');

export interface RunnerOptions {
  /** a run taking longer than this is reported as a probable infinite loop (ms) */
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
}

const sink = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

function slugOf(moduleId: string): string | undefined {
  return /\/exercises\/(\d\d-[^/]+)\//.exec(moduleId)?.[1];
}

function messageOf(error: { message?: string; diff?: string } | undefined): string {
  if (!error) return 'failed without an error message';
  // Stored and shown as plain text: transform errors arrive pre-coloured for a terminal.
  const message = stripAnsi(error.message ?? String(error)).trimEnd();
  // vitest's own assertions keep expected/received in `diff`; the course's Feedback has it in the message.
  return error.diff && !message.includes('Reread') ? `${message}\n${stripAnsi(error.diff)}` : message;
}

/** Summarise one unit's test modules the way the CLI shows it: counts and the first failure. */
export function summarise(modules: TestModule[]): UnitResult {
  let passedTests = 0;
  let totalTests = 0;
  let firstFailure: UnitResult['firstFailure'];
  for (const module of modules) {
    const loadError = module.errors()[0];
    if (loadError && !firstFailure) firstFailure = { test: `loading ${module.relativeModuleId}`, message: messageOf(loadError) };
    for (const test of module.children.allTests()) {
      totalTests += 1;
      const result = test.result();
      if (result.state === 'passed') passedTests += 1;
      else if (result.state === 'failed' && !firstFailure) firstFailure = { test: test.fullName, message: messageOf(result.errors?.[0]) };
    }
  }
  if (totalTests === 0 && !firstFailure) firstFailure = { test: 'collecting tests', message: 'no public tests were found for this unit' };
  return { passed: !firstFailure && passedTests === totalTests && totalTests > 0, passedTests, totalTests, firstFailure };
}

export class UnitRunner {
  private consoleOutput: string[] = [];

  private constructor(
    private readonly vitest: Vitest,
    private readonly timeoutMs: number,
  ) {}

  static async create(
    root: string,
    { timeoutMs = Number(process.env.COURSE_RUN_TIMEOUT_MS) || 30_000, loadVitest = () => import('vitest/node'), prewarm = false }: RunnerOptions = {},
  ): Promise<UnitRunner> {
    process.env.COURSE_IMPL = 'exercises';
    process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true';
    let runner: UnitRunner | undefined;
    const collector: Reporter = {
      onUserConsoleLog: (log) => {
        runner?.consoleOutput.push(log.content.trimEnd());
      },
    };
    // Imported on first use: vitest is heavy, and most commands find every result in the cache.
    const { createVitest } = await loadVitest();
    const vitest = await createVitest(
      'test',
      {
        root,
        config: join(root, 'vitest.config.ts'),
        project: ['public'],
        watch: false,
        reporters: [collector],
        // Threads without per-file isolation; changed files are invalidated explicitly (see
        // invalidate()). Every run gets a fresh thread; with prewarm, it was started in advance.
        pool: prewarm ? prewarmedThreads() : 'threads',
        isolate: false,
      },
      {},
      { stdout: sink(), stderr: sink() },
    );
    runner = new UnitRunner(vitest, timeoutMs);
    return runner;
  }

  /** Tell vitest a file changed, so the next run re-imports it and everything that imports it. */
  invalidate(file: string): void {
    this.vitest.invalidateFile(file);
  }

  async run(units: Unit[]): Promise<RunReport> {
    const started = performance.now();
    this.consoleOutput = [];
    const specs = await this.vitest.globTestSpecifications(units.map((u) => `${u.exerciseDir}/`));
    const wanted = new Set(units.map((u) => u.slug));
    const mine = specs.filter((s) => wanted.has(slugOf(s.moduleId) ?? ''));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const names = units.map((u) => u.slug).join(', ');
        reject(new CourseError(`The tests of ${names} did not finish within ${this.timeoutMs / 1000} s. Is there an infinite loop?`));
      }, this.timeoutMs);
    });
    let modules: readonly TestModule[];
    let unhandled: readonly { message?: string }[];
    try {
      const run = mine.length > 0 ? await Promise.race([this.vitest.runTestSpecifications(mine), timeout]) : { testModules: [], unhandledErrors: [] };
      modules = run.testModules;
      unhandled = run.unhandledErrors as { message?: string }[];
    } finally {
      clearTimeout(timer);
    }
    const results = new Map<string, UnitResult>();
    for (const unit of units) {
      const result = summarise(modules.filter((m) => slugOf(m.moduleId) === unit.slug));
      if (unhandled.length > 0 && result.passed) {
        result.passed = false;
        result.firstFailure = { test: 'an error outside the tests', message: messageOf(unhandled[0]) };
      }
      results.set(unit.slug, result);
    }
    return { results, consoleOutput: this.consoleOutput, ms: performance.now() - started };
  }

  async close(): Promise<void> {
    await this.vitest.close();
  }

  /**
   * Give up on a run that never ends (an infinite loop in the learner's code): a second cancel
   * makes vitest terminate its workers at once instead of waiting for them to stop politely.
   */
  async abort(): Promise<void> {
    await Promise.race([
      Promise.allSettled([this.vitest.cancelCurrentRun('keyboard-input'), this.vitest.cancelCurrentRun('keyboard-input')]).then(() => this.vitest.close()),
      new Promise((resolve) => setTimeout(resolve, 5_000).unref()),
    ]).catch(() => {});
  }
}
