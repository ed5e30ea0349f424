/**
 * The course model: the title and the unit list from course.json, everything else about a unit from
 * exercises/<slug>/meta.json, and every path a unit owns derived here from its slug. Every tool (CLI,
 * grader, lesson site, release, vitest, verify) asks `loadCourse()`; nothing else names a unit's
 * folders or writes the slug pattern.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// With its extension: the vitest configs (the repository's and the learner's) import this file, and Vite's config loader warns about a path without one.
import { repoRoot } from './paths.ts';

/** A unit's slug: two digits, a dash, lower-case words joined by dashes (`04-backprop-mlp`). */
export const UNIT_SLUG = /^(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The same pattern, unanchored, for finding a slug inside a path or a message. */
export const UNIT_SLUG_IN_TEXT = /\d\d-[a-z0-9]+(?:-[a-z0-9]+)*/;

/** Every file and folder a unit owns, relative to the repository root (some exist only in the course repository, not in a learner's release). */
export interface UnitPaths {
  /** exercises/<slug>/: the stub, its public tests and meta.json */
  exerciseDir: string;
  /** exercises/<slug>/index.ts: the file the learner edits */
  stub: string;
  /** exercises/<slug>/meta.json */
  meta: string;
  /** the public tests, exercises/<slug>/*.test.ts (as found on disk) */
  publicTests: string[];
  /** solutions/<slug>/ and its index.ts: the reference answer (course repository only) */
  solutionDir: string;
  solution: string;
  /** lessons/<slug>.md */
  lesson: string;
  /** the hidden checks, grader/checks/<slug>.checks.ts and any grader/checks/<slug>.<part>.checks.ts (course repository only) */
  hiddenChecks: string[];
  /** the hidden suite's entry, grader/checks/<slug>.checks.ts (exporting `checks`, which include its parts'), whether or not it exists yet */
  hiddenSuite: string;
  /** lib/misconceptions/<slug>.ts: the unit's catalogue of known slips */
  catalogue: string;
  /** lessons/experiments/<slug>.ts: the lesson's experiments and figures, when the unit has any */
  experiments: string;
  /** lessons/experiments/live/<slug>.ts: the lesson's live figures (controls, and a chart the page recomputes), when it has any */
  liveFigures: string;
}

export interface Unit {
  /** e.g. `04-backprop-mlp` */
  slug: string;
  /** the two-digit prefix, e.g. `04` */
  number: string;
  title: string;
  points: number;
  concepts: string[];
  /** the notes' numbers this unit reproduces, as short phrases (README table) */
  reproduces: string[];
  /** revealed one at a time by `course hint` */
  hints: string[];
  /** the same as paths.lesson, paths.exerciseDir and paths.solutionDir (kept because most callers name them directly) */
  lesson: string;
  exerciseDir: string;
  solutionDir: string;
  paths: UnitPaths;
}

export interface Course {
  title: string;
  units: Unit[];
}

export class CourseError extends Error {
  override name = 'CourseError';
}

function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new CourseError(`${what} is missing: ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CourseError(`${what} is not valid JSON (${path}): ${(error as Error).message}`);
  }
}

function stringList(value: unknown, field: string, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) {
    throw new CourseError(`${where}: "${field}" must be a list of strings`);
  }
  return value;
}

function loadUnit(slug: string, root: string): Unit {
  const match = UNIT_SLUG.exec(slug);
  if (!match) throw new CourseError(`course.json: "${slug}" is not a unit slug like "01-sigmoid"`);
  const paths = unitPaths(slug, root);
  const where = paths.meta;
  const meta = readJson(join(root, where), `The metadata of unit ${slug}`) as Record<string, unknown>;
  if (typeof meta.title !== 'string' || meta.title.trim() === '') throw new CourseError(`${where}: "title" must be a non-empty string`);
  if (typeof meta.points !== 'number' || !(meta.points > 0)) throw new CourseError(`${where}: "points" must be a positive number`);
  const hints = stringList(meta.hints, 'hints', where);
  if (hints.length < 2) throw new CourseError(`${where}: give at least two ordered hints`);
  return {
    slug,
    number: match[1]!,
    title: meta.title,
    points: meta.points,
    concepts: stringList(meta.concepts, 'concepts', where),
    reproduces: stringList(meta.reproduces, 'reproduces', where),
    hints,
    lesson: paths.lesson,
    exerciseDir: paths.exerciseDir,
    solutionDir: paths.solutionDir,
    paths,
  };
}

/** Files in `dir` (relative to root) whose names pass `keep`, sorted; none when the folder is absent. */
function filesIn(root: string, dir: string, keep: (name: string) => boolean): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).filter(keep).sort().map((name) => `${dir}/${name}`);
}

/** Where everything of unit `slug` lives. The one place that knows the layout. */
export function unitPaths(slug: string, root = repoRoot): UnitPaths {
  const exerciseDir = `exercises/${slug}`;
  const solutionDir = `solutions/${slug}`;
  return {
    exerciseDir,
    stub: `${exerciseDir}/index.ts`,
    meta: `${exerciseDir}/meta.json`,
    publicTests: filesIn(root, exerciseDir, (name) => name.endsWith('.test.ts')),
    solutionDir,
    solution: `${solutionDir}/index.ts`,
    lesson: `lessons/${slug}.md`,
    hiddenChecks: filesIn(root, 'grader/checks', (name) => name === `${slug}.checks.ts` || (name.startsWith(`${slug}.`) && name.endsWith('.checks.ts'))),
    hiddenSuite: `grader/checks/${slug}.checks.ts`,
    catalogue: `lib/misconceptions/${slug}.ts`,
    experiments: `lessons/experiments/${slug}.ts`,
    liveFigures: `lessons/experiments/live/${slug}.ts`,
  };
}

/** The course's title, or undefined when course.json gives none. */
function titleOf(course: { title?: unknown }): string | undefined {
  return typeof course.title === 'string' && course.title.trim() !== '' ? course.title : undefined;
}

/** The whole course: its title (a plain default when course.json has none) and its units in order. Throws CourseError with a readable message on any defect. */
export function loadCourse(root = repoRoot): Course {
  const course = readJson(join(root, 'course.json'), 'The course list') as { units?: unknown; title?: unknown };
  return { title: titleOf(course) ?? 'The course', units: unitsOf(course, root) };
}

/**
 * The course's title alone, for tools that show it even when a unit's metadata is broken (the CLI's
 * banner, a release's README): the default when course.json cannot be read.
 */
export function courseTitle(root = repoRoot): string {
  try {
    return titleOf(JSON.parse(readFileSync(join(root, 'course.json'), 'utf8')) as { title?: unknown }) ?? 'The course';
  } catch {
    return 'The course';
  }
}

function unitsOf(course: { units?: unknown }, root: string): Unit[] {
  const slugs = stringList(course.units, 'units', 'course.json');
  if (slugs.length === 0) throw new CourseError('course.json lists no units');
  const duplicate = slugs.find((s, i) => slugs.indexOf(s) !== i);
  if (duplicate) throw new CourseError(`course.json lists ${duplicate} twice`);
  return slugs.map((slug) => loadUnit(slug, root));
}

/** All units in course order (`loadCourse(root).units`). Throws CourseError with a readable message on any defect. */
export function loadUnits(root = repoRoot): Unit[] {
  return loadCourse(root).units;
}

/**
 * Find a unit by what a person would type: `4`, `04`, `04-backprop-mlp`, or `backprop-mlp`.
 */
export function findUnit(units: Unit[], query: string): Unit {
  const q = query.trim().toLowerCase();
  const found = units.find((u) => u.slug === q || u.number === q.padStart(2, '0') || u.slug.slice(3) === q);
  if (!found) {
    throw new CourseError(`Unknown unit "${query}". The units are: ${units.map((u) => u.slug).join(', ')}.`);
  }
  return found;
}
