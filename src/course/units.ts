/**
 * The course's unit list: order from course.json, everything else about a unit from
 * exercises/<slug>/meta.json. Every tool (CLI, grader, lesson site, release, verify) reads it here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

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
  /** paths relative to the repository root */
  lesson: string;
  exerciseDir: string;
  solutionDir: string;
}

export class CourseError extends Error {
  override name = 'CourseError';
}

const SLUG = /^(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*$/;

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
  const match = SLUG.exec(slug);
  if (!match) throw new CourseError(`course.json: "${slug}" is not a unit slug like "01-sigmoid"`);
  const where = `exercises/${slug}/meta.json`;
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
    lesson: `lessons/${slug}.md`,
    exerciseDir: `exercises/${slug}`,
    solutionDir: `solutions/${slug}`,
  };
}

/** All units in course order. Throws CourseError with a readable message on any defect. */
export function loadUnits(root = repoRoot): Unit[] {
  const course = readJson(join(root, 'course.json'), 'The course list') as { units?: unknown };
  const slugs = stringList(course.units, 'units', 'course.json');
  if (slugs.length === 0) throw new CourseError('course.json lists no units');
  const duplicate = slugs.find((s, i) => slugs.indexOf(s) !== i);
  if (duplicate) throw new CourseError(`course.json lists ${duplicate} twice`);
  return slugs.map((slug) => loadUnit(slug, root));
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
