/**
 * What the course remembers between runs, in `.course/progress.json` (never committed): each unit's
 * last test result with the fingerprint of the files it was computed from, and how many hints were
 * shown. Results are a cache of the public tests, so a lost or corrupt file costs a re-run, not
 * progress; it is set aside with a warning instead of crashing the CLI.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../course/atomic';

export interface UnitResult {
  /** every public test of the unit passed (and there was at least one) */
  passed: boolean;
  passedTests: number;
  totalTests: number;
  /** the first failure, as the learner sees it (test name, then the message), with the lesson to reread (`<slug>#<anchor>`) when it was a course Feedback */
  firstFailure?: { test: string; message: string; lesson?: string };
  /**
   * What makes the grader give the unit 0 whatever its tests say (type errors, a forbidden import,
   * code that does not compile), or what stopped the run (memory, time): see verdict.ts and runner.ts.
   */
  problem?: { kind: string; message: string };
}

export interface UnitRecord {
  /** the fingerprint of the files `result` was computed from (see fingerprint.ts) */
  fingerprint?: string;
  result?: UnitResult;
  checkedAt?: string;
  /** first time the unit passed (kept even if it later breaks) */
  firstPassedAt?: string;
  hintsShown: number;
}

export interface ProgressData {
  version: 1;
  units: Record<string, UnitRecord>;
}

export function progressPath(root: string): string {
  return join(root, '.course', 'progress.json');
}

function emptyProgress(): ProgressData {
  return { version: 1, units: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Accept only what we wrote; anything else in a unit record is dropped, field by field. */
function cleanRecord(raw: unknown): UnitRecord {
  const record: UnitRecord = { hintsShown: 0 };
  if (!isRecord(raw)) return record;
  if (Number.isInteger(raw.hintsShown) && (raw.hintsShown as number) >= 0) record.hintsShown = raw.hintsShown as number;
  if (typeof raw.firstPassedAt === 'string') record.firstPassedAt = raw.firstPassedAt;
  const result = raw.result;
  if (typeof raw.fingerprint === 'string' && isRecord(result) && typeof result.passed === 'boolean') {
    record.fingerprint = raw.fingerprint;
    record.checkedAt = typeof raw.checkedAt === 'string' ? raw.checkedAt : undefined;
    record.result = {
      passed: result.passed,
      passedTests: Number(result.passedTests) || 0,
      totalTests: Number(result.totalTests) || 0,
      firstFailure:
        isRecord(result.firstFailure) && typeof result.firstFailure.message === 'string'
          ? { test: String(result.firstFailure.test ?? ''), message: result.firstFailure.message, ...(typeof result.firstFailure.lesson === 'string' ? { lesson: result.firstFailure.lesson } : {}) }
          : undefined,
      problem:
        isRecord(result.problem) && typeof result.problem.kind === 'string' && typeof result.problem.message === 'string'
          ? { kind: result.problem.kind, message: result.problem.message }
          : undefined,
    };
  }
  return record;
}

export class ProgressStore {
  private constructor(
    readonly path: string,
    private data: ProgressData,
  ) {}

  /**
   * Load the progress file. A missing file is a fresh start; an unreadable one is renamed to
   * `progress.json.corrupt` and reported through `warn`, and the course starts afresh.
   */
  static load(root: string, warn: (message: string) => void = () => {}): ProgressStore {
    const path = progressPath(root);
    if (!existsSync(path)) return new ProgressStore(path, emptyProgress());
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
      if (!isRecord(parsed) || parsed.version !== 1 || !isRecord(parsed.units)) throw new Error('not a progress file this version of the course wrote');
    } catch (error) {
      const aside = `${path}.corrupt`;
      try {
        renameSync(path, aside);
      } catch {
        // unreadable and unmovable: it will simply be overwritten on the next save
      }
      warn(
        `Warning: .course/progress.json could not be read (${(error as Error).message}); starting with fresh progress. ` +
          `Test results are recomputed; hint counts restart. The old file is kept as .course/progress.json.corrupt.`,
      );
      return new ProgressStore(path, emptyProgress());
    }
    const units: Record<string, UnitRecord> = {};
    for (const [slug, raw] of Object.entries(parsed.units as Record<string, unknown>)) units[slug] = cleanRecord(raw);
    return new ProgressStore(path, { version: 1, units });
  }

  unit(slug: string): UnitRecord {
    return (this.data.units[slug] ??= { hintsShown: 0 });
  }

  /** The stored result, only if it was computed from files with this fingerprint. */
  freshResult(slug: string, fingerprint: string): UnitResult | undefined {
    const record = this.data.units[slug];
    return record?.fingerprint === fingerprint ? record.result : undefined;
  }

  /** Whatever result was stored last, fresh or not. */
  lastResult(slug: string): UnitResult | undefined {
    return this.data.units[slug]?.result;
  }

  recordResult(slug: string, fingerprint: string, result: UnitResult, now = new Date()): void {
    const record = this.unit(slug);
    record.fingerprint = fingerprint;
    record.result = result;
    record.checkedAt = now.toISOString();
    if (result.passed && !record.firstPassedAt) record.firstPassedAt = now.toISOString();
  }

  /** Forget the stored result (after a reset), keeping the hint count. */
  forgetResult(slug: string): void {
    const record = this.unit(slug);
    delete record.fingerprint;
    delete record.result;
    delete record.checkedAt;
  }

  setHintsShown(slug: string, count: number): void {
    this.unit(slug).hintsShown = count;
  }

  save(): void {
    // A crash mid-write never leaves half a file behind.
    writeFileAtomic(this.path, `${JSON.stringify(this.data, null, 2)}\n`);
  }

  snapshot(): ProgressData {
    return structuredClone(this.data);
  }
}
