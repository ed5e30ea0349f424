/**
 * `npm run course -- <command> [unit] [flags]`, parsed into a plain object. Pure: no I/O, so every
 * mistake a person can type is tested directly and answered with one clear line.
 */

import { USAGE_STATUS, UsageError } from '../course/cli-main';
import { CourseError, findUnit, type Unit } from '../course/course';

export type CommandName = 'list' | 'next' | 'check' | 'hint' | 'solution' | 'watch' | 'reset' | 'restore' | 'help';

export interface Command {
  name: CommandName;
  /** what the person typed for the unit (`4`, `04`, `04-backprop-mlp`, `backprop-mlp`), if anything */
  unit?: string;
  /** `restore <unit> <backup>`: which backup (its number in the list, `latest`, or its file name) */
  which?: string;
  /** `reset --yes`: do not ask before replacing the file */
  yes: boolean;
  /** `solution --print`: print the reference answer instead of writing it to solutions/<slug>/index.ts */
  print?: boolean;
  /** `--no-color` / `--color` force colours off / on; undefined means "if stdout is a terminal" */
  color?: boolean;
}

// A mistake in how the command was typed: cliMain prints the message and exits with status 2.
export { UsageError } from '../course/cli-main';

/**
 * Exit statuses, the same for `npm test` and every `npm run course` command:
 * 0 done (and, for tests and checks, every unit asked about passes); 1 some unit does not pass
 * yet, or you answered no; 2 a usage mistake (unknown command, unit or option, a missing
 * argument); 3 the course's own files are broken, or the tool itself failed.
 */
export const EXIT = { ok: 0, notPassing: 1, usage: USAGE_STATUS, broken: 3 } as const;

interface Spec {
  /** whether the command takes a unit, and whether it must */
  unit: 'none' | 'optional' | 'required';
  /** a second positional argument it accepts (restore's backup) */
  second?: string;
  flags: string[];
  summary: string;
  usage: string;
}

export const COMMANDS: Record<CommandName, Spec> = {
  list: { unit: 'none', flags: [], usage: 'course [list]', summary: 'the progress table: passed, current and todo units (also: progress, status)' },
  next: { unit: 'none', flags: [], usage: 'course next', summary: 'the unit to work on now: its lesson, file, and first failing test' },
  check: { unit: 'optional', flags: [], usage: 'course check [unit]', summary: 'what the grader runs, minus its hidden checks: compile, imports, types, public tests' },
  hint: { unit: 'optional', flags: [], usage: 'course hint [unit]', summary: 'reveal the next hint for a unit (default: the current one)' },
  solution: {
    unit: 'required',
    flags: ['--print', '--yes'],
    usage: 'course solution <unit> [--print] [--yes]',
    summary: 'once a unit passes, the reference answer: written to solutions/<slug>/index.ts (self-study releases)',
  },
  watch: { unit: 'optional', flags: [], usage: 'course watch [unit]', summary: 're-run a unit on every save; moves on when it passes (keys: ? in watch)' },
  reset: { unit: 'required', flags: ['--yes'], usage: 'course reset <unit> [--yes]', summary: 'restore the original stub (your file is backed up first)' },
  restore: { unit: 'required', second: 'backup', flags: ['--yes'], usage: 'course restore <unit> [backup] [--yes]', summary: 'bring back a backup that reset made (lists them when there are several)' },
  help: { unit: 'none', flags: [], usage: 'course help', summary: 'this message' },
};

const ALIASES: Record<string, CommandName> = { status: 'list', progress: 'list', hints: 'hint', '--help': 'help', '-h': 'help' };

export function parseArgs(argv: readonly string[]): Command {
  let color: boolean | undefined;
  let yes = false;
  let print = false;
  const positional: string[] = [];
  const flags: string[] = [];
  for (const arg of argv) {
    if (arg === '--no-color' || arg === '--no-colour') color = false;
    else if (arg === '--color' || arg === '--colour') color = true;
    else if (arg === '--help' || arg === '-h') positional.unshift('help');
    else if (arg === '--yes' || arg === '-y') {
      yes = true;
      flags.push('--yes');
    } else if (arg === '--print') {
      print = true;
      flags.push('--print');
    } else if (arg.startsWith('-') && !/^-\d+$/.test(arg)) {
      throw new UsageError(`Unknown option "${arg}". Run \`npm run course -- help\` for the commands and their options.`);
    } else positional.push(arg);
  }

  const [word = 'list', unit, ...rest] = positional;
  const name = (ALIASES[word] ?? word) as CommandName;
  const spec = COMMANDS[name];
  if (!spec) {
    throw new UsageError(`Unknown command "${word}". The commands are: ${Object.keys(COMMANDS).join(', ')} (npm run course -- help).`);
  }
  if (name === 'help') return { name, yes, color };
  const which = spec.second ? rest[0] : undefined;
  const extra = spec.second ? rest.slice(1) : rest;
  if (extra.length > 0) throw new UsageError(`Too many arguments for \`${spec.usage}\`: ${extra.map((e) => `"${e}"`).join(' ')}.`);
  if (spec.unit === 'none' && unit !== undefined) throw new UsageError(`\`${spec.usage}\` takes no unit, but got "${unit}".`);
  if (spec.unit === 'required' && unit === undefined) {
    throw new UsageError(`\`${spec.usage}\` needs a unit, e.g. \`npm run course -- ${name} 01\`.`);
  }
  const stray = flags.filter((f) => !spec.flags.includes(f));
  if (stray.length > 0) throw new UsageError(`\`${spec.usage}\` has no option ${stray.join(', ')}.`);
  return { name, unit, ...(which !== undefined ? { which } : {}), yes, ...(print ? { print } : {}), color };
}

export function helpText(): string {
  const typed = (usage: string) => (usage === 'course [list]' ? 'npm run course [-- list]' : `npm run course -- ${usage.slice('course '.length)}`);
  const width = Math.max(...Object.values(COMMANDS).map((c) => typed(c.usage).length));
  const lines = Object.values(COMMANDS).map((c) => `  ${typed(c.usage).padEnd(width)}   ${c.summary}`);
  return [
    'The course CLI: your progress, hints and a watch mode that re-runs your tests on save.',
    '',
    ...lines,
    '',
    'A unit is named by number or slug: 4, 04, 04-backprop-mlp or backprop-mlp.',
    'Options go after `--` so that npm passes them on: npm run course -- reset 01 --yes',
    '  --yes        reset or restore without asking (your file is still backed up to .course/backups/);',
    '               solution: replace a different solutions/<slug>/index.ts without asking',
    '  --print      solution: print the reference answer instead of writing it',
    '  --no-color   plain output (colours are already off when the output is not a terminal)',
    '',
    'Tests: npm test (one line per unit), npm test -- 03 (every test of unit 03), npm test -- --all.',
    'Exit status: 0 done (every unit asked about passes), 1 a unit does not pass yet (or you said no),',
    '2 a usage mistake (unknown command, unit or option; `solution` in a class release, which has none),',
    '3 the course files are broken or the tool failed.',
  ].join('\n');
}

/** A unit named on the command line; an unknown one is a usage mistake (exit 2), like any other typo. */
export function unitNamed(units: Unit[], query: string): Unit {
  try {
    return findUnit(units, query);
  } catch (error) {
    if (error instanceof CourseError) throw new UsageError(error.message);
    throw error;
  }
}
