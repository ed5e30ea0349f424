/**
 * The class gradebook is the state: `<out>/gradebook.json` holds every learner's result for every
 * unit graded so far. `--student` and `--unit` regrade only those cells and keep everything else,
 * so grades.csv, report.html and each results.json are always written from the whole class.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Unit } from '../src/course/course';
import type { ClassResult, StudentResult } from './grade';
import { allFailed, type UnitOutcome } from './outcome';
import type { Shard } from './shard';

export const GRADEBOOK_FILE = 'gradebook.json';

export interface SavedGradebook {
  note: string;
  version: 1;
  /** what was graded: the submissions folder or zip given on the command line */
  source: string;
  /** unit slugs graded so far, in course order */
  units: string[];
  checkNames: Record<string, string[]>;
  /** the whole class (every learner of the submissions, in every shard), so merge can tell classes apart */
  class?: { fingerprint: string; learners: number };
  /** per unit, the hash of the bundled hidden suite its cells were graded with */
  suites?: Record<string, string>;
  /** the hash of the grader's code, lockfile, Node version and limits of the last run */
  environment?: string;
  /** graded with --shard: which part of the class this is */
  shard?: Shard;
  students: StudentResult[];
}

/** What a gradebook says about how it was made, besides its cells. */
export interface GradebookOrigin {
  class?: SavedGradebook['class'];
  suites?: Record<string, string>;
  environment?: string;
  shard?: Shard;
}

export function readGradebook(outDir: string): SavedGradebook | undefined {
  try {
    const saved = JSON.parse(readFileSync(join(outDir, GRADEBOOK_FILE), 'utf8')) as SavedGradebook;
    return saved && saved.version === 1 && Array.isArray(saved.students) ? saved : undefined;
  } catch {
    return undefined; // none yet (or damaged: a full run writes a new one)
  }
}

/** A cell nobody graded: the learner is kept from an earlier run but was not in this one's folder. */
function notGraded(slug: string, names: string[]): UnitOutcome {
  const problem = { kind: 'missing' as const, message: `not graded: ${slug} was added to the gradebook after this learner left the submissions folder` };
  return { slug, checks: allFailed(names, problem), problem, output: '', droppedLines: 0, ms: 0 };
}

/**
 * The earlier gradebook with this run's cells put in: every learner graded now replaces their
 * graded units; everyone else, and every other unit, stays as it was.
 */
export function mergeGradebook(previous: SavedGradebook | undefined, fresh: ClassResult[], course: Unit[], source: string): { units: Unit[]; students: StudentResult[]; checkNames: Record<string, string[]> } {
  const slugs = new Set([...(previous?.units ?? []), ...fresh.flatMap((r) => r.units.map((u) => u.slug))]);
  const units = course.filter((u) => slugs.has(u.slug));
  const checkNames: Record<string, string[]> = { ...(previous?.checkNames ?? {}) };
  for (const r of fresh) Object.assign(checkNames, r.checkNames);
  const cells = new Map<string, { result: StudentResult; outcomes: Map<string, UnitOutcome> }>();
  if (previous && previous.source === source) {
    for (const s of previous.students) cells.set(s.student, { result: s, outcomes: new Map(s.units.map((o) => [o.slug, o])) });
  }
  for (const r of fresh) {
    for (const s of r.students) {
      const cell = cells.get(s.student) ?? { result: s, outcomes: new Map<string, UnitOutcome>() };
      // This run's reading of the learner (identity, notes, unusable) replaces the earlier one.
      cell.result = s;
      for (const o of s.units) cell.outcomes.set(o.slug, o);
      cells.set(s.student, cell);
    }
  }
  const students = [...cells.values()]
    .map(({ result, outcomes }) => {
      const list = units.map((u) => outcomes.get(u.slug) ?? notGraded(u.slug, checkNames[u.slug] ?? []));
      return { ...result, units: list, ms: list.reduce((s, o) => s + o.ms, 0) };
    })
    .sort((a, b) => a.student.localeCompare(b.student, 'en'));
  return { units, students, checkNames };
}

/** The suites and grader behind the cells: the earlier gradebook's, with this run's units replaced. */
export function mergeOrigin(previous: SavedGradebook | undefined, fresh: ClassResult[]): Pick<GradebookOrigin, 'suites' | 'environment'> {
  const suites: Record<string, string> = { ...(previous?.suites ?? {}) };
  let environment = previous?.environment;
  for (const r of fresh) {
    if (!r.graders) continue;
    Object.assign(suites, r.graders.suites);
    environment = r.graders.environment;
  }
  return { suites, ...(environment ? { environment } : {}) };
}

export function savedGradebook(source: string, merged: { units: Unit[]; students: StudentResult[]; checkNames: Record<string, string[]> }, origin: GradebookOrigin = {}): SavedGradebook {
  const suites = origin.suites ? Object.fromEntries(merged.units.filter((u) => origin.suites![u.slug]).map((u) => [u.slug, origin.suites![u.slug]!])) : undefined;
  return {
    note: 'The class gradebook written by `npm run grade`: --student and --unit regrade cells of it. Do not edit by hand.',
    version: 1,
    source,
    units: merged.units.map((u) => u.slug),
    checkNames: merged.checkNames,
    ...(origin.class ? { class: origin.class } : {}),
    ...(suites ? { suites } : {}),
    ...(origin.environment ? { environment: origin.environment } : {}),
    ...(origin.shard ? { shard: origin.shard } : {}),
    students: merged.students,
  };
}
