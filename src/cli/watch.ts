/**
 * `course watch [unit]`: the daily loop. Runs a unit's public tests and the grader's static checks
 * (verdict.ts) in one warm runner, shows the first failure with its lesson link, re-runs on every
 * save under exercises/ or lib/.
 *
 * Which unit: without a unit it starts on the current one (the first, in course order, that does
 * not pass) and, when that passes, moves on to the new current one. `watch 04`, or a unit picked
 * in the list, stays on that unit; `n` goes back to following the current one.
 *
 * Keys (on a terminal, single keys; otherwise one per line on stdin, where a line with a unit
 * number jumps to it): h hint · r re-run · n next unit · l list of units · o lesson link ·
 * s the reference answer (after a pass, where the release has them: solution.ts) · ? keys · q quit. In the list: ↑/↓ or k/j move, Enter opens, a unit's number jumps, Esc or l goes back.
 *
 * On a terminal the screen is wrapped to its width and cut to its height, keeping the header and
 * the keys line; `q` during a run that hangs stops it at once (the child running it is killed).
 *
 * What each key and event does is the pure `step` of watch-state.ts; this file is the screen (pure
 * functions of a state) and the driver that feeds chokidar, stdin, the timer and the runs into it.
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { runningLessonServer } from '../course/lesson-server';
import type { Unit } from '../course/course';
import { stripAnsi, type Colors } from './colors';
import { unitFingerprint } from './fingerprint';
import { referenceAnswer, releaseKind, revealSolution } from './solution';
import type { ProgressStore, UnitResult } from './progress';
import { UnitRunner, type RunnerOptions } from './runner';
import { checkUnits, currentUnit, runAndJudge } from './status';
import { progressBar, renderFailure, testsText } from './table';
import { StaticChecks } from './verdict';
import { CLEAR, initialState, solutionFor, step, type WatchEffect, type WatchEvent, type WatchState } from './watch-state';

export interface WatchIO {
  out: { write(text: string): unknown; isTTY?: boolean; columns?: number; rows?: number; on?(event: 'resize', listener: () => void): unknown; off?(event: 'resize', listener: () => void): unknown };
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  colors: Colors;
}

export interface WatchOptions {
  root: string;
  units: Unit[];
  store: ProgressStore;
  /** stay on this unit instead of following the first one that does not pass */
  start?: Unit;
  io: WatchIO;
  runnerOptions?: RunnerOptions;
}

export const KEYS_LINE = 'h hint · r re-run · n next · l list · o lesson · ? help · q quit';

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
    /** whether watch stays on this unit (watch 04, or picked in the list) */
    pinned?: boolean;
    /** the unit whose reference answer `s` opens (one that has passed), when this repository has answers */
    solutionFor?: Unit;
  },
  c: Colors,
): string {
  const { unit, result } = state;
  const lines: string[] = [];
  lines.push(`${c.bold(`Unit ${unit.number} · ${unit.title}`)}   ${c.dim(`${progressBar(state.passedUnits, state.totalUnits, 10)} ${state.passedUnits}/${state.totalUnits} units`)}`);
  lines.push(c.dim(`edit ${unit.paths.stub} · read ${unit.paths.lesson}`), '');
  if (state.banner) lines.push(state.banner, '');
  const timing = state.running ? c.dim(' · running…') : state.ms !== undefined ? c.dim(` · ran in ${(state.ms / 1000).toFixed(2)} s`) : '';
  const pin = state.pinned ? c.dim(' · staying on this unit (n: follow the course)') : '';
  if (state.running && !result) lines.push(`${c.dim('Running the tests…')}${pin}`);
  else if (result) {
    lines.push(`${result.passed ? c.green(`✓ ${testsText(result)}; compile, imports and types clean`) : testsText(result)}${timing}${pin}`, '');
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
  const hintKey = state.hintsShown < unit.hints.length ? `h hint (${state.hintsShown}/${unit.hints.length})` : 'all hints shown';
  const keys = KEYS_LINE.replace('h hint', hintKey);
  lines.push('', c.dim(state.solutionFor ? keys.replace(' · ? help', ` · s solution ${state.solutionFor.number} · ? help`) : keys));
  return lines.join('\n');
}

/** The list view: every unit with its last known result; `selected` is highlighted. */
export function renderUnitList(units: Unit[], results: (slug: string) => UnitResult | undefined, selected: number, watched: Unit, c: Colors): string {
  const width = Math.max(...units.map((u) => u.title.length));
  const lines = [`${c.bold('Units')}   ${c.dim('(public tests; ◂ the unit watched)')}`, c.dim('↑/↓ or k/j move · Enter open · 04 jump · Esc or l back · q quit'), ''];
  units.forEach((unit, i) => {
    const result = results(unit.slug);
    const mark = result?.passed ? c.green('✓') : result ? c.red('✗') : c.dim('·');
    const text = `${i === selected ? '▸' : ' '} ${mark} ${unit.number} · ${unit.title.padEnd(width)}  ${c.dim(testsText(result).replace(' public tests', ''))}${unit === watched ? ' ◂' : ''}`;
    lines.push(i === selected ? c.bold(text) : text);
  });
  return lines.join('\n');
}

/** Break one line into pieces no wider than `width` columns, at spaces where it can (colour codes do not count). */
export function wrapLine(line: string, width: number): string[] {
  if (width < 10 || stripAnsi(line).length <= width) return [line];
  // Continuation lines line up under the text: after the leading spaces, and after a hint's "1. ".
  const lead = /^\s*(?:\d+\.\s)?/.exec(stripAnsi(line))![0];
  const indent = ' '.repeat(Math.min(lead.length, Math.floor(width / 3)));
  const words = line.split(/(?<=\S)(?= )/); // each word keeps its leading spaces
  const out: string[] = [];
  let current = '';
  for (const word of words) {
    if (stripAnsi(current + word).length <= width) {
      current += word;
      continue;
    }
    if (stripAnsi(current).trim() !== '') out.push(current);
    let rest = `${indent}${word.replace(/^ +/, '')}`;
    while (stripAnsi(rest).length > width) {
      // A word longer than the line (a URL, a matrix): cut it. Colour codes are rare inside such words.
      out.push(rest.slice(0, width));
      rest = `${indent}${rest.slice(width)}`;
    }
    current = rest;
  }
  if (stripAnsi(current).trim() !== '' || out.length === 0) out.push(current);
  return out;
}

/**
 * Fit a screen to the terminal: wrap every line, and if it is still too tall, keep the header
 * (its first `head` lines) and the keys line, and cut the middle with a note saying what was cut.
 */
export function fitScreen(screen: string, columns: number, rows: number, { head = 3, more = 'npm test -- <unit> shows everything' } = {}): string {
  const lines = screen.split('\n').flatMap((l) => wrapLine(l, columns));
  if (rows < head + 3 || lines.length <= rows - 1) return lines.join('\n');
  const footer = lines.slice(-1);
  const room = rows - 1 - head - footer.length - 1;
  const body = lines.slice(head, lines.length - footer.length);
  const kept = body.slice(0, room);
  const cut = body.length - kept.length;
  return [...lines.slice(0, head), ...kept, `… ${cut} more line${cut === 1 ? '' : 's'} (${more})`, ...footer].join('\n');
}

/** The screen of a state, as the terminal (or the log, when stdout is not one) shows it. */
export function screenOf(state: WatchState, size: { columns?: number; rows?: number } = {}): string {
  const { units, colors: c, tty } = state.config;
  const unit = state.unit!;
  const screen =
    state.view === 'list'
      ? renderUnitList(units, (slug) => (slug === unit.slug && state.result ? state.result : state.results.get(slug)), state.selected, unit, c)
      : renderWatchScreen(
          {
            unit,
            result: state.result,
            running: state.running,
            ms: state.ms,
            banner: state.banner,
            note: state.note,
            hintsShown: state.hintsShown.get(unit.slug) ?? 0,
            consoleOutput: state.consoleOutput,
            passedUnits: state.passed.size,
            totalUnits: units.length,
            pinned: state.pinned,
            solutionFor: solutionFor(state),
          },
          c,
        );
  if (tty) return `${CLEAR}${fitScreen(screen, size.columns ?? 80, size.rows ?? 24, { head: 3, more: `npm test -- ${unit.number} shows everything` })}\n`;
  return `\n${c.dim(`── ${state.view === 'list' ? 'units' : `${unit.slug} · run ${state.runs}`} ──`)}\n${screen}\n`;
}

/** Raw terminal input as key names: arrows, Enter, Esc, Ctrl-C, or the character itself. */
export function keysOf(chunk: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < chunk.length; i++) {
    const rest = chunk.slice(i);
    if (rest.startsWith('\x1b[A') || rest.startsWith('\x1bOA')) (keys.push('up'), (i += 2));
    else if (rest.startsWith('\x1b[B') || rest.startsWith('\x1bOB')) (keys.push('down'), (i += 2));
    else if (rest.startsWith('\x1b[')) i += 2; // another arrow or function key: ignored
    else if (rest[0] === '\x1b') keys.push('escape');
    else if (rest[0] === '\r' || rest[0] === '\n') keys.push('enter');
    else if (rest[0] === '\u0003' || rest[0] === '\u0004') keys.push('ctrl-c');
    else keys.push(rest[0]!.toLowerCase());
  }
  return keys;
}

/** Whether this repository has reference answers for `s` (not a class release). */
function answersIn(root: string): boolean {
  try {
    return releaseKind(root) !== 'class';
  } catch {
    return false;
  }
}

/**
 * The driver: chokidar, stdin, the timer and the runs only turn into events for `step`
 * (watch-state.ts), and this performs the effects it returns. Events raised while effects are being
 * performed wait their turn, so every step sees the state the previous one left.
 */
export async function runWatch({ root, units, store, start, io, runnerOptions }: WatchOptions): Promise<number> {
  const runner = await UnitRunner.create(root, { ...runnerOptions, prewarm: true });
  const checks = new StaticChecks(root);
  checks.warm();

  const config = { units, colors: io.colors, tty: Boolean(io.out.isTTY), answersHere: answersIn(root) };
  const storedResults = () => new Map(units.flatMap((u) => (store.lastResult(u.slug) ? [[u.slug, store.lastResult(u.slug)!] as const] : [])));
  // With a unit named, the stored results that are still fresh say which units pass; without one,
  // the first effect is a check of every unit, which runs the stale ones (q stops that too).
  const passing = start ? units.filter((u) => store.freshResult(u.slug, unitFingerprint(root, u))?.passed).map((u) => u.slug) : [];
  const first = initialState(config, { start, passing, results: storedResults(), hintsShown: new Map(units.map((u) => [u.slug, store.unit(u.slug).hintsShown])) });
  let state = first.state;

  let settle!: { resolve: (code: number) => void; reject: (error: unknown) => void };
  const done = new Promise<number>((resolve, reject) => (settle = { resolve, reject }));
  let debounce: NodeJS.Timeout | undefined;
  /** the abort of a hung run, once `q` asked for it */
  let aborting: Promise<void> | undefined;

  const queue: WatchEvent[] = [];
  let stepping = false;
  /** Perform `effects`, then step through every event raised meanwhile, one at a time. */
  const drain = (effects: WatchEffect[]): void => {
    stepping = true;
    try {
      effects.forEach(perform);
      while (queue.length > 0) {
        const next = step(state, queue.shift()!);
        state = next.state;
        next.effects.forEach(perform);
      }
    } catch (error) {
      settle.reject(error);
    } finally {
      stepping = false;
    }
  };
  const dispatch = (event: WatchEvent): void => {
    queue.push(event);
    if (!stepping) drain([]);
  };

  const runUnit = async (unit: Unit): Promise<void> => {
    let event: WatchEvent;
    try {
      const fingerprint = unitFingerprint(root, unit);
      const report = await runAndJudge(runner, checks, [unit]);
      const result = report.results.get(unit.slug)!;
      store.recordResult(unit.slug, fingerprint, result);
      store.save();
      event = { kind: 'ran', unit, result, consoleOutput: report.consoleOutput, ms: report.ms };
    } catch (error) {
      event = { kind: 'run-failed', unit, message: (error as Error).message };
    }
    dispatch(event);
  };

  const checkAll = async (): Promise<void> => {
    try {
      const checked = await checkUnits(root, units, store, async () => runner, () => checks);
      const passingNow = checked.rows.filter((row) => row.status === 'passed').map((row) => row.unit.slug);
      dispatch({ kind: 'checked', passing: passingNow, results: storedResults(), current: currentUnit(checked.rows) });
    } catch (error) {
      if (!state.finished) settle.reject(error); // q while checking: the abort may break the check, and nobody waits for it
    }
  };

  /** `s`: write the reference answer of the unit that passed (never replacing a different file: the command asks). */
  const openSolution = async (unit: Unit): Promise<void> => {
    let event: WatchEvent;
    try {
      const answer = referenceAnswer(root, unit);
      event = { kind: 'solution-opened', unit, outcome: await revealSolution(root, unit, answer.source, async () => false) };
    } catch (error) {
      event = { kind: 'solution-failed', message: (error as Error).message };
    }
    dispatch(event);
  };

  function perform(effect: WatchEffect): void {
    switch (effect.kind) {
      case 'run':
        void runUnit(effect.unit);
        break;
      case 'check-units':
        void checkAll();
        break;
      case 'print':
        io.out.write(effect.text);
        break;
      case 'draw':
        io.out.write(screenOf(effect.state, { columns: io.out.columns, rows: io.out.rows }));
        break;
      case 'invalidate':
        runner.invalidate(effect.path);
        break;
      case 'debounce':
        clearTimeout(debounce);
        debounce = setTimeout(() => dispatch({ kind: 'tick' }), effect.ms);
        break;
      case 'save-hints':
        store.setHintsShown(effect.slug, effect.shown);
        store.save();
        break;
      case 'find-lesson-site':
        dispatch({ kind: 'lesson-site', lesson: effect.lesson, url: runningLessonServer(root) });
        break;
      case 'open-solution':
        void openSolution(effect.unit);
        break;
      case 'abort-run':
        aborting = runner.abort();
        void checks.close();
        break;
      case 'quit':
        settle.resolve(effect.code);
        break;
    }
  }

  // Saves under exercises/ and lib/ re-run the current unit (vitest re-imports what changed).
  const { watch: watchFiles } = await import('chokidar');
  const watcher = watchFiles([join(root, 'exercises'), join(root, 'lib')], {
    ignoreInitial: true,
    ignored: (path) => path.includes('node_modules'),
  });
  watcher.on('all', (_event, changed) => dispatch({ kind: 'file-changed', path: String(changed) }));

  const raw = Boolean(io.input.isTTY && io.input.setRawMode);
  let lines: ReturnType<typeof createInterface> | undefined;
  if (raw) {
    io.input.setRawMode!(true);
    io.input.resume();
    io.input.on('data', (chunk: Buffer | string) => {
      for (const key of keysOf(chunk.toString())) dispatch({ kind: 'key', key });
    });
  } else {
    lines = createInterface({ input: io.input });
    lines.on('line', (line) => dispatch({ kind: 'line', line }));
  }
  const onResize = () => dispatch({ kind: 'resize' });
  io.out.on?.('resize', onResize);
  const onSignal = () => dispatch({ kind: 'signal' });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    drain(first.effects);
    return await done;
  } finally {
    clearTimeout(debounce);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    io.out.off?.('resize', onResize);
    lines?.close();
    if (raw) io.input.setRawMode!(false);
    io.input.pause();
    await watcher.close();
    if (!aborting && (state.running || state.checking)) aborting = runner.abort(); // an error while a run is out
    await (aborting ?? Promise.all([runner.close(), checks.close()]));
  }
}
