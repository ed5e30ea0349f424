/**
 * How every command of the course ends: `cliMain(argv, parse, run, spec)` parses, runs, and turns
 * what went wrong into one line on stderr and an exit status, the same way for `npm run course`,
 * `npm test`, `npm run lessons`, `npm run grade`, the Gradescope bundle and `npm run release`.
 * A usage mistake (UsageError, the one class for it) always exits 2; each command says which
 * other errors are the person's doing and with what status, and what an unexpected one prints.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fileProblem } from './folders';

/** A mistake in how a command was typed (an unknown option, a missing argument, a unit that does not exist): exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The exit status of every usage mistake. */
export const USAGE_STATUS = 2;

type ErrorClass = abstract new (...args: never[]) => Error;

export interface CliSpec {
  /** the command's name, which starts every line it prints about an error: `grade` gives `grade: …` */
  name: string;
  /** how that `name:` looks (a colour); asked when the line is printed, so it can follow the options parsed */
  label?: (text: string) => string;
  /** printed after a usage mistake's line: the usage */
  usage?: string;
  /** a line printed after the line of every error the person made (usage, expected or disk): where help is */
  hint?: string;
  /** errors that are the person's doing rather than a bug, each with its exit status */
  expected?: readonly (readonly [ErrorClass, number])[];
  /** the exit status when a file cannot be read or written (a full disk, a read-only folder: fileProblem's one line); unset, such an error is unexpected */
  disk?: number;
  /** the line and status for anything else; unset, the error is thrown on (and Node prints its stack) */
  unexpected?: (error: unknown) => { line: string; status: number };
  /** where the lines go (default: stderr) */
  err?: (text: string) => void;
}

/**
 * Parse `argv`, run the command, and return its exit status; errors become one line as `spec` says.
 * Synchronous when `run` is, so a command that returns a number keeps returning one.
 */
export function cliMain<A, R extends number | Promise<number>>(argv: string[], parse: (argv: string[]) => A, run: (args: A) => R, spec: CliSpec): R {
  const fail = (error: unknown): number => failure(error, spec);
  let result: R;
  try {
    result = run(parse(argv));
  } catch (error) {
    return fail(error) as R;
  }
  return (result instanceof Promise ? result.catch(fail) : result) as R;
}

/** The status for `error`, after printing its line; rethrows what the command does not expect. */
function failure(error: unknown, spec: CliSpec): number {
  const err = spec.err ?? ((text: string) => void process.stderr.write(text));
  const say = (message: string, ...after: (string | undefined)[]) => {
    const label = (spec.label ?? ((text: string) => text))(`${spec.name}:`);
    err([`${label} ${message}`, ...after, spec.hint].filter((line) => line !== undefined).map((line) => `${line}\n`).join(''));
  };
  if (error instanceof UsageError) {
    say(error.message, spec.usage);
    return USAGE_STATUS;
  }
  const known = spec.expected?.find(([kind]) => error instanceof kind);
  if (known) {
    say((error as Error).message);
    return known[1];
  }
  const disk = spec.disk === undefined ? undefined : fileProblem(error);
  if (disk !== undefined) {
    say(disk);
    return spec.disk!;
  }
  if (!spec.unexpected) throw error;
  const { line, status } = spec.unexpected(error);
  err(`${line}\n`);
  return status;
}

/**
 * Node's `parseArgs` (strict, positionals allowed) with its complaint as a UsageError of one line:
 * its own message, without the multi-line advice about positionals, after `prefix` when given.
 */
export function parseOptions<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, prefix = '') {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(`${prefix}${(error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '')}`);
  }
}
