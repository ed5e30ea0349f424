/** `npm run grade -- [<submissions>] [options]`: the command line, parsed into plain options. */
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run grade -- [<submissions>] [options]

Grades every folder or .zip in <submissions> (one per learner) with the hidden suites.
Without <submissions>, grades the bundled demo class (grader/demo-class).

Options:
  --out <dir>          where the reports go (default: grades)
  --unit <unit>        grade only this unit (number, slug or name); repeat or comma-separate
  --student <name>     grade only this learner; repeat or comma-separate
  --jobs <n>           sandbox processes in parallel (default: one per core)
  --timeout <seconds>  time limit per unit of each submission (default: 10)
  --memory <MB>        heap limit per sandbox (default: 512)
  --format <list>      reports to write: csv,json,html (default: all three)
  --no-cache           grade everything again, ignoring (and not updating) <out>/.cache
  --quiet              no progress bar and no summary table
  -h, --help           this text`;

export type ReportFormat = 'csv' | 'json' | 'html';

export interface GradeArgs {
  submissions?: string;
  out: string;
  units: string[];
  students: string[];
  jobs?: number;
  timeoutMs?: number;
  memoryMb?: number;
  formats: ReportFormat[];
  cache: boolean;
  quiet: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

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

export function parseGradeArgs(argv: string[]): GradeArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        unit: { type: 'string', multiple: true },
        student: { type: 'string', multiple: true },
        jobs: { type: 'string' },
        timeout: { type: 'string' },
        memory: { type: 'string' },
        format: { type: 'string', multiple: true },
        'no-cache': { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, ''));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected one folder of submissions, got ${positionals.length}: ${positionals.join(' ')}`);
  const formats = list(values.format);
  for (const f of formats) if (!['csv', 'json', 'html'].includes(f)) throw new UsageError(`--format takes csv, json and html, not "${f}"`);
  const timeout = positive(values.timeout, '--timeout', { max: 3600 });
  return {
    submissions: positionals[0],
    out: values.out ?? 'grades',
    units: list(values.unit),
    students: list(values.student),
    jobs: positive(values.jobs, '--jobs', { integer: true, max: 256 }),
    timeoutMs: timeout === undefined ? undefined : Math.round(timeout * 1000),
    memoryMb: positive(values.memory, '--memory', { integer: true, max: 65536 }),
    formats: (formats.length > 0 ? [...new Set(formats)] : ['csv', 'json', 'html']) as ReportFormat[],
    cache: !values['no-cache'],
    quiet: Boolean(values.quiet),
    help: Boolean(values.help),
  };
}
