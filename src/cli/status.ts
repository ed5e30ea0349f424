/**
 * Where the learner stands: every unit's public-test result (and the grader's static checks), re-run only for units whose files
 * changed since the stored result (so `npm run course` is instant when nothing changed), and the
 * passed / current / todo classification the table and `course next` show.
 */
import type { Unit } from '../course/course';
import { unitFingerprint } from './fingerprint';
import type { ProgressStore, UnitResult } from './progress';
import type { RunReport, UnitRunner } from './runner';
import { judge, type StaticChecks } from './verdict';

export type Status = 'passed' | 'current' | 'todo';

export interface UnitRow {
  unit: Unit;
  status: Status;
  result?: UnitResult;
  hintsShown: number;
}

/** The current unit is the first, in course order, that does not pass; later ones are todo. */
export function classify(units: Unit[], results: ReadonlyMap<string, UnitResult | undefined>, hintsShown: (slug: string) => number = () => 0): UnitRow[] {
  let currentFound = false;
  return units.map((unit) => {
    const result = results.get(unit.slug);
    let status: Status;
    if (result?.passed) status = 'passed';
    else if (!currentFound) {
      status = 'current';
      currentFound = true;
    } else status = 'todo';
    return { unit, status, result, hintsShown: hintsShown(unit.slug) };
  });
}

export function currentUnit(rows: UnitRow[]): Unit | undefined {
  return rows.find((r) => r.status === 'current')?.unit;
}

export interface CheckOptions {
  /** re-run these units even if their stored result is fresh */
  force?: string[];
}

/**
 * Run the public tests of `units` and, at the same time, the grader's static checks (compile,
 * imports, types: verdict.ts), and fold the two into one result per unit.
 */
export async function runAndJudge(runner: UnitRunner, checks: StaticChecks, units: Unit[]): Promise<RunReport> {
  const [report, problems] = await Promise.all([runner.run(units), Promise.all(units.map((u) => checks.check(u)))]);
  units.forEach((unit, i) => report.results.set(unit.slug, judge(report.results.get(unit.slug)!, problems[i])));
  return report;
}

/**
 * Bring every unit's result up to date and save it. The runner is only created when some unit
 * needs running, so a check with nothing changed costs no vitest start-up.
 */
export async function checkUnits(
  root: string,
  units: Unit[],
  store: ProgressStore,
  runner: () => Promise<UnitRunner>,
  checks: () => StaticChecks,
  { force = [] }: CheckOptions = {},
): Promise<{ rows: UnitRow[]; ran: string[]; consoleOutput: string[] }> {
  const fingerprints = new Map(units.map((u) => [u.slug, unitFingerprint(root, u)]));
  const results = new Map<string, UnitResult | undefined>();
  const stale: Unit[] = [];
  for (const unit of units) {
    const fresh = force.includes(unit.slug) ? undefined : store.freshResult(unit.slug, fingerprints.get(unit.slug)!);
    if (fresh) results.set(unit.slug, fresh);
    else stale.push(unit);
  }
  let consoleOutput: string[] = [];
  if (stale.length > 0) {
    const report = await runAndJudge(await runner(), checks(), stale);
    consoleOutput = report.consoleOutput;
    for (const unit of stale) {
      const result = report.results.get(unit.slug)!;
      store.recordResult(unit.slug, fingerprints.get(unit.slug)!, result);
      results.set(unit.slug, result);
    }
    store.save();
  }
  return { rows: classify(units, results, (slug) => store.unit(slug).hintsShown), ran: stale.map((u) => u.slug), consoleOutput };
}
