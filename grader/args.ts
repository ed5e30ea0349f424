/** `npm run grade -- [<submissions>] [options]`: the command line, parsed into plain options. */

export const USAGE = `Usage: npm run grade -- [<submissions>] [options]
       npm run grade -- merge <shard-dir>... --out <dir>   (see --shard)

Grades every learner in <submissions> with the hidden suites: a folder of folders or .zips (one per
learner), an LMS export (Gradescope, GitHub Classroom, Canvas, Moodle: detected), or a .zip of one.
Without <submissions>, grades the bundled demo class (grader/demo-class).

Options:
  --out <dir>          where the reports go (default: grades)
  --unit <unit>        regrade only this unit (number, slug or name), keeping the rest of the
                       gradebook in <out>; repeat or comma-separate
  --student <name>     regrade only this learner (name, id or email), keeping the others; repeat or comma-separate
  --layout <layout>    the export's layout: auto, gradescope, classroom, canvas, moodle, folders (default: auto)
  --roster <csv>       the class list (name, id, email, username, section columns) to name learners by
  --due <date>         the due date, e.g. 2026-03-01T23:59-08:00 (a date alone: 23:59:59 UTC that day)
  --late-policy <p>    deduction for lateness, e.g. 10%/day,grace=2h,floor=50% (default: record lateness only)
  --assignment <name>  the assignment's name in canvas.csv (default: the course title)
  --assignment-id <n>  Canvas's id of that assignment (from its URL), so the import updates it
  --shard <k>/<n>      grade only the k-th of n parts of the class (each learner's part is fixed by a
                       hash of their name, so adding learners moves nobody); then
                       \`npm run grade -- merge <dir>... --out <dir>\` joins the n --out folders
  --jobs <n>           sandbox processes in parallel (default: one per core)
  --timeout <seconds>  time limit per unit of each submission (default: 10)
  --memory <MB>        heap limit per sandbox (default: 512)
  --format <list>      reports to write: csv,json,html (default: all three), and canvas (canvas.csv,
                       Canvas's gradebook import) or moodle (moodle.csv, Moodle's grading worksheet)
  --no-cache           grade everything again, ignoring (and not updating) <out>/.cache's results
                       (the oracle table in <out>/.cache/oracle is still used: it cannot change a grade)
  --no-oracle          compute every expected value again for every learner (no oracle table)
  --quiet              no progress bar and no summary table
  -h, --help           this text`;

import { parseOptions, UsageError } from '../src/course/cli-main';
import { LAYOUTS, type Layout } from './ingest/layouts';
import { type LatePolicy, LatePolicyError, parseDue, parseLatePolicy } from './late';
import { parseShard, type Shard, ShardError } from './shard';

export type ReportFormat = 'csv' | 'json' | 'html' | 'canvas' | 'moodle';
const FORMATS: ReportFormat[] = ['csv', 'json', 'html', 'canvas', 'moodle'];

export interface GradeArgs {
  submissions?: string;
  out: string;
  units: string[];
  students: string[];
  jobs?: number;
  timeoutMs?: number;
  memoryMb?: number;
  formats: ReportFormat[];
  layout: Layout;
  roster?: string;
  due?: string;
  latePolicy?: LatePolicy;
  assignment?: string;
  assignmentId?: string;
  /** grade only this part of the class (grader/shard.ts) */
  shard?: Shard;
  cache: boolean;
  /** memoise the checks' expected values once per class (grader/oracle/) */
  oracle: boolean;
  quiet: boolean;
  help: boolean;
}

// The one class of usage mistakes (exit 2), shared by every command (src/course/cli-main.ts).
export { UsageError } from '../src/course/cli-main';

function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function positive(value: string | undefined, flag: string, { integer = false, max = Infinity } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)) || n > max) {
    throw new UsageError(`${flag} needs a positive ${integer ? 'whole ' : ''}number${Number.isFinite(max) ? ` up to ${max}` : ''}, not "${value}"`);
  }
  return n;
}

/** `--format` values: csv, json, html (default: all three), canvas and moodle on top of them unless those are listed. */
export function reportFormats(values: string[] | undefined): ReportFormat[] {
  const formats = list(values);
  for (const f of formats) if (!FORMATS.includes(f as ReportFormat)) throw new UsageError(`--format takes ${FORMATS.join(', ')}, not "${f}"`);
  const chosen = formats.some((f) => ['csv', 'json', 'html'].includes(f)) ? formats : ['csv', 'json', 'html', ...formats];
  return [...new Set(chosen)] as ReportFormat[];
}

export function parseGradeArgs(argv: string[]): GradeArgs {
  const { values, positionals } = parseOptions(argv, {
    out: { type: 'string' },
    unit: { type: 'string', multiple: true },
    student: { type: 'string', multiple: true },
    jobs: { type: 'string' },
    timeout: { type: 'string' },
    memory: { type: 'string' },
    format: { type: 'string', multiple: true },
    layout: { type: 'string' },
    roster: { type: 'string' },
    due: { type: 'string' },
    'late-policy': { type: 'string' },
    assignment: { type: 'string' },
    'assignment-id': { type: 'string' },
    shard: { type: 'string' },
    'no-cache': { type: 'boolean' },
    'no-oracle': { type: 'boolean' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (positionals.length > 1) throw new UsageError(`expected one folder of submissions, got ${positionals.length}: ${positionals.join(' ')}`);
  const chosen = reportFormats(values.format);
  const layout = (values.layout ?? 'auto') as Layout;
  if (!LAYOUTS.includes(layout)) throw new UsageError(`--layout takes ${LAYOUTS.join(', ')}, not "${values.layout}"`);
  if (values['assignment-id'] !== undefined && !/^\d+$/.test(values['assignment-id'])) throw new UsageError(`--assignment-id is Canvas's number for the assignment (from its URL), not "${values['assignment-id']}"`);
  let due: string | undefined;
  let latePolicy: LatePolicy | undefined;
  try {
    due = values.due === undefined ? undefined : parseDue(values.due);
    latePolicy = values['late-policy'] === undefined ? undefined : parseLatePolicy(values['late-policy']);
  } catch (error) {
    if (error instanceof LatePolicyError) throw new UsageError(error.message);
    throw error;
  }
  const timeout = positive(values.timeout, '--timeout', { max: 3600 });
  let shard: Shard | undefined;
  try {
    shard = values.shard === undefined ? undefined : parseShard(values.shard);
  } catch (error) {
    if (error instanceof ShardError) throw new UsageError(error.message);
    throw error;
  }
  if (shard && values.student) throw new UsageError('--student regrades learners wherever they are; it does not combine with --shard (regrade them in the merged folder instead)');
  return {
    submissions: positionals[0],
    out: values.out ?? 'grades',
    units: list(values.unit),
    students: list(values.student),
    jobs: positive(values.jobs, '--jobs', { integer: true, max: 256 }),
    timeoutMs: timeout === undefined ? undefined : Math.round(timeout * 1000),
    memoryMb: positive(values.memory, '--memory', { integer: true, max: 65536 }),
    formats: chosen,
    layout,
    roster: values.roster,
    due,
    latePolicy,
    assignment: values.assignment,
    assignmentId: values['assignment-id'],
    ...(shard ? { shard } : {}),
    cache: !values['no-cache'],
    oracle: !values['no-oracle'],
    quiet: Boolean(values.quiet),
    help: Boolean(values.help),
  };
}
