/**
 * `course watch`: the daily loop. Runs the current unit's public tests in one warm vitest, shows
 * the first failure with its lesson link, re-runs on every save under exercises/ or lib/, and moves
 * on to the next unit as soon as the current one passes. Keys: h hint, r re-run, l lesson, q quit
 * (on a terminal, single keys; otherwise one letter per line on stdin).
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Unit } from '../course/units';
import type { Colors } from './colors';
import { unitFingerprint } from './fingerprint';
import { revealNextHint } from './hints';
import type { ProgressStore, UnitResult } from './progress';
import { UnitRunner, type RunnerOptions } from './runner';
import { checkUnits, currentUnit, runAndJudge } from './status';
import { StaticChecks } from './verdict';
import { progressBar, renderFailure } from './table';

export interface WatchIO {
  out: { write(text: string): unknown; isTTY?: boolean };
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  colors: Colors;
}

export interface WatchOptions {
  root: string;
  units: Unit[];
  store: ProgressStore;
  /** start here instead of at the first unit that does not pass */
  start?: Unit;
  io: WatchIO;
  runnerOptions?: RunnerOptions;
}

const CLEAR = '\x1b[2J\x1b[3J\x1b[H';

/** The screen after a run, as a pure function of what is known (tested directly). */
export function renderWatchScreen(
  state: {
    unit: Unit;
    result?: UnitResult;
    running: boolean;
    ms?: number;
    banner?: string;
    note?: string;
    hintsShown: number;
    consoleOutput: string[];
    passedUnits: number;
    totalUnits: number;
  },
  c: Colors,
): string {
  const { unit, result } = state;
  const lines: string[] = [];
  if (state.banner) lines.push(state.banner, '');
  lines.push(`${c.bold(`Unit ${unit.number} · ${unit.title}`)}   ${c.dim(`${progressBar(state.passedUnits, state.totalUnits, 10)} ${state.passedUnits}/${state.totalUnits} units`)}`);
  lines.push(c.dim(`edit ${unit.exerciseDir}/index.ts · read ${unit.lesson}`), '');
  if (state.running && !result) lines.push(c.dim('Running the tests…'));
  else if (result) {
    if (result.totalTests > 0) lines.push(`${result.passedTests} of ${result.totalTests} tests pass`, '');
    if (!result.passed) lines.push(renderFailure(unit, result, c));
  }
  if (state.consoleOutput.length > 0) {
    const shown = state.consoleOutput.join('\n').split('\n');
    lines.push('', c.bold('Your console output:'), ...shown.slice(0, 20).map((l) => c.dim(`  ${l}`)));
    if (shown.length > 20) lines.push(c.dim(`  … ${shown.length - 20} more lines`));
  }
  if (state.hintsShown > 0) {
    lines.push('', c.bold('Hints:'));
    unit.hints.slice(0, state.hintsShown).forEach((h, i) => lines.push(`  ${c.yellow(`${i + 1}.`)} ${h}`));
  }
  if (state.note) lines.push('', state.note);
  const timing = state.running ? c.dim('running…') : state.ms !== undefined ? c.dim(`ran in ${(state.ms / 1000).toFixed(2)} s`) : '';
  const hintKey = state.hintsShown < unit.hints.length ? `h hint (${state.hintsShown}/${unit.hints.length})` : 'all hints shown';
  lines.push('', `${c.dim(`Save to re-run · ${hintKey} · r re-run · l lesson · q quit`)}   ${timing}`);
  return lines.join('\n');
}

export async function runWatch({ root, units, store, start, io, runnerOptions }: WatchOptions): Promise<number> {
  const c = io.colors;
  const tty = Boolean(io.out.isTTY);
  const options = { ...runnerOptions, prewarm: true };
  let runner = await UnitRunner.create(root, options);

  const checks = new StaticChecks(root);
  checks.warm();
  const { rows } = await checkUnits(root, units, store, async () => runner, () => checks);
  const passed = new Set(rows.filter((r) => r.status === 'passed').map((r) => r.unit.slug));
  let unit = start ?? currentUnit(rows);
  if (!unit) {
    io.out.write(`${c.green(c.bold('Every unit passes. You have finished the course!'))}\n`);
    await runner.close();
    return 0;
  }

  let result: UnitResult | undefined;
  let consoleOutput: string[] = [];
  let ms: number | undefined;
  let banner: string | undefined;
  let note: string | undefined;
  let running = false;
  let rerunQueued = false;
  let finished = false;
  let runs = 0;

  const draw = () => {
    const screen = renderWatchScreen(
      { unit: unit!, result, running, ms, banner, note, hintsShown: store.unit(unit!.slug).hintsShown, consoleOutput, passedUnits: passed.size, totalUnits: units.length },
      c,
    );
    io.out.write(tty ? `${CLEAR}${screen}\n` : `\n${c.dim(`── ${unit!.slug} · run ${runs} ──`)}\n${screen}\n`);
  };

  /** The next unit that does not pass, after `from` in course order, then wrapping around. */
  const nextUnit = (from: Unit): Unit | undefined => {
    const i = units.indexOf(from);
    return [...units.slice(i + 1), ...units.slice(0, i)].find((u) => !passed.has(u.slug));
  };

  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  const runCurrent = async (): Promise<void> => {
    if (running) {
      rerunQueued = true;
      return;
    }
    running = true;
    runs += 1;
    if (tty && result) io.out.write(c.dim('\nrunning the tests…\n'));
    try {
      const fingerprint = unitFingerprint(root, unit!);
      const report = await runAndJudge(runner, checks, [unit!]);
      result = report.results.get(unit!.slug)!;
      consoleOutput = report.consoleOutput;
      ms = report.ms;
      store.recordResult(unit!.slug, fingerprint, result);
      store.save();
      if (result.passed) {
        passed.add(unit!.slug);
        const solved = unit!;
        const next = nextUnit(solved);
        banner = c.green(c.bold(`✓ Unit ${solved.number} · ${solved.title} passes all ${result.passedTests} tests!`));
        if (!next) {
          running = false;
          note = undefined;
          draw();
          io.out.write(`\n${c.green(c.bold('Every unit passes. You have finished the course!'))}\n`);
          finished = true;
          resolveDone(0);
          return;
        }
        banner += `\n${c.green(`On to unit ${next.number} · ${next.title}. Read ${next.lesson} first.`)}`;
        unit = next;
        result = undefined;
        note = undefined;
        rerunQueued = true; // run the new unit straight away to show where it starts
      } else {
        passed.delete(unit!.slug);
      }
    } catch (error) {
      result = { passed: false, passedTests: 0, totalTests: 0, firstFailure: { test: 'running the tests', message: (error as Error).message } };
      consoleOutput = [];
      ms = undefined;
      // A runaway test still holds a worker: stop it, and start a fresh runner for the next save.
      await runner.abort();
      runner = await UnitRunner.create(root, options);
    } finally {
      running = false;
    }
    if (finished) return;
    if (rerunQueued) {
      rerunQueued = false;
      await runCurrent();
      return;
    }
    draw();
    if (banner && result && !result.passed) banner = undefined; // show the celebration once
  };

  // Saves under exercises/ and lib/ re-run the current unit (vitest re-imports what changed).
  let debounce: NodeJS.Timeout | undefined;
  const { watch: watchFiles } = await import('chokidar');
  const watcher = watchFiles([join(root, 'exercises'), join(root, 'lib')], {
    ignoreInitial: true,
    ignored: (path) => path.includes('node_modules'),
  });
  watcher.on('all', (_event, changed) => {
    const path = String(changed);
    if (!/\.(ts|js|json|mjs|cjs)$/.test(path)) return;
    runner.invalidate(path);
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      note = undefined;
      void runCurrent();
    }, 20);
  });

  const quit = () => {
    if (finished) return;
    finished = true;
    io.out.write(`\n${c.dim('Stopped watching. Your progress is saved; `npm run course` shows the table.')}\n`);
    resolveDone(0);
  };

  const onKey = (key: string) => {
    if (finished) return;
    switch (key) {
      case 'q':
      case '\u0003': // Ctrl-C in raw mode
      case '\u0004':
        quit();
        break;
      case 'h': {
        const reveal = revealNextHint(unit!, store.unit(unit!.slug).hintsShown);
        store.setHintsShown(unit!.slug, reveal.shown);
        store.save();
        note = reveal.revealed ? undefined : c.dim(`You have seen all ${reveal.total} hints; the lesson has the rest: ${unit!.lesson}`);
        draw();
        break;
      }
      case 'r':
        note = undefined;
        void runCurrent();
        break;
      case 'l': {
        const anchor = /Reread (lessons\/\S+)/.exec(result?.firstFailure?.message ?? '')?.[1] ?? unit!.lesson;
        const page = anchor.replace(/^lessons\/([^#]+)\.md/, 'lessons/$1.html');
        note = `${c.bold('Lesson:')} ${anchor}\n${c.dim(`On the lesson site (npm run lessons, in another terminal): http://localhost:4173/${page}`)}`;
        draw();
        break;
      }
      case '?':
        note = c.dim('Keys: h reveal the next hint · r re-run now · l where to read · q quit. Saving any file under exercises/ re-runs.');
        draw();
        break;
      default:
        break;
    }
  };

  let lines: ReturnType<typeof createInterface> | undefined;
  if (io.input.isTTY && io.input.setRawMode) {
    io.input.setRawMode(true);
    io.input.resume();
    io.input.on('data', (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) onKey(ch.toLowerCase());
    });
  } else {
    lines = createInterface({ input: io.input });
    lines.on('line', (line) => onKey(line.trim().toLowerCase().slice(0, 1)));
  }
  const onSignal = () => quit();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  await runCurrent();
  const code = await done;

  clearTimeout(debounce);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  lines?.close();
  if (io.input.isTTY && io.input.setRawMode) io.input.setRawMode(false);
  io.input.pause();
  await watcher.close();
  await runner.close();
  return code;
}

