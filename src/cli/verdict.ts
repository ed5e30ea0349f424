/**
 * The part of the grader's verdict that is not a test: whether the unit compiles, imports only what
 * graded code may import, and type-checks. The grader scores a unit 0 on any of these whatever its
 * checks say, so the learner's tools (`npm test`, `npm run course`, watch, `course check`) run the
 * very same code (src/course/bundle.ts, src/course/typecheck.ts) and call a unit "passed" only
 * when its public tests pass and none of these is found.
 *
 * TypeScript stays warm in a worker thread between checks (course watch): the first check pays
 * its start (about a second), the next ones tens of milliseconds.
 */
import { join, relative, sep } from 'node:path';
import { bundleUnit, forbiddenPackage } from '../course/bundle';
import { describeDiagnostic, TypeChecker } from '../course/typecheck';
import type { Unit } from '../course/course';
import type { UnitResult } from './progress';

export interface Problem {
  kind: string;
  message: string;
}

/** Short names for the table and the one-line summary, as the grader's report says them. */
export const PROBLEM_LABEL: Record<string, string> = {
  missing: 'file missing',
  build: 'does not compile',
  forbidden: 'import not allowed',
  types: 'type errors',
  memory: 'out of memory',
  'array-size': 'array too large',
  timeout: 'time limit',
  crash: 'crashed',
};

export function problemLabel(kind: string): string {
  return PROBLEM_LABEL[kind] ?? kind;
}

export class StaticChecks {
  private checker: TypeChecker | undefined;

  constructor(private readonly root: string) {}

  private typeChecker(): TypeChecker {
    return (this.checker ??= new TypeChecker({ root: this.root, lib: join(this.root, 'lib') }));
  }

  /** Start TypeScript now, so its start overlaps the first test run. */
  warm(): void {
    this.typeChecker().warm();
  }

  /** What would make the grader give `unit` 0 before any check runs, or undefined. */
  async check(unit: Unit): Promise<Problem | undefined> {
    const exercises = join(this.root, 'exercises');
    const build = await bundleUnit(this.root, unit.slug, { within: exercises, lib: join(this.root, 'lib') });
    if (!build.ok) return { kind: build.kind, message: `${unit.exerciseDir}: ${build.message}` };
    const refused = forbiddenPackage(build);
    if (refused) return { kind: 'forbidden', message: `${unit.paths.stub} ${refused}.` };
    const files = build.inputs.map((p) => join(this.root, p));
    const report = await this.typeChecker().check(files.slice(0, 1), exercises + sep);
    if ('gaveUp' in report) return undefined; // TypeScript could not run: the tests still say what they say
    const own = new Set(files);
    const lines = report.diagnostics.filter((d) => own.has(d.file)).map((d) => `${relative(this.root, d.file).split(sep).join('/')}:${describeDiagnostic(d)}`);
    if (lines.length === 0) return undefined;
    const shown = lines.slice(0, 5).join('\n');
    const more = lines.length > 5 ? `\n(and ${lines.length - 5} more)` : '';
    return { kind: 'types', message: `Type errors, so the grader gives this unit 0 however its tests do (npm run typecheck shows them too):\n${shown}${more}` };
  }

  async close(): Promise<void> {
    await this.checker?.close();
  }
}

/**
 * The unit's result with the static problem folded in: not passed, and the problem shown first,
 * because it decides the grade whatever the tests say. A problem that stopped the run itself
 * (memory, time) is already in the result and stays.
 */
export function judge(result: UnitResult, problem: Problem | undefined): UnitResult {
  if (!problem || result.problem) return result;
  return { ...result, passed: false, problem, firstFailure: { test: problemLabel(problem.kind), message: problem.message } };
}
