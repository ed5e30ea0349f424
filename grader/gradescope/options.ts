/**
 * `npm run gradescope -- [options]`: which units the autograder grades and how Gradescope shows its
 * results. Written into the bundle as grader/gradescope/config.json, read there by run.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { parseOptions } from '../../src/course/cli-main';
import { repoRoot } from '../../src/course/paths';
import { findUnit, loadUnits, type Unit } from '../../src/course/course';
import { UsageError } from '../args';
import { VISIBILITIES, type Visibility } from '../reports/gradescope';

export const BUILD_USAGE = `Usage: npm run gradescope -- [<out dir>] [options]

Builds Gradescope's autograder: <out dir>/autograder.zip (default dist/gradescope). Upload the zip
under "Configure Autograder"; Gradescope runs setup.sh once (Ubuntu: Node 26 LTS and the locked
packages) and run_autograder for every submission.

Options:
  --out <dir>                 the same as <out dir>
  --unit <unit>               grade only these units (number, slug or name); repeat or comma-separate
  --visibility <v>            when learners see each check's result: visible (default), hidden,
                              after_due_date or after_published
  --summary-visibility <v>    the same for the top-level summary (score per unit); default visible
  -h, --help                  this text`;

export interface BundleConfig {
  /** unit slugs graded, in course order */
  units: string[];
  checks: Visibility;
  summary: Visibility;
}

export interface BuildArgs {
  out?: string;
  config: BundleConfig;
  help: boolean;
}

function visibility(value: string | undefined, flag: string): Visibility {
  if (value === undefined) return 'visible';
  if (!(VISIBILITIES as readonly string[]).includes(value)) throw new UsageError(`${flag} takes ${VISIBILITIES.join(', ')}, not "${value}"`);
  return value as Visibility;
}

function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>, maxPositionals: number, what: string) {
  const parsed = parseOptions(argv, options);
  if (parsed.positionals.length > maxPositionals) throw new UsageError(`expected at most ${maxPositionals} ${what}, got ${parsed.positionals.join(' ')}`);
  return parsed;
}

export function parseBuildArgs(argv: string[], units: Unit[] = loadUnits()): BuildArgs {
  const { values, positionals } = parse(argv, {
    out: { type: 'string' },
    unit: { type: 'string', multiple: true },
    visibility: { type: 'string' },
    'summary-visibility': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, 1, 'output folder');
  if (positionals[0] !== undefined && values.out !== undefined) throw new UsageError('give the output folder once: as <out dir> or as --out');
  const wanted = ((values.unit as string[] | undefined) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const picked = wanted.length === 0 ? units : [...new Set(wanted.map((w) => findUnit(units, w)))].sort((a, b) => units.indexOf(a) - units.indexOf(b));
  return {
    out: (values.out as string | undefined) ?? positionals[0],
    config: { units: picked.map((u) => u.slug), checks: visibility(values.visibility as string | undefined, '--visibility'), summary: visibility(values['summary-visibility'] as string | undefined, '--summary-visibility') },
    help: Boolean(values.help),
  };
}

export const RUN_USAGE = `Usage: node --import tsx grader/gradescope/run.ts [<submission dir> [<results.json>]] [options]

Grades one Gradescope submission (default /autograder/submission) into results.json
(default /autograder/results/results.json), with the units and visibility of config.json.

Options:
  --jobs <n>      sandboxes in parallel (default: from the container's CPU quota and memory)
  --memory <MB>   heap limit per sandbox (default: 512, less if the container's memory is small)
  -h, --help      this text`;

export interface RunArgs {
  submission?: string;
  results?: string;
  jobs?: number;
  memoryMb?: number;
  help: boolean;
}

function whole(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > max) throw new UsageError(`${flag} needs a positive whole number up to ${max}, not "${value}"`);
  return n;
}

export function parseRunArgs(argv: string[]): RunArgs {
  const { values, positionals } = parse(argv, { jobs: { type: 'string' }, memory: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, 2, 'paths (submission, results.json)');
  return {
    submission: positionals[0],
    results: positionals[1],
    jobs: whole(values.jobs as string | undefined, '--jobs', 256),
    memoryMb: whole(values.memory as string | undefined, '--memory', 65536),
    help: Boolean(values.help),
  };
}

export const CONFIG_FILE = 'grader/gradescope/config.json';

/** The bundle's config; in the course repository itself (no config.json): every unit, all visible. */
export function readBundleConfig(root = repoRoot): BundleConfig {
  const path = join(root, CONFIG_FILE);
  if (!existsSync(path)) return { units: loadUnits(root).map((u) => u.slug), checks: 'visible', summary: 'visible' };
  return JSON.parse(readFileSync(path, 'utf8')) as BundleConfig;
}
