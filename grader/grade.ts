/**
 * Grading a class: discover the submissions, read each into a scratch copy, answer what the cache
 * knows, and for the rest bundle each unit, type check it (in a thread) and run its hidden checks in
 * the sandbox pool, all at once. A unit that does not compile, does something forbidden or hits a
 * limit scores 0 with the reason; a unit with type errors too. The reports are written by the caller from
 * the ClassResult this returns; `onStudent` hears about each submission as soon as it is done.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../src/course/paths';
import type { Unit } from '../src/course/course';
import { bundleHarness, bundleSuite, bundleUnit, readMathjsBundle, suiteFile, type UnitBuild } from './build';
import { ResultCache, cacheKey, readCheckedStrings, sha256, writeChecked } from './cache';
import { makeScratchBase, sweepStaleScratch } from './scratch-base';
import { discover, type Submission } from './discover';
import type { Identity } from './ingest/identity';
import type { LateOutcome } from './late';
import { allFailed, type Problem, type UnitOutcome } from './outcome';
import { OracleStore } from './oracle/store';
import { SandboxPool, type JobOutcome } from './sandbox/pool';
import { readSubmission, type Snapshot, unitHash, writeScratch } from './scratch';
import { TypeChecker, UnitTypeErrors } from './typecheck';

export interface GradeOptions {
  submissionsDir: string;
  /** the learners, when the caller has listed them already (grader/ingest/layouts.ts); default: discover(submissionsDir) */
  submissions?: Submission[];
  /** the units to grade, in course order; each must have a hidden suite */
  units: Unit[];
  /** grade only these learners (by name) */
  students?: string[];
  /** sandbox processes; default: one per core */
  jobs?: number;
  /** per unit */
  timeoutMs?: number;
  memoryMb?: number;
  /** bytes of a unit's console output kept */
  outputLimit?: number;
  /** where cached results live; none: grade everything */
  cacheDir?: string;
  /** where the oracle tables live (default: cacheDir); they survive --no-cache, since they cannot change a grade */
  oracleDir?: string;
  /** false: compute every expected value for every learner, as the checks are written (`--no-oracle`) */
  oracle?: boolean;
  onStart?: (total: number) => void;
  onStudent?: (result: StudentResult, done: number, total: number) => void;
}

export interface StudentResult {
  student: string;
  /** the folder or zip it came from */
  source: string;
  /** who it belongs to, when the export or the roster says */
  identity?: Identity;
  /** set by the caller from the late policy before the reports are written (grader/late.ts) */
  late?: LateOutcome;
  /** why nothing could be graded */
  unusable?: string;
  /** where exercises/ was found, relative to the submission */
  foundAt?: string;
  notes: string[];
  /** one per graded unit, in course order */
  units: UnitOutcome[];
  /** time spent grading it (cached units count the time they took when graded) */
  ms: number;
  /** units answered from the cache */
  cached: number;
}

export interface ClassResult {
  units: Unit[];
  students: StudentResult[];
  /** per unit slug, its checks' names */
  checkNames: Record<string, string[]>;
  stats: { wallMs: number; gradedUnits: number; cachedUnits: number; damagedEntries: number; sandboxes: number; typecheckMs: number; oracle?: OracleStats };
  /** what the results depend on besides the learners' files: each unit's bundled suite, and the grader (hashes) */
  graders?: { suites: Record<string, string>; environment: string };
}

/** What the oracle tables did in a run (grader/oracle/). */
export interface OracleStats {
  /** expected values answered from the table, in the sandboxes */
  hits: number;
  /** calls the sandboxes computed (misses, and calls that cannot be memoised), and their time, ms */
  sandboxComputed: number;
  sandboxComputeMs: number;
  /** values the grader computed for the table (each once per class), and their time, ms */
  graderComputed: number;
  graderComputeMs: number;
  /** entries per unit at the end, and how many came from the cache */
  entries: number;
  loaded: number;
  damaged: number;
  saveError?: string;
}

export class GradeError extends Error {
  override name = 'GradeError';
}

export const DEFAULTS = { timeoutMs: 10_000, memoryMb: 512, outputLimit: 8_000 };

/** Units whose hidden suite exists; the others are reported by the caller. */
export function unitsWithSuites(units: Unit[]): { graded: Unit[]; withoutSuite: Unit[] } {
  const graded = units.filter((u) => existsSync(suiteFile(u.slug)));
  return { graded, withoutSuite: units.filter((u) => !graded.includes(u)) };
}

/** Files of the grader whose change may change a result (reports and the CLI do not). */
function graderSources(): string[] {
  const dir = join(repoRoot, 'grader');
  const files = ['build.ts', 'discover.ts', 'scratch.ts', 'typecheck.ts', 'grade.ts', 'outcome.ts', 'cache.ts', 'sandbox/pool.ts', 'sandbox/boot.cjs', 'oracle/memo.ts', 'oracle/table.ts', 'oracle/store.ts'];
  // The rules and checkers the grader shares with the learner's tools.
  files.push(...['bundle.ts', 'import-rules.ts', 'typecheck.ts', 'typecheck-thread.mjs'].map((f) => `../src/course/${f}`));
  return files.map((f) => join(dir, f)).filter((f) => existsSync(f));
}

interface Artifacts {
  harness: string;
  mathjs: string;
  suites: Record<string, string>;
  suiteHash: Record<string, string>;
  environment: string;
}

async function prepare(units: Unit[], limits: { timeoutMs: number; memoryMb: number; outputLimit: number }): Promise<Artifacts> {
  const [harness, ...suiteCode] = await Promise.all([bundleHarness(), ...units.map((u) => bundleSuite(u.slug))]);
  const suites: Record<string, string> = {};
  const suiteHash: Record<string, string> = {};
  units.forEach((u, i) => {
    suites[u.slug] = suiteCode[i]!;
    suiteHash[u.slug] = sha256(suiteCode[i]!);
  });
  const lockfile = join(repoRoot, 'package-lock.json');
  const environment = sha256(
    harness,
    ...graderSources().map((f) => readFileSync(f)),
    existsSync(lockfile) ? readFileSync(lockfile) : 'no lockfile',
    readFileSync(join(repoRoot, 'tsconfig.json')),
    process.version,
    JSON.stringify(limits),
  );
  return { harness, mathjs: readMathjsBundle(), suites, suiteHash, environment };
}

function typesProblem(errors: string[]): Problem {
  const shown = errors.slice(0, 5).join('\n');
  const more = errors.length > 5 ? `\n(and ${errors.length - 5} more)` : '';
  return { kind: 'types', message: `does not typecheck (npm run typecheck shows the same):\n${shown}${more}` };
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index]!, index);
    }
  });
  await Promise.all(runners);
}

export async function gradeClass(options: GradeOptions): Promise<ClassResult> {
  const started = performance.now();
  const { units } = options;
  const limits = {
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    memoryMb: options.memoryMb ?? DEFAULTS.memoryMb,
    outputLimit: options.outputLimit ?? DEFAULTS.outputLimit,
  };
  const jobs = Math.max(1, options.jobs ?? availableParallelism());

  let submissions = options.submissions ?? discover(options.submissionsDir);
  if (options.students && options.students.length > 0) {
    const unknown = options.students.filter((w) => !submissions.some((s) => answersTo(s, w)));
    if (unknown.length > 0) {
      const have = submissions.map((s) => s.student);
      throw new GradeError(`no submission named ${unknown.map((u) => `"${u}"`).join(', ')} in ${options.submissionsDir} (have: ${have.slice(0, 10).join(', ')}${have.length > 10 ? ', …' : ''})`);
    }
    submissions = submissions.filter((s) => options.students!.some((w) => answersTo(s, w)));
  }
  options.onStart?.(submissions.length);
  sweepStaleScratch(); // what graders killed earlier left behind, even if this run needs no scratch

  const artifacts = await prepare(units, limits);
  const cache = options.cacheDir ? new ResultCache(options.cacheDir) : undefined;
  const oracle = new OracleStore({ dir: options.oracleDir ?? options.cacheDir, enabled: options.oracle ?? true, suites: artifacts.suites, mathjs: artifacts.mathjs, harness: artifacts.harness });
  const oracleLoaded = oracle.entryCount();
  const sandboxOracle = { hits: 0, computed: 0, computeMs: 0 };
  const namesFile = (slug: string) => join(options.cacheDir!, 'suites', `${artifacts.suiteHash[slug]}.json`);

  let pool: SandboxPool | undefined;
  let checker: TypeChecker | undefined;
  let scratchBase: string | undefined;
  const getPool = (): SandboxPool => {
    pool ??= new SandboxPool({
      size: jobs,
      timeoutMs: limits.timeoutMs,
      memoryMb: limits.memoryMb,
      init: { harness: artifacts.harness, mathjs: artifacts.mathjs, suites: artifacts.suites, outputLimit: limits.outputLimit },
      oracle,
    });
    return pool;
  };
  const getChecker = (): TypeChecker => {
    if (!checker) {
      checker = new TypeChecker();
      checker.warm();
    }
    return checker;
  };
  const typeErrors = new UnitTypeErrors(getChecker, artifacts.environment, options.cacheDir);

  // The names of each unit's checks: from the cache when known, else from a sandbox (which also validates the suites).
  const checkNames: Record<string, string[]> = {};
  let namesPromise: Promise<void> | undefined;
  const loadNames = (): Promise<void> => {
    namesPromise ??= (async () => {
      const missing = units.filter((u) => {
        if (!cache) return true;
        const names = readCheckedStrings(namesFile(u.slug), artifacts.suiteHash[u.slug]!);
        if (!names) return true; // absent or damaged
        checkNames[u.slug] = names;
        return false;
      });
      if (missing.length === 0) return;
      const ready = await getPool().describeSuites();
      const broken = Object.entries(ready.suiteErrors).filter(([slug]) => units.some((u) => u.slug === slug));
      if (broken.length > 0) throw new GradeError(`the hidden suite of ${broken[0]![0]} does not load: ${broken[0]![1]}`);
      for (const u of missing) {
        checkNames[u.slug] = ready.checkNames[u.slug] ?? [];
        if (cache) writeChecked(namesFile(u.slug), artifacts.suiteHash[u.slug]!, checkNames[u.slug]);
      }
    })();
    return namesPromise;
  };

  const results: StudentResult[] = new Array(submissions.length);
  let done = 0;
  let gradedUnits = 0;

  // Units whose cache key is already being run (the same files, suite and engine) wait for that run
  // instead of starting another: a class of mostly identical unit-12 folders trains its nets once.
  const running = new Map<string, Promise<JobOutcome>>();

  const gradeSubmission = async (submission: Submission, index: number): Promise<StudentResult> => {
    const read = readSubmission(submission);
    const base: StudentResult = { student: submission.student, source: submission.path, ...(submission.identity ? { identity: submission.identity } : {}), notes: [], units: [], ms: 0, cached: 0 };
    if (!read.ok) {
      await loadNames();
      const problem: Problem = { kind: 'unusable', message: `${submission.student} cannot be graded: ${read.reason}` };
      return { ...base, unusable: read.reason, units: units.map((u) => ({ slug: u.slug, checks: allFailed(checkNames[u.slug]!, problem), problem, output: '', droppedLines: 0, ms: 0 })) };
    }
    const snapshot: Snapshot = read.snapshot;
    const keys = new Map(units.map((u) => [u.slug, cacheKey({ submission: unitHash(snapshot, u.slug), unit: u.slug, suite: artifacts.suiteHash[u.slug]!, environment: artifacts.environment })]));
    const outcomes = new Map<string, UnitOutcome>();
    for (const u of units) {
      const hit = cache?.get(keys.get(u.slug)!);
      if (hit) outcomes.set(u.slug, hit);
    }
    const cached = outcomes.size;
    const todo = units.filter((u) => !outcomes.has(u.slug));
    if (todo.length > 0) {
      const runner = getPool();
      scratchBase ??= makeScratchBase();
      const root = writeScratch(snapshot, join(scratchBase, String(index)));
      const builds = new Map<string, UnitBuild>();
      await Promise.all(todo.map(async (u) => builds.set(u.slug, await bundleUnit(root, u.slug))));
      const typeReport = typeErrors.check(root, builds);
      const runs = new Map<string, Promise<JobOutcome>>();
      for (const u of todo) {
        const build = builds.get(u.slug)!;
        if (!build.ok) continue;
        const key = keys.get(u.slug)!;
        const job = running.get(key) ?? runner.run(u.slug, build.code);
        running.set(key, job);
        runs.set(u.slug, job);
      }
      await loadNames();
      const types = await typeReport;
      if (types.note) base.notes.push(types.note);
      for (const u of todo) {
        const build = builds.get(u.slug)!;
        const names = checkNames[u.slug]!;
        let outcome: UnitOutcome;
        if (!build.ok) {
          let message = build.message;
          // What the reader left out of this unit's folder (links, files or folders over a limit) explains the failure.
          const leftOut = snapshot.notes.filter((n) => /^(ignored|skipped) /.test(n) && n.includes(`exercises/${u.slug}/`));
          if (build.kind === 'missing' && snapshot.links.includes(`${u.slug}/index.ts`)) {
            message = `exercises/${u.slug}/index.ts is a symbolic link; the grader does not follow links, so submit the file itself`;
          } else if (leftOut.length > 0) {
            message = `${message}\n(the grader ${leftOut.slice(0, 3).join('; ')})`;
          }
          const problem: Problem = { kind: build.kind, message };
          outcome = { slug: u.slug, checks: allFailed(names, problem), problem, output: '', droppedLines: 0, ms: 0 };
        } else {
          const ran = await runs.get(u.slug)!;
          gradedUnits++;
          if (ran.oracle) {
            sandboxOracle.hits += ran.oracle.hits;
            sandboxOracle.computed += ran.oracle.computed;
            sandboxOracle.computeMs += ran.oracle.computeMs;
          }
          const errors = types.errors.get(u.slug);
          // What graded code did (an attack, a limit) outranks its type errors; a module that merely
          // failed to load is most likely explained by them.
          const severe = ran.violation && ran.violation.kind !== 'load' ? ran.violation : undefined;
          const problem: Problem | undefined = severe ?? (errors ? typesProblem(errors) : ran.violation);
          const checks = problem ? allFailed(names, problem) : ran.checks;
          outcome = { slug: u.slug, checks, ...(problem ? { problem } : {}), output: ran.output, droppedLines: ran.droppedLines, ms: Math.round(ran.ms) };
        }
        outcomes.set(u.slug, outcome);
        cache?.put(keys.get(u.slug)!, outcome);
      }
      rmSync(root, { recursive: true, force: true });
    }
    const unitOutcomes = units.map((u) => outcomes.get(u.slug)!);
    return {
      ...base,
      foundAt: snapshot.foundAt,
      notes: [...snapshot.notes, ...base.notes],
      units: unitOutcomes,
      ms: unitOutcomes.reduce((s, o) => s + o.ms, 0),
      cached,
    };
  };

  try {
    await mapLimit(submissions, jobs * 3 + 2, async (submission, index) => {
      const result = await gradeSubmission(submission, index);
      results[index] = result;
      done++;
      options.onStudent?.(result, done, submissions.length);
    });
    await loadNames();
  } finally {
    await Promise.all([(pool as SandboxPool | undefined)?.close(), (checker as TypeChecker | undefined)?.close()]);
    if (scratchBase) rmSync(scratchBase, { recursive: true, force: true });
  }
  // Misses reported by the last jobs are computed on the next turn of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  const saved = oracle.save();
  const p = pool as SandboxPool | undefined;
  const c = checker as TypeChecker | undefined;
  return {
    units,
    students: results,
    checkNames,
    graders: { suites: artifacts.suiteHash, environment: artifacts.environment },
    stats: {
      wallMs: performance.now() - started,
      gradedUnits,
      cachedUnits: cache?.hits ?? 0,
      damagedEntries: cache?.corrupt ?? 0,
      sandboxes: p?.started ?? 0,
      typecheckMs: c?.busyMs ?? 0,
      oracle: {
        hits: sandboxOracle.hits,
        sandboxComputed: sandboxOracle.computed,
        sandboxComputeMs: sandboxOracle.computeMs,
        graderComputed: oracle.computed,
        graderComputeMs: oracle.computeMs,
        entries: oracle.entryCount(),
        loaded: oracleLoaded,
        damaged: oracle.damaged,
        ...(saved.error ? { saveError: saved.error } : {}),
      },
    },
  };
}

/** Whether `--student <wanted>` means this submission: its name, or any submitter's name, id or email (any case). */
export function answersTo(submission: Pick<Submission, 'student' | 'identity'>, wanted: string): boolean {
  if (submission.student === wanted) return true;
  const w = wanted.toLowerCase();
  return submission.student.toLowerCase() === w || (submission.identity?.people ?? []).some((p) => [p.name, p.id, p.email, p.login].some((v) => v !== undefined && v.toLowerCase() === w));
}

/** True when `dir` exists and is a folder. */
export function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
