/**
 * `npm run course [-- <command> …]`: the learner's entry point. A thin shell over the small modules
 * next to it (args, progress, status, table, hints, reset, watch); every mistake a person can make
 * ends in one clear line and a non-zero exit, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { repoRoot } from '../course/paths';
import { CourseError, courseTitle, loadUnits, type Unit } from '../course/course';
import { cliMain } from '../course/cli-main';
import { EXIT, helpText, parseArgs, unitNamed, UsageError, type Command } from './args';
import { makeColors, wantsColor, type Colors } from './colors';
import { renderHints, revealNextHint } from './hints';
import { ProgressStore } from './progress';
import { BACKUPS_DIR, listBackups, pickBackup, resetUnit, restoreBackup, stubPath, type Backup } from './reset';
import { UnitRunner, type RunnerOptions, type TestLine } from './runner';
import { unitFingerprint } from './fingerprint';
import { offersSolutions, referenceAnswer, releaseKind, revealSolution } from './solution';
import { checkUnits, runAndJudge, type UnitRow } from './status';
import { renderCheck, renderFailure, renderNext, renderSolutionLocked, renderTable } from './table';
import { StaticChecks } from './verdict';
import { runWatch } from './watch';

function readStub(root: string, unit: Unit): string | undefined {
  try {
    return readFileSync(join(root, stubPath(unit)), 'utf8');
  } catch {
    return undefined;
  }
}

async function askLine(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

async function ask(question: string): Promise<boolean> {
  return /^y(es)?$/i.test(await askLine(`${question} [y/N] `));
}

/** Ask, or refuse to guess: without a terminal, only `--yes` may replace a file. */
function confirmer(command: Command, refusal: string): (question: string) => Promise<boolean> {
  return async (question) => {
    if (command.yes) return true;
    if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UsageError(refusal);
    return ask(question);
  };
}

export async function main(command: Command, c: Colors, root = repoRoot, runnerOptions: RunnerOptions = {}): Promise<number> {
  const print = (text: string) => process.stdout.write(`${text}\n`);
  if (command.name === 'help') {
    print(helpText());
    return EXIT.ok;
  }
  const units = loadUnits(root);
  const store = ProgressStore.load(root, (message) => process.stderr.write(`${c.yellow(message)}\n`));
  let runner: UnitRunner | undefined;
  let checks: StaticChecks | undefined;
  const getRunner = async () => (runner ??= await UnitRunner.create(root, runnerOptions));
  const getChecks = () => {
    if (!checks) {
      checks = new StaticChecks(root);
      checks.warm();
    }
    return checks;
  };
  const rows = async (force: string[] = []): Promise<UnitRow[]> => (await checkUnits(root, units, store, getRunner, getChecks, { force })).rows;

  try {
    switch (command.name) {
      case 'list': {
        const all = await rows();
        const current = all.find((r) => r.status === 'current');
        print(`${renderTable(all, c, courseTitle(root))}\n\n${renderNext(current, current && readStub(root, current.unit), c)}`);
        return EXIT.ok;
      }
      case 'next': {
        const current = (await rows()).find((r) => r.status === 'current');
        print(renderNext(current, current && readStub(root, current.unit), c));
        if (current?.result && !current.result.passed) print(`\n${renderFailure(current.unit, current.result, c)}`);
        return EXIT.ok;
      }
      case 'check': {
        const chosen = command.unit ? [unitNamed(units, command.unit)] : units;
        const all = await rows(chosen.map((u) => u.slug));
        const mine = all.filter((r) => chosen.includes(r.unit));
        print(renderCheck(mine, c));
        return mine.every((r) => r.result?.passed) ? EXIT.ok : EXIT.notPassing;
      }
      case 'hint': {
        const unit = command.unit ? unitNamed(units, command.unit) : (await rows()).find((r) => r.status === 'current')?.unit;
        if (!unit) {
          print(c.green('Every unit passes, so there is nothing left to hint at. Name a unit to see its hints: npm run course -- hint 01'));
          return EXIT.ok;
        }
        const reveal = revealNextHint(unit, store.unit(unit.slug).hintsShown);
        store.setHintsShown(unit.slug, reveal.shown);
        store.save();
        print(renderHints(unit, reveal, c, offersSolutions(root)));
        return EXIT.ok;
      }
      case 'solution': {
        const unit = unitNamed(units, command.unit!);
        if (releaseKind(root) === 'class') {
          throw new UsageError(
            `The reference answers are not part of this release: your teacher grades this course, so they stay with the teacher. The hints (npm run course -- hint ${unit.number}) and ${unit.lesson} are yours.`,
          );
        }
        // The same verdict as npm test: a fresh stored result if the unit's files are unchanged, else a run.
        const fingerprint = unitFingerprint(root, unit);
        let result = store.freshResult(unit.slug, fingerprint);
        let tests: TestLine[] | undefined;
        if (!result?.passed) {
          const report = await runAndJudge(await getRunner(), getChecks(), [unit]);
          result = report.results.get(unit.slug)!;
          tests = report.tests.get(unit.slug);
          store.recordResult(unit.slug, fingerprint, result);
          store.save();
        }
        if (!result.passed) {
          print(renderSolutionLocked(unit, result, tests ?? [], c));
          return EXIT.notPassing;
        }
        const answer = referenceAnswer(root, unit);
        if (command.print) {
          print(c.dim(`// The reference answer of unit ${unit.number} · ${unit.title} (${answer.from}). Yours passes too: compare the two.`));
          process.stdout.write(answer.source.endsWith('\n') ? answer.source : `${answer.source}\n`);
          return EXIT.ok;
        }
        const outcome = await revealSolution(
          root,
          unit,
          answer.source,
          confirmer(command, `Not writing the reference answer: solutions/${unit.slug}/index.ts exists and differs, and there is no terminal to ask before replacing it. Nothing was changed. Add --yes to replace it, or --print to see the answer without writing it.`),
        );
        if (outcome.status === 'cancelled') {
          print(`Left ${outcome.path} as it is. npm run course -- solution ${unit.number} --print shows the answer without writing it.`);
          return EXIT.notPassing;
        }
        const where = outcome.status === 'written' ? `${c.green('Wrote')} the reference answer of unit ${unit.number} · ${unit.title} to ${outcome.path}.` : `The reference answer of unit ${unit.number} · ${unit.title} is ${outcome.path}${answer.from === outcome.path ? '' : ' (already written, unchanged)'}.`;
        print(`${where}\nYour ${unit.paths.stub} passes too, and stays as it is: put the two side by side and look for what the reference does differently.`);
        return EXIT.ok;
      }
      case 'reset': {
        const unit = unitNamed(units, command.unit!);
        const outcome = await resetUnit(
          root,
          unit,
          confirmer(command, `Not resetting ${stubPath(unit)}: reset asks before replacing your work, and there is no terminal to ask in. Nothing was changed. Run \`npm run course -- reset ${unit.number} --yes\` to reset (your file is backed up to ${BACKUPS_DIR}/ first).`),
        );
        if (outcome.status === 'cancelled') {
          print(`Left ${stubPath(unit)} as it is.`);
          return EXIT.notPassing;
        }
        if (outcome.status === 'unchanged') {
          print(`${stubPath(unit)} is already the original stub (${outcome.from}); nothing to reset.`);
          return EXIT.ok;
        }
        store.forgetResult(unit.slug);
        store.save();
        print(`${c.green('Restored')} ${stubPath(unit)} from ${outcome.from}.`);
        if (outcome.backup) print(`Your previous version is saved as ${outcome.backup} (npm run course -- restore ${unit.number} brings it back).`);
        return EXIT.ok;
      }
      case 'restore': {
        const unit = unitNamed(units, command.unit!);
        const backups = listBackups(root, unit);
        if (backups.length === 0) throw new UsageError(`There are no backups of ${unit.slug} in ${BACKUPS_DIR}/ (reset makes one each time it replaces your file).`);
        const listing = backups.map((b, i) => `  ${String(i + 1).padStart(2)}  ${b.madeAt}   ${b.path}${i === 0 ? '   (newest)' : ''}`).join('\n');
        let chosen: Backup | undefined;
        if (command.which !== undefined) {
          chosen = pickBackup(backups, command.which);
          if (!chosen) throw new UsageError(`No backup "${command.which}" of ${unit.slug}. Name one by its number, "latest" or its file name:\n${listing}`);
        } else if (backups.length === 1) {
          chosen = backups[0];
        } else if (process.stdin.isTTY && process.stdout.isTTY) {
          print(`Backups of ${unit.slug}:\n${listing}`);
          const answer = await askLine(`Which one? [1-${backups.length}, Enter to cancel] `);
          chosen = answer === '' ? undefined : pickBackup(backups, answer);
          if (!chosen) {
            print(`Left ${stubPath(unit)} as it is.`);
            return EXIT.notPassing;
          }
        } else {
          throw new UsageError(`${unit.slug} has ${backups.length} backups; name the one to restore, e.g. \`npm run course -- restore ${unit.number} 1 --yes\` for the newest:\n${listing}`);
        }
        const outcome = await restoreBackup(
          root,
          unit,
          chosen!,
          confirmer(command, `Not restoring ${stubPath(unit)}: restore asks before replacing your file, and there is no terminal to ask in. Nothing was changed. Add --yes to restore (your current file is backed up first).`),
        );
        if (outcome.status === 'cancelled') {
          print(`Left ${stubPath(unit)} as it is.`);
          return EXIT.notPassing;
        }
        if (outcome.status === 'unchanged') {
          print(`${stubPath(unit)} is already the same as ${chosen!.path}; nothing to restore.`);
          return EXIT.ok;
        }
        store.forgetResult(unit.slug);
        store.save();
        print(`${c.green('Restored')} ${stubPath(unit)} from ${chosen!.path}.`);
        if (outcome.backup) print(`The version it replaced is saved as ${outcome.backup}.`);
        return EXIT.ok;
      }
      case 'watch': {
        const start = command.unit ? unitNamed(units, command.unit) : undefined;
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
    await Promise.all([runner?.close(), checks?.close()]);
  }
}

export interface CliOptions extends RunnerOptions {
  /** the course folder (default: the one this file belongs to) */
  root?: string;
}

/** Parse, run, and turn known errors into one line on stderr and a non-zero exit status. */
export async function cli(argv: string[], { root = repoRoot, ...runnerOptions }: CliOptions = {}): Promise<number> {
  let c = makeColors(wantsColor(process.stderr));
  const parse = (args: string[]) => {
    const command = parseArgs(args);
    c = makeColors(wantsColor(process.stdout, process.env, command.color));
    return command;
  };
  return cliMain(argv, parse, (command) => main(command, c, root, runnerOptions), {
    name: 'course',
    label: (text) => c.red(text),
    expected: [[CourseError, EXIT.broken]],
    // Not a mistake the learner made: keep the detail, it is needed to fix the CLI.
    unexpected: (error) => ({ line: `${c.red('course: unexpected error:')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, status: EXIT.broken }),
  });
}

// `npm run course` starts at course.mjs; running this file directly (tsx src/cli/main.ts) works too.
if (process.argv[1]?.endsWith('src/cli/main.ts')) {
  process.exitCode = await cli(process.argv.slice(2));
}
