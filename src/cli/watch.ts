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
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { lessonOf } from '../../lib/feedback';
import { runningLessonServer } from '../course/lesson-server';
import type { Unit } from '../course/course';
import { stripAnsi, type Colors } from './colors';
import { unitFingerprint } from './fingerprint';
import { revealNextHint } from './hints';
import { referenceAnswer, releaseKind, revealSolution } from './solution';
import type { ProgressStore, UnitResult } from './progress';
import { UnitRunner, type RunnerOptions } from './runner';
import { checkUnits, currentUnit, runAndJudge } from './status';
import { progressBar, renderFailure, testsText } from './table';
import { StaticChecks } from './verdict';

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

const CLEAR = '\x1b[2J\x1b[3J\x1b[H';

/** Thrown inside a run whose result nobody waits for any more. */
const SUPERSEDED = Symbol('superseded');

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
  lines.push(c.dim(`edit ${unit.exerciseDir}/index.ts · read ${unit.lesson}`), '');
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

export async function runWatch({ root, units, store, start, io, runnerOptions }: WatchOptions): Promise<number> {
  const c = io.colors;
  const tty = Boolean(io.out.isTTY);
  const options = { ...runnerOptions, prewarm: true };
  const runner = await UnitRunner.create(root, options);
  const checks = new StaticChecks(root);
  checks.warm();

  const passed = new Set<string>();
  /** whether this repository has reference answers for `s` (not a class release) */
  let answersHere: boolean;
  try {
    answersHere = releaseKind(root) !== 'class';
  } catch {
    answersHere = false;
  }
  /** the last unit that passed while watching: `s` opens its answer after watch has moved on */
  let lastPassed: Unit | undefined;
  const solutionFor = (): Unit | undefined => (!answersHere || !unit ? undefined : passed.has(unit.slug) && result?.passed ? unit : lastPassed && passed.has(lastPassed.slug) ? lastPassed : undefined);
  let unit: Unit | undefined = start;
  let pinned = start !== undefined;
  /** the first check of every unit, when no unit was named (q works meanwhile) */
  let checking = false;

  let result: UnitResult | undefined;
  let consoleOutput: string[] = [];
  let ms: number | undefined;
  let banner: string | undefined;
  let note: string | undefined;
  let running = false;
  let rerunQueued = false;
  let finished = false;
  let runs = 0;
  let view: 'unit' | 'list' = 'unit';
  let selected = 0;
  let typedDigits = '';

  const draw = () => {
    if (finished || !unit) return;
    let screen: string;
    if (view === 'list') {
      screen = renderUnitList(units, (slug) => (slug === unit!.slug && result ? result : store.lastResult(slug)), selected, unit!, c);
    } else {
      screen = renderWatchScreen(
        { unit: unit!, result, running, ms, banner, note, hintsShown: store.unit(unit!.slug).hintsShown, consoleOutput, passedUnits: passed.size, totalUnits: units.length, pinned, solutionFor: solutionFor() },
        c,
      );
    }
    if (tty) {
      const fitted = fitScreen(screen, io.out.columns ?? 80, io.out.rows ?? 24, { head: view === 'list' ? 3 : 3, more: `npm test -- ${unit!.number} shows everything` });
      io.out.write(`${CLEAR}${fitted}\n`);
    } else {
      io.out.write(`\n${c.dim(`── ${view === 'list' ? 'units' : `${unit!.slug} · run ${runs}`} ──`)}\n${screen}\n`);
    }
  };

  /** The first unit in course order that does not pass (other than `except`). */
  const firstUnfinished = (except?: Unit): Unit | undefined => units.find((u) => u !== except && !passed.has(u.slug));

  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  const switchTo = (next: Unit, pin: boolean) => {
    unit = next;
    pinned = pin;
    result = undefined;
    consoleOutput = [];
    ms = undefined;
    note = undefined;
    view = 'unit';
    void runCurrent();
  };

  const runCurrent = async (): Promise<void> => {
    if (finished) return;
    if (running) {
      rerunQueued = true;
      return;
    }
    running = true;
    runs += 1;
    const target = unit!;
    if (!tty) io.out.write(c.dim(`running the tests of ${target.slug}…\n`));
    else if (view === 'unit' && result) io.out.write(c.dim('\nrunning the tests…\n'));
    else if (view === 'unit') draw(); // "Running the tests…" under the unit's header
    try {
      const fingerprint = unitFingerprint(root, target);
      const report = await runAndJudge(runner, checks, [target]);
      const fresh = report.results.get(target.slug)!;
      store.recordResult(target.slug, fingerprint, fresh);
      store.save();
      if (fresh.passed) passed.add(target.slug);
      else passed.delete(target.slug);
      // Quit meanwhile, or moved to another unit (whose run is queued): nothing to show.
      if (finished || target !== unit) throw SUPERSEDED;
      result = fresh;
      consoleOutput = report.consoleOutput;
      ms = report.ms;
      if (fresh.passed) {
        const next = firstUnfinished();
        lastPassed = target;
        banner = c.green(c.bold(`✓ Unit ${target.number} · ${target.title} passes all ${fresh.passedTests} public tests and the grader's checks!`));
        if (answersHere) banner += `\n${c.green(`Press s to compare with the reference answer of unit ${target.number}.`)}`;
        if (!next) {
          running = false;
          note = undefined;
          draw();
          io.out.write(`\n${c.green(c.bold('Every unit passes. You have finished the course!'))}\n`);
          finished = true;
          resolveDone(0);
          return;
        }
        if (pinned) {
          banner += `\n${c.green(`Press n for unit ${next.number} · ${next.title}, or l for the list.`)}`;
        } else {
          banner += `\n${c.green(`On to unit ${next.number} · ${next.title}. Read ${next.lesson} first.`)}`;
          unit = next;
          result = undefined;
          note = undefined;
          rerunQueued = true; // run the new unit straight away to show where it starts
        }
      }
    } catch (error) {
      // Not the learner's code (that is reported in the result): say it on screen and keep watching.
      if (error !== SUPERSEDED && !finished) {
        result = { passed: false, passedTests: 0, totalTests: 0, firstFailure: { test: 'running the tests', message: `The tests could not be run: ${(error as Error).message}` } };
        consoleOutput = [];
        ms = undefined;
      }
    } finally {
      running = false;
    }
    if (finished) return;
    if (rerunQueued) {
      rerunQueued = false;
      await runCurrent();
      return;
    }
    if (view === 'unit') draw();
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

  const lessonNote = (): string => {
    const anchor = lessonOf(result?.firstFailure) ?? unit!.lesson;
    const page = anchor.replace(/^lessons\/([^#]+)\.md/, 'lessons/$1.html');
    const site = runningLessonServer(root);
    return site
      ? `${c.bold('Lesson:')} ${anchor}\n${c.dim('On the lesson site:')} ${site}/${page}`
      : `${c.bold('Lesson:')} ${anchor}\n${c.dim('The lesson site is not running; start it with `npm run lessons` in another terminal, then press o again for its link.')}`;
  };

  /** `s`: write the reference answer of the unit that passed (never replacing a different file: the command asks). */
  const showSolution = async (): Promise<void> => {
    const target = solutionFor();
    if (!answersHere) note = c.dim('The reference answers are not part of this release: your teacher grades the course.');
    else if (!target) note = c.dim(`The reference answer of unit ${unit!.number} opens once the unit passes.`);
    else {
      try {
        const answer = referenceAnswer(root, target);
        const outcome = await revealSolution(root, target, answer.source, async () => false);
        note =
          outcome.status === 'cancelled'
            ? c.yellow(`${outcome.path} exists and differs from the reference answer; watch leaves it alone. npm run course -- solution ${target.number} asks before replacing it.`)
            : `${c.bold('Reference answer:')} unit ${target.number} · ${target.title} is in ${outcome.path}. Compare it with your ${target.exerciseDir}/index.ts, which stays as it is.`;
      } catch (error) {
        note = c.red(`The reference answer cannot be opened: ${(error as Error).message}`);
      }
    }
    if (!finished && view === 'unit') draw();
  };

  const jumpToNumber = (digits: string): boolean => {
    const found = units.find((u) => u.number === digits.padStart(2, '0'));
    if (!found) return false;
    switchTo(found, true);
    return true;
  };

  const onListKey = (key: string) => {
    if (/^\d$/.test(key)) {
      // A unit's two-digit number jumps to it: 0 then 4 for unit 04.
      typedDigits += key;
      if (typedDigits.length === 2) {
        const digits = typedDigits;
        typedDigits = '';
        if (!jumpToNumber(digits)) draw();
      }
      return;
    }
    typedDigits = '';
    switch (key) {
      case 'up':
      case 'k':
        selected = (selected - 1 + units.length) % units.length;
        draw();
        break;
      case 'down':
      case 'j':
        selected = (selected + 1) % units.length;
        draw();
        break;
      case 'enter':
        switchTo(units[selected]!, true);
        break;
      case 'escape':
      case 'l':
        view = 'unit';
        draw();
        break;
      case 'q':
        quit();
        break;
      default:
        break;
    }
  };

  const onKey = (key: string) => {
    if (finished) return;
    if (key === 'ctrl-c' || (!unit && key === 'q')) return quit();
    if (!unit) return; // still finding the unit to work on
    if (view === 'list') return onListKey(key);
    switch (key) {
      case 'q':
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
      case 'n': {
        const next = firstUnfinished(unit) ?? firstUnfinished();
        if (next && next !== unit) switchTo(next, false);
        else {
          pinned = false;
          note = c.dim('This is the only unit left that does not pass.');
          draw();
        }
        break;
      }
      case 'l':
        view = 'list';
        selected = units.indexOf(unit!);
        typedDigits = '';
        draw();
        break;
      case 'o':
        note = lessonNote();
        draw();
        break;
      case 's':
        void showSolution();
        break;
      case '?':
        note = c.dim(
          `Keys: h reveal the next hint · r re-run now · n next unit that does not pass · l list of units (jump to any) · o where to read in the lesson${answersHere ? ' · s the reference answer of a unit that has passed' : ''} · q quit. Saving any file under exercises/ or lib/ re-runs.`,
        );
        draw();
        break;
      default:
        break;
    }
  };

  /** Raw terminal input as key names: arrows, Enter, Esc, Ctrl-C, or the character itself. */
  const keysOf = (chunk: string): string[] => {
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
  };

  let lines: ReturnType<typeof createInterface> | undefined;
  if (io.input.isTTY && io.input.setRawMode) {
    io.input.setRawMode(true);
    io.input.resume();
    io.input.on('data', (chunk: Buffer | string) => {
      for (const key of keysOf(chunk.toString())) onKey(key);
    });
  } else {
    lines = createInterface({ input: io.input });
    lines.on('line', (line) => {
      const word = line.trim().toLowerCase();
      if (/^\d{1,2}$/.test(word)) {
        if (!jumpToNumber(word)) {
          note = c.dim(`There is no unit ${word}.`);
          draw();
        }
      } else if (word === '') onKey('enter');
      else if (word === 'up' || word === 'down' || word === 'escape') onKey(word);
      else onKey(word.slice(0, 1));
    });
  }
  const onResize = () => draw();
  io.out.on?.('resize', onResize);
  const onSignal = () => quit();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // Which units pass: with a unit named, the stored results that are still fresh are enough;
  // without one, stale units are run to find the current one (q stops that too).
  if (start) {
    for (const u of units) if (store.freshResult(u.slug, unitFingerprint(root, u))?.passed) passed.add(u.slug);
  } else {
    checking = true;
    io.out.write(`${tty ? CLEAR : ''}${c.dim('Checking which unit to work on… (press q to stop)')}\n`);
    const checked = await Promise.race([checkUnits(root, units, store, async () => runner, () => checks), done.then(() => undefined)]);
    if (checked) {
      checking = false;
      for (const row of checked.rows) if (row.status === 'passed') passed.add(row.unit.slug);
      unit = currentUnit(checked.rows);
      if (!unit) {
        io.out.write(`${c.green(c.bold('Every unit passes. You have finished the course!'))}\n`);
        finished = true;
        resolveDone(0);
      }
    }
  }
  if (!finished) void runCurrent();
  const code = await done;

  clearTimeout(debounce);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  io.out.off?.('resize', onResize);
  lines?.close();
  if (io.input.isTTY && io.input.setRawMode) io.input.setRawMode(false);
  io.input.pause();
  await watcher.close();
  if (running || checking) {
    // A run that hangs: kill its child now rather than wait for a loop that never ends.
    await runner.abort();
    void checks.close();
  } else {
    await Promise.all([runner.close(), checks.close()]);
  }
  return code;
}
