/**
 * `npm run course [-- <command> …]`: the learner's entry point. A thin shell over the small modules
 * next to it (args, progress, status, table, hints, reset, watch); every mistake a person can make
 * ends in one clear line and a non-zero exit, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { repoRoot } from '../course/paths';
import { CourseError, findUnit, loadUnits, type Unit } from '../course/units';
import { helpText, parseArgs, UsageError, type Command } from './args';
import { makeColors, wantsColor, type Colors } from './colors';
import { renderHints, revealNextHint } from './hints';
import { ProgressStore } from './progress';
import { resetUnit, stubPath } from './reset';
import { UnitRunner, type RunnerOptions } from './runner';
import { checkUnits, type UnitRow } from './status';
import { renderFailure, renderNext, renderTable } from './table';
import { runWatch } from './watch';

function courseTitle(root: string): string | undefined {
  try {
    const title = (JSON.parse(readFileSync(join(root, 'course.json'), 'utf8')) as { title?: unknown }).title;
    return typeof title === 'string' ? title : undefined;
  } catch {
    return undefined;
  }
}

function readStub(root: string, unit: Unit): string | undefined {
  try {
    return readFileSync(join(root, stubPath(unit)), 'utf8');
  } catch {
    return undefined;
  }
}

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}

export async function main(command: Command, c: Colors, root = repoRoot, runnerOptions: RunnerOptions = {}): Promise<number> {
  const print = (text: string) => process.stdout.write(`${text}\n`);
  if (command.name === 'help') {
    print(helpText());
    return 0;
  }
  const units = loadUnits(root);
  const store = ProgressStore.load(root, (message) => process.stderr.write(`${c.yellow(message)}\n`));
  let runner: UnitRunner | undefined;
  const getRunner = async () => (runner ??= await UnitRunner.create(root, runnerOptions));
  const rows = async (): Promise<UnitRow[]> => (await checkUnits(root, units, store, getRunner)).rows;

  try {
    switch (command.name) {
      case 'list': {
        const all = await rows();
        const current = all.find((r) => r.status === 'current');
        print(`${renderTable(all, c, courseTitle(root))}\n\n${renderNext(current, current && readStub(root, current.unit), c)}`);
        return 0;
      }
      case 'next': {
        const current = (await rows()).find((r) => r.status === 'current');
        print(renderNext(current, current && readStub(root, current.unit), c));
        if (current?.result && !current.result.passed) print(`\n${renderFailure(current.unit, current.result, c)}`);
        return 0;
      }
      case 'hint': {
        const unit = command.unit ? findUnit(units, command.unit) : (await rows()).find((r) => r.status === 'current')?.unit;
        if (!unit) {
          print(c.green('Every unit passes, so there is nothing left to hint at. Name a unit to see its hints: npm run course -- hint 01'));
          return 0;
        }
        const reveal = revealNextHint(unit, store.unit(unit.slug).hintsShown);
        store.setHintsShown(unit.slug, reveal.shown);
        store.save();
        print(renderHints(unit, reveal, c));
        return 0;
      }
      case 'reset': {
        const unit = findUnit(units, command.unit!);
        const outcome = await resetUnit(root, unit, async (question) => {
          if (command.yes) return true;
          if (!process.stdin.isTTY || !process.stdout.isTTY) {
            throw new CourseError(
              `Not resetting ${stubPath(unit)}: reset asks before replacing your work, and there is no terminal to ask in. Run \`npm run course -- reset ${unit.number} --yes\` (your file is still backed up to .course/backups/).`,
            );
          }
          return ask(question);
        });
        if (outcome.status === 'cancelled') {
          print(`Left ${stubPath(unit)} as it is.`);
          return 1;
        }
        if (outcome.status === 'unchanged') {
          print(`${stubPath(unit)} is already the original stub; nothing to reset.`);
          return 0;
        }
        store.forgetResult(unit.slug);
        store.save();
        print(`${c.green('Restored')} ${stubPath(unit)} from ${outcome.from}.`);
        if (outcome.backup) print(`Your previous version is saved as ${outcome.backup}.`);
        return 0;
      }
      case 'watch': {
        const start = command.unit ? findUnit(units, command.unit) : undefined;
        return await runWatch({ root, units, store, start, io: { out: process.stdout, input: process.stdin, colors: c }, runnerOptions });
      }
      default:
        throw new UsageError(`Unknown command "${command.name as string}".`);
    }
  } catch (error) {
    // A run that timed out may still hold a spinning worker: stop it hard rather than wait.
    const stuck = runner;
    runner = undefined;
    await stuck?.abort();
    throw error;
  } finally {
    await runner?.close();
  }
}

/** Parse, run, and turn known errors into one line on stderr and a non-zero exit status. */
export interface CliOptions extends RunnerOptions {
  /** the course folder (default: the one this file belongs to) */
  root?: string;
}

export async function cli(argv: string[], { root = repoRoot, ...runnerOptions }: CliOptions = {}): Promise<number> {
  let c = makeColors(wantsColor(process.stderr));
  try {
    const command = parseArgs(argv);
    c = makeColors(wantsColor(process.stdout, process.env, command.color));
    return await main(command, c, root, runnerOptions);
  } catch (error) {
    if (error instanceof UsageError || error instanceof CourseError) {
      process.stderr.write(`${c.red('course:')} ${error.message}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    // Not a mistake the learner made: keep the detail, it is needed to fix the CLI.
    process.stderr.write(`${c.red('course: unexpected error:')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

// `npm run course` starts at course.mjs; running this file directly (tsx src/cli/main.ts) works too.
if (process.argv[1]?.endsWith('src/cli/main.ts')) {
  process.exitCode = await cli(process.argv.slice(2));
}
