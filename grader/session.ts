/**
 * A grading session: one class graded with one set of bundled suites, and the resources that takes.
 * It owns the result cache and the oracle table, and makes the sandbox pool, the type checker and
 * the scratch folder when a submission first needs them (a class answered from the cache starts
 * none); `close()` releases them once, whether grading finished or failed. What a unit scores is
 * decided by the pure decideOutcome (outcome.ts) from the facts gathered here.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { repoRoot } from '../src/course/paths';
import type { Unit } from '../src/course/course';
import { bundleHarness, bundleSuite, bundleUnit, readMathjsBundle, type UnitBuild } from './build';
import { ResultCache, cacheKey, readCheckedStrings, sha256, writeChecked } from './cache';
import type { Submission } from './discover';
import { type ClassResult, DEFAULTS, type GradeOptions, GradeError, GradingStopped, type StudentResult } from './grade-types';
import { decideOutcome, type UnitFacts, type UnitOutcome } from './outcome';
import { OracleStore } from './oracle/store';
import { SandboxPool, type JobOutcome } from './sandbox/pool';
import { makeScratchBase } from './scratch-base';
import { readSubmission, type Snapshot, unitHash, writeScratch } from './scratch';
import { graderSources, hashSources } from './sources';
import { TypeChecker, UnitTypeErrors } from './typecheck';

export interface Limits {
  timeoutMs: number;
  memoryMb: number;
  outputLimit: number;
}

/** What every result of the session depends on besides the learners' files. */
export interface Artifacts {
  harness: string;
  mathjs: string;
  suites: Record<string, string>;
  suiteHash: Record<string, string>;
  /** the harness, the grader's own files (sources.ts), the lockfile, the compiler settings, Node and the limits */
  environment: string;
}

/** Bundle the harness and the suites and hash what results depend on. `plugins` run first in both bundles (a test changes a file as it is read). */
export async function prepareArtifacts(units: Unit[], limits: Limits, plugins: Plugin[] = []): Promise<Artifacts> {
  const [harness, sources, ...suiteCode] = await Promise.all([bundleHarness(plugins), graderSources(), ...units.map((u) => bundleSuite(u.slug, plugins))]);
  const suites: Record<string, string> = {};
  const suiteHash: Record<string, string> = {};
  units.forEach((u, i) => {
    suites[u.slug] = suiteCode[i]!;
    suiteHash[u.slug] = sha256(suiteCode[i]!);
  });
  const lockfile = join(repoRoot, 'package-lock.json');
  const environment = sha256(
    harness,
    hashSources(sources),
    existsSync(lockfile) ? readFileSync(lockfile) : 'no lockfile',
    readFileSync(join(repoRoot, 'tsconfig.json')),
    process.version,
    JSON.stringify(limits),
  );
  return { harness, mathjs: readMathjsBundle(), suites, suiteHash, environment };
}

/**
 * `fn` over `items`, at most `limit` at a time. After a failure no new item starts; the running
 * ones are waited for (so nothing is still using the session when it closes), then the first
 * failure is thrown.
 */
async function mapLimit<T>(items: T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        await fn(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  });
  await Promise.all(runners);
  if (failure) throw failure.error;
}

export class GradingSession {
  /** per unit slug, its checks' names (filled by loadNames) */
  readonly checkNames: Record<string, string[]> = {};
  readonly jobs: number;
  private readonly cache?: ResultCache;
  private readonly oracle: OracleStore;
  private readonly oracleLoaded: number;
  private readonly typeErrors: UnitTypeErrors;
  private readonly sandboxOracle = { hits: 0, computed: 0, computeMs: 0 };
  private gradedUnits = 0;
  private pool?: SandboxPool;
  private checker?: TypeChecker;
  private scratchBase?: string;
  private names?: Promise<void>;
  private closing?: Promise<void>;
  /**
   * Units whose cache key is already being run (the same files, suite and engine) wait for that run
   * instead of starting another: a class of mostly identical unit-12 folders trains its nets once.
   */
  private readonly running = new Map<string, Promise<JobOutcome>>();

  private constructor(
    readonly units: Unit[],
    private readonly artifacts: Artifacts,
    private readonly limits: Limits,
    private readonly options: Pick<GradeOptions, 'jobs' | 'cacheDir' | 'oracleDir' | 'oracle'>,
  ) {
    this.jobs = Math.max(1, options.jobs ?? availableParallelism());
    this.cache = options.cacheDir ? new ResultCache(options.cacheDir) : undefined;
    this.oracle = new OracleStore({ dir: options.oracleDir ?? options.cacheDir, enabled: options.oracle ?? true, suites: artifacts.suites, mathjs: artifacts.mathjs, harness: artifacts.harness });
    this.oracleLoaded = this.oracle.entryCount();
    this.typeErrors = new UnitTypeErrors(() => this.typeChecker(), artifacts.environment, options.cacheDir);
  }

  /** Bundle the harness and the units' suites and hash what the results depend on; nothing is started yet. */
  static async open(options: Pick<GradeOptions, 'units' | 'jobs' | 'timeoutMs' | 'memoryMb' | 'outputLimit' | 'cacheDir' | 'oracleDir' | 'oracle'>): Promise<GradingSession> {
    const limits: Limits = {
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      memoryMb: options.memoryMb ?? DEFAULTS.memoryMb,
      outputLimit: options.outputLimit ?? DEFAULTS.outputLimit,
    };
    return new GradingSession(options.units, await prepareArtifacts(options.units, limits), limits, options);
  }

  private ensureOpen(): void {
    if (this.closing) throw new Error('the grading session is closed');
  }

  private sandboxes(): SandboxPool {
    this.ensureOpen();
    this.pool ??= new SandboxPool({
      size: this.jobs,
      timeoutMs: this.limits.timeoutMs,
      memoryMb: this.limits.memoryMb,
      init: { harness: this.artifacts.harness, mathjs: this.artifacts.mathjs, suites: this.artifacts.suites, outputLimit: this.limits.outputLimit },
      oracle: this.oracle,
    });
    return this.pool;
  }

  private typeChecker(): TypeChecker {
    this.ensureOpen();
    if (!this.checker) {
      this.checker = new TypeChecker();
      this.checker.warm();
    }
    return this.checker;
  }

  private scratchFolder(index: number): string {
    this.ensureOpen();
    this.scratchBase ??= makeScratchBase();
    return join(this.scratchBase, String(index));
  }

  private namesFile(slug: string): string {
    return join(this.options.cacheDir!, 'suites', `${this.artifacts.suiteHash[slug]}.json`);
  }

  /** The names of each unit's checks: from the cache when known, else from a sandbox (which also validates the suites). */
  loadNames(): Promise<void> {
    this.names ??= (async () => {
      const missing = this.units.filter((u) => {
        if (!this.cache) return true;
        const names = readCheckedStrings(this.namesFile(u.slug), this.artifacts.suiteHash[u.slug]!);
        if (!names) return true; // absent or damaged
        this.checkNames[u.slug] = names;
        return false;
      });
      if (missing.length === 0) return;
      const ready = await this.sandboxes().describeSuites();
      const broken = Object.entries(ready.suiteErrors).filter(([slug]) => this.units.some((u) => u.slug === slug));
      if (broken.length > 0) throw new GradeError(`the hidden suite of ${broken[0]![0]} does not load: ${broken[0]![1]}`);
      for (const u of missing) {
        this.checkNames[u.slug] = ready.checkNames[u.slug] ?? [];
        if (this.cache) writeChecked(this.namesFile(u.slug), this.artifacts.suiteHash[u.slug]!, this.checkNames[u.slug]);
      }
    })();
    return this.names;
  }

  /** Grade `submissions`, several at a time; `onStudent` hears of each as it is done. In the submissions' order. */
  async gradeAll(submissions: Submission[], onStudent?: GradeOptions['onStudent']): Promise<StudentResult[]> {
    const results: StudentResult[] = new Array(submissions.length);
    let done = 0;
    await mapLimit(submissions, this.jobs * 3 + 2, async (submission, index) => {
      if (this.stopped) throw new GradingStopped('grading was stopped');
      const result = await this.gradeSubmission(submission, index);
      results[index] = result;
      done++;
      onStudent?.(result, done, submissions.length);
    });
    await this.loadNames();
    return results;
  }

  /** One learner: what the cache knows, and the rest graded. `index` names its scratch folder (unique in the session). */
  async gradeSubmission(submission: Submission, index: number): Promise<StudentResult> {
    const read = readSubmission(submission);
    const base: StudentResult = { student: submission.student, source: submission.path, ...(submission.identity ? { identity: submission.identity } : {}), notes: [], units: [], ms: 0, cached: 0 };
    if (!read.ok) {
      await this.loadNames();
      const facts: UnitFacts = { stage: 'read', student: submission.student, reason: read.reason };
      return { ...base, unusable: read.reason, units: this.units.map((u) => decideOutcome(u.slug, this.checkNames[u.slug]!, facts)) };
    }
    const { snapshot } = read;
    const keys = new Map(this.units.map((u) => [u.slug, cacheKey({ submission: unitHash(snapshot, u.slug), unit: u.slug, suite: this.artifacts.suiteHash[u.slug]!, environment: this.artifacts.environment })]));
    const outcomes = new Map<string, UnitOutcome>();
    for (const u of this.units) {
      const hit = this.cache?.get(keys.get(u.slug)!);
      if (hit) outcomes.set(u.slug, hit);
    }
    const cached = outcomes.size;
    const todo = this.units.filter((u) => !outcomes.has(u.slug));
    if (todo.length > 0) {
      const fresh = await this.gradeUnits(snapshot, todo, keys, index);
      // A unit cut short by stop() scored what the kill made of it: neither kept nor cached.
      if (this.stopped) throw new GradingStopped('grading was stopped');
      for (const outcome of fresh.outcomes) {
        outcomes.set(outcome.slug, outcome);
        this.cache?.put(keys.get(outcome.slug)!, outcome);
      }
      if (fresh.note) base.notes.push(fresh.note);
    }
    const units = this.units.map((u) => outcomes.get(u.slug)!);
    return { ...base, foundAt: snapshot.foundAt, notes: [...snapshot.notes, ...base.notes], units, ms: units.reduce((s, o) => s + o.ms, 0), cached };
  }

  /** Bundle, type check and run `todo` of one submission, in a scratch copy removed afterwards. */
  private async gradeUnits(snapshot: Snapshot, todo: Unit[], keys: Map<string, string>, index: number): Promise<{ outcomes: UnitOutcome[]; note?: string }> {
    const runner = this.sandboxes();
    const root = writeScratch(snapshot, this.scratchFolder(index));
    try {
      const builds = new Map<string, UnitBuild>();
      await Promise.all(todo.map(async (u) => builds.set(u.slug, await bundleUnit(root, u.slug))));
      const typeReport = this.typeErrors.check(root, builds);
      const runs = new Map<string, Promise<JobOutcome>>();
      for (const u of todo) {
        const build = builds.get(u.slug)!;
        if (!build.ok) continue;
        const key = keys.get(u.slug)!;
        const job = this.running.get(key) ?? runner.run(u.slug, build.code);
        this.running.set(key, job);
        runs.set(u.slug, job);
      }
      await this.loadNames();
      const types = await typeReport;
      const outcomes: UnitOutcome[] = [];
      for (const u of todo) {
        const build = builds.get(u.slug)!;
        let facts: UnitFacts;
        if (build.ok) {
          const ran = await runs.get(u.slug)!;
          this.count(ran);
          facts = { stage: 'ran', run: ran, typeErrors: types.errors.get(u.slug) };
        } else {
          facts = { stage: 'build', kind: build.kind, message: build.message, links: snapshot.links, readerNotes: snapshot.notes };
        }
        outcomes.push(decideOutcome(u.slug, this.checkNames[u.slug]!, facts));
      }
      return { outcomes, ...(types.note ? { note: types.note } : {}) };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  private count(ran: JobOutcome): void {
    this.gradedUnits++;
    if (!ran.oracle) return;
    this.sandboxOracle.hits += ran.oracle.hits;
    this.sandboxOracle.computed += ran.oracle.computed;
    this.sandboxOracle.computeMs += ran.oracle.computeMs;
  }

  /** Set by stop(): whatever is graded from then on is thrown away. */
  stopped = false;

  /**
   * Stop grading now: kill the sandboxes and the type checker (close()). Submissions in flight then
   * throw GradingStopped instead of scoring what the kill did to them, and none is cached.
   */
  stop(): Promise<void> {
    this.stopped = true;
    this.oracle.abandon();
    return this.close();
  }

  /** Keep the oracle table's new values (result() does it too). */
  saveOracle(): ReturnType<OracleStore['save']> {
    return this.oracle.save();
  }

  /** Stop the sandboxes and the type checker and remove the scratch folder; once, however often it is called. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([this.pool?.close(), this.checker?.close()]);
      if (this.scratchBase) rmSync(this.scratchBase, { recursive: true, force: true });
    })();
    return this.closing;
  }

  /** The class's result, after close(): the oracle table is saved with what the last jobs reported. */
  async result(students: StudentResult[], started: number): Promise<ClassResult> {
    // Misses reported by the last jobs: the pool hands them over on the next turn of the event loop,
    // and the store computes them in slices.
    await new Promise((resolve) => setImmediate(resolve));
    await this.oracle.settled();
    const saved = this.oracle.save();
    return {
      units: this.units,
      students,
      checkNames: this.checkNames,
      graders: { suites: this.artifacts.suiteHash, environment: this.artifacts.environment },
      stats: {
        wallMs: performance.now() - started,
        gradedUnits: this.gradedUnits,
        cachedUnits: this.cache?.hits ?? 0,
        damagedEntries: this.cache?.corrupt ?? 0,
        sandboxes: this.pool?.started ?? 0,
        typecheckMs: this.checker?.busyMs ?? 0,
        oracle: {
          hits: this.sandboxOracle.hits,
          sandboxComputed: this.sandboxOracle.computed,
          sandboxComputeMs: this.sandboxOracle.computeMs,
          graderComputed: this.oracle.computed,
          graderComputeMs: this.oracle.computeMs,
          entries: this.oracle.entryCount(),
          loaded: this.oracleLoaded,
          damaged: this.oracle.damaged,
          ...(saved.error ? { saveError: saved.error } : {}),
        },
      },
    };
  }
}
