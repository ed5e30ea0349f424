/**
 * `course watch` as a state and a pure `step(state, event) → { state, effects }` (rustlings' shape).
 * Events are what happens: a key, a line on stdin, a saved file, the debounce timer, a run's result,
 * an answer to an effect. Effects are what the driver (watch.ts) must do: run a unit, print, draw
 * the screen, restart the timer, save hints, look up the lesson site, open an answer, abort the run,
 * quit. Nothing here touches a file, a process or the clock, so every key and transition is tested
 * directly (test/cli/watch-state.test.ts); watch.ts only feeds events in and performs effects.
 */
import { lessonOf } from '../../lib/feedback';
import type { Unit } from '../course/course';
import type { Colors } from './colors';
import { revealNextHint } from './hints';
import type { UnitResult } from './progress';
import type { RevealOutcome } from './solution';
import { COURSE_FINISHED } from './table';

export const CLEAR = '\x1b[2J\x1b[3J\x1b[H';

/** How long after the last save the unit re-runs: an editor's save is often several file events. */
export const DEBOUNCE_MS = 20;

/** The files whose saves re-run the unit (what vitest re-imports). */
const WATCHED_FILE = /\.(ts|js|json|mjs|cjs)$/;

export interface WatchConfig {
  units: Unit[];
  colors: Colors;
  /** on a terminal: single keys, a cleared and fitted screen; otherwise a log of screens */
  tty: boolean;
  /** whether this repository has reference answers for `s` (not a class release) */
  answersHere: boolean;
}

export interface WatchState {
  readonly config: WatchConfig;
  /** the unit watched; undefined while the first check finds it */
  unit?: Unit;
  /** whether watch stays on this unit (watch 04, or picked in the list) rather than follow the course */
  pinned: boolean;
  /** the first check of every unit is under way (no unit was named) */
  checking: boolean;
  /** units that pass, by slug */
  passed: ReadonlySet<string>;
  /** every unit's last known result (what the store holds), for the list */
  results: ReadonlyMap<string, UnitResult>;
  hintsShown: ReadonlyMap<string, number>;
  /** what the screen shows of the watched unit's last run */
  result?: UnitResult;
  consoleOutput: string[];
  ms?: number;
  /** the celebration after a pass, shown until the next unit's first failure has been drawn */
  banner?: string;
  /** the answer to the last key (a hint's end, the lesson link, the reference answer…) */
  note?: string;
  /** a run is out and its result not back */
  running: boolean;
  /** run again as soon as the current run is back */
  rerunQueued: boolean;
  finished: boolean;
  runs: number;
  view: 'unit' | 'list';
  /** the highlighted row of the list */
  selected: number;
  /** the first digit of a unit's number typed in the list */
  typedDigits: string;
  /** the last unit that passed while watching: `s` opens its answer after watch has moved on */
  lastPassed?: Unit;
}

export type WatchEvent =
  /** the first check found which units pass; `current` is the first that does not (none: the course is done) */
  | { kind: 'checked'; passing: string[]; results: ReadonlyMap<string, UnitResult>; current?: Unit }
  /** a key name: a character, or up, down, enter, escape, ctrl-c */
  | { kind: 'key'; key: string }
  /** a line on stdin, when it is not a terminal */
  | { kind: 'line'; line: string }
  | { kind: 'file-changed'; path: string }
  /** the debounce timer fired */
  | { kind: 'tick' }
  /** a run's result (already recorded in the store) */
  | { kind: 'ran'; unit: Unit; result: UnitResult; consoleOutput: string[]; ms: number }
  /** the tests could not be run at all (not the learner's code: that is in a result) */
  | { kind: 'run-failed'; unit: Unit; message: string }
  /** the answer to find-lesson-site */
  | { kind: 'lesson-site'; lesson: string; url?: string }
  /** the answer to open-solution */
  | { kind: 'solution-opened'; unit: Unit; outcome: RevealOutcome }
  | { kind: 'solution-failed'; message: string }
  | { kind: 'resize' }
  /** SIGINT or SIGTERM */
  | { kind: 'signal' };

export type WatchEffect =
  /** run the unit's public tests and static checks, record the result, answer with ran or run-failed */
  | { kind: 'run'; unit: Unit }
  /** find which units pass, answer with checked */
  | { kind: 'check-units' }
  | { kind: 'print'; text: string }
  /** show the screen of this state */
  | { kind: 'draw'; state: WatchState }
  /** tell the runner a file changed, so the next run re-imports it */
  | { kind: 'invalidate'; path: string }
  /** (re)start the timer: a tick after `ms` unless restarted */
  | { kind: 'debounce'; ms: number }
  | { kind: 'save-hints'; slug: string; shown: number }
  /** is the lesson site running? answer with lesson-site */
  | { kind: 'find-lesson-site'; lesson: string }
  /** write the unit's reference answer where the learner can read it, answer with solution-opened or solution-failed */
  | { kind: 'open-solution'; unit: Unit }
  /** kill the child running the tests now (a hung run), rather than wait for it */
  | { kind: 'abort-run' }
  | { kind: 'quit'; code: number };

export interface Step {
  state: WatchState;
  effects: WatchEffect[];
}

export interface WatchStart {
  /** stay on this unit instead of following the first one that does not pass */
  start?: Unit;
  /** with `start`: the units whose stored results are fresh and pass */
  passing?: string[];
  results?: ReadonlyMap<string, UnitResult>;
  hintsShown?: ReadonlyMap<string, number>;
}

/** The state when watch starts, and what to do first: run the named unit, or find the current one. */
export function initialState(config: WatchConfig, { start, passing = [], results = new Map(), hintsShown = new Map() }: WatchStart): Step {
  const s: WatchState = {
    config,
    unit: start,
    pinned: start !== undefined,
    checking: start === undefined,
    passed: new Set(passing),
    results,
    hintsShown,
    consoleOutput: [],
    running: false,
    rerunQueued: false,
    finished: false,
    runs: 0,
    view: 'unit',
    selected: 0,
    typedDigits: '',
  };
  const fx: WatchEffect[] = [];
  if (start) startRun(s, fx);
  else fx.push(print(`${config.tty ? CLEAR : ''}${config.colors.dim('Checking which unit to work on… (press q to stop)')}\n`), { kind: 'check-units' });
  return { state: s, effects: fx };
}

/** What happens to the state on one event, and what the driver must do about it. Pure: `state` is left as it is. */
export function step(state: WatchState, event: WatchEvent): Step {
  const s: WatchState = { ...state };
  const fx: WatchEffect[] = [];
  if (s.finished) return { state: s, effects: fx };
  switch (event.kind) {
    case 'checked':
      checked(s, fx, event);
      break;
    case 'key':
      onKey(s, fx, event.key);
      break;
    case 'line':
      onLine(s, fx, event.line);
      break;
    case 'file-changed':
      if (!WATCHED_FILE.test(event.path)) break;
      fx.push({ kind: 'invalidate', path: event.path }, { kind: 'debounce', ms: DEBOUNCE_MS });
      break;
    case 'tick':
      if (!s.unit) break; // still finding the unit: that check runs the files as they are now
      s.note = undefined;
      startRun(s, fx);
      break;
    case 'ran':
    case 'run-failed':
      runBack(s, fx, event);
      break;
    case 'lesson-site':
      s.note = lessonNote(s.config.colors, event.lesson, event.url);
      draw(s, fx);
      break;
    case 'solution-opened':
    case 'solution-failed':
      s.note = solutionNote(s.config.colors, event);
      if (s.view === 'unit') draw(s, fx);
      break;
    case 'resize':
      draw(s, fx);
      break;
    case 'signal':
      quit(s, fx);
      break;
  }
  return { state: s, effects: fx };
}

/** The unit whose reference answer `s` opens: the watched one once it passes, else the last that passed, if it still does. */
export function solutionFor(s: WatchState): Unit | undefined {
  if (!s.config.answersHere || !s.unit) return undefined;
  if (s.passed.has(s.unit.slug) && s.result?.passed) return s.unit;
  return s.lastPassed && s.passed.has(s.lastPassed.slug) ? s.lastPassed : undefined;
}

const print = (text: string): WatchEffect => ({ kind: 'print', text });

function draw(s: WatchState, fx: WatchEffect[]): void {
  if (!s.finished && s.unit) fx.push({ kind: 'draw', state: { ...s } });
}

/** The first unit in course order that does not pass (other than `except`). */
function firstUnfinished(s: WatchState, except?: Unit): Unit | undefined {
  return s.config.units.find((u) => u !== except && !s.passed.has(u.slug));
}

function startRun(s: WatchState, fx: WatchEffect[]): void {
  if (s.running) {
    s.rerunQueued = true;
    return;
  }
  const { tty, colors: c } = s.config;
  const unit = s.unit!;
  s.running = true;
  s.runs += 1;
  if (!tty) fx.push(print(c.dim(`running the tests of ${unit.slug}…\n`)));
  else if (s.view === 'unit' && s.result) fx.push(print(c.dim('\nrunning the tests…\n')));
  else if (s.view === 'unit') draw(s, fx); // "Running the tests…" under the unit's header
  fx.push({ kind: 'run', unit });
}

function switchTo(s: WatchState, fx: WatchEffect[], unit: Unit, pin: boolean): void {
  Object.assign(s, { unit, pinned: pin, result: undefined, consoleOutput: [], ms: undefined, note: undefined, view: 'unit' });
  startRun(s, fx);
}

function quit(s: WatchState, fx: WatchEffect[]): void {
  fx.push(print(`\n${s.config.colors.dim('Stopped watching. Your progress is saved; `npm run course` shows the table.')}\n`));
  // A run that hangs: kill its child now rather than wait for a loop that never ends.
  if (s.running || s.checking) fx.push({ kind: 'abort-run' });
  s.finished = true;
  fx.push({ kind: 'quit', code: 0 });
}

/** Every unit passes: say so (after the last screen, when there was one) and stop. */
function courseFinished(s: WatchState, fx: WatchEffect[], afterScreen: boolean): void {
  const c = s.config.colors;
  fx.push(print(`${afterScreen ? '\n' : ''}${c.green(c.bold(COURSE_FINISHED))}\n`));
  s.finished = true;
  fx.push({ kind: 'quit', code: 0 });
}

function checked(s: WatchState, fx: WatchEffect[], event: Extract<WatchEvent, { kind: 'checked' }>): void {
  s.checking = false;
  s.passed = new Set(event.passing);
  s.results = event.results;
  s.unit = event.current;
  if (!s.unit) courseFinished(s, fx, false);
  else startRun(s, fx);
}

function runBack(s: WatchState, fx: WatchEffect[], event: Extract<WatchEvent, { kind: 'ran' | 'run-failed' }>): void {
  const c = s.config.colors;
  s.running = false;
  if (event.kind === 'ran') {
    // Recorded whichever unit is on screen now: the list and what passes stay true.
    const passed = new Set(s.passed);
    if (event.result.passed) passed.add(event.unit.slug);
    else passed.delete(event.unit.slug);
    s.passed = passed;
    s.results = new Map(s.results).set(event.unit.slug, event.result);
  }
  // Moved to another unit meanwhile (whose run is queued): nothing to show.
  if (event.unit === s.unit) {
    if (event.kind === 'run-failed') {
      s.result = { passed: false, passedTests: 0, totalTests: 0, firstFailure: { test: 'running the tests', message: `The tests could not be run: ${event.message}` } };
      s.consoleOutput = [];
      s.ms = undefined;
    } else {
      const { unit, result } = event;
      s.result = result;
      s.consoleOutput = event.consoleOutput;
      s.ms = event.ms;
      if (result.passed) {
        const next = firstUnfinished(s);
        s.lastPassed = unit;
        s.banner = c.green(c.bold(`✓ Unit ${unit.number} · ${unit.title} passes all ${result.passedTests} public tests and the grader's checks!`));
        if (s.config.answersHere) s.banner += `\n${c.green(`Press s to compare with the reference answer of unit ${unit.number}.`)}`;
        if (!next) {
          s.note = undefined;
          draw(s, fx);
          courseFinished(s, fx, true);
          return;
        }
        if (s.pinned) s.banner += `\n${c.green(`Press n for unit ${next.number} · ${next.title}, or l for the list.`)}`;
        else {
          s.banner += `\n${c.green(`On to unit ${next.number} · ${next.title}. Read ${next.lesson} first.`)}`;
          Object.assign(s, { unit: next, result: undefined, note: undefined, rerunQueued: true }); // run the new unit straight away to show where it starts
        }
      }
    }
  }
  if (s.rerunQueued) {
    s.rerunQueued = false;
    startRun(s, fx);
    return;
  }
  if (s.view === 'unit') draw(s, fx);
  if (s.banner && s.result && !s.result.passed) s.banner = undefined; // show the celebration once
}

function jumpToNumber(s: WatchState, fx: WatchEffect[], digits: string): boolean {
  const found = s.config.units.find((u) => u.number === digits.padStart(2, '0'));
  if (!found) return false;
  switchTo(s, fx, found, true);
  return true;
}

function onKey(s: WatchState, fx: WatchEffect[], key: string): void {
  if (key === 'ctrl-c' || (!s.unit && key === 'q')) return quit(s, fx);
  if (!s.unit) return; // still finding the unit to work on
  if (s.view === 'list') return onListKey(s, fx, key);
  const unit = s.unit;
  const c = s.config.colors;
  switch (key) {
    case 'q':
      quit(s, fx);
      break;
    case 'h': {
      const reveal = revealNextHint(unit, s.hintsShown.get(unit.slug) ?? 0);
      s.hintsShown = new Map(s.hintsShown).set(unit.slug, reveal.shown);
      fx.push({ kind: 'save-hints', slug: unit.slug, shown: reveal.shown });
      s.note = reveal.revealed ? undefined : c.dim(`You have seen all ${reveal.total} hints; the lesson has the rest: ${unit.lesson}`);
      draw(s, fx);
      break;
    }
    case 'r':
      s.note = undefined;
      startRun(s, fx);
      break;
    case 'n': {
      const next = firstUnfinished(s, unit) ?? firstUnfinished(s);
      if (next && next !== unit) switchTo(s, fx, next, false);
      else {
        s.pinned = false;
        s.note = c.dim('This is the only unit left that does not pass.');
        draw(s, fx);
      }
      break;
    }
    case 'l':
      Object.assign(s, { view: 'list', selected: s.config.units.indexOf(unit), typedDigits: '' });
      draw(s, fx);
      break;
    case 'o':
      fx.push({ kind: 'find-lesson-site', lesson: lessonOf(s.result?.firstFailure) ?? unit.lesson });
      break;
    case 's': {
      const target = solutionFor(s);
      if (s.config.answersHere && target) {
        fx.push({ kind: 'open-solution', unit: target });
        break;
      }
      s.note = c.dim(s.config.answersHere ? `The reference answer of unit ${unit.number} opens once the unit passes.` : 'The reference answers are not part of this release: your teacher grades the course.');
      draw(s, fx);
      break;
    }
    case '?':
      s.note = c.dim(
        `Keys: h reveal the next hint · r re-run now · n next unit that does not pass · l list of units (jump to any) · o where to read in the lesson${s.config.answersHere ? ' · s the reference answer of a unit that has passed' : ''} · q quit. Saving any file under exercises/ or lib/ re-runs.`,
      );
      draw(s, fx);
      break;
    default:
      break;
  }
}

function onListKey(s: WatchState, fx: WatchEffect[], key: string): void {
  const { units } = s.config;
  if (/^\d$/.test(key)) {
    // A unit's two-digit number jumps to it: 0 then 4 for unit 04.
    s.typedDigits += key;
    if (s.typedDigits.length === 2) {
      const digits = s.typedDigits;
      s.typedDigits = '';
      if (!jumpToNumber(s, fx, digits)) draw(s, fx);
    }
    return;
  }
  s.typedDigits = '';
  switch (key) {
    case 'up':
    case 'k':
      s.selected = (s.selected - 1 + units.length) % units.length;
      draw(s, fx);
      break;
    case 'down':
    case 'j':
      s.selected = (s.selected + 1) % units.length;
      draw(s, fx);
      break;
    case 'enter':
      switchTo(s, fx, units[s.selected]!, true);
      break;
    case 'escape':
    case 'l':
      s.view = 'unit';
      draw(s, fx);
      break;
    case 'q':
      quit(s, fx);
      break;
    default:
      break;
  }
}

/** A line on stdin (not a terminal): a unit's number jumps to it, an empty line is Enter, a word is its first letter. */
function onLine(s: WatchState, fx: WatchEffect[], line: string): void {
  const word = line.trim().toLowerCase();
  if (/^\d{1,2}$/.test(word)) {
    if (!s.unit) return; // still finding the unit to work on
    if (!jumpToNumber(s, fx, word)) {
      s.note = s.config.colors.dim(`There is no unit ${word}.`);
      draw(s, fx);
    }
  } else if (word === '') onKey(s, fx, 'enter');
  else if (word === 'up' || word === 'down' || word === 'escape') onKey(s, fx, word);
  else onKey(s, fx, word.slice(0, 1));
}

function lessonNote(c: Colors, lesson: string, site: string | undefined): string {
  const page = lesson.replace(/^lessons\/([^#]+)\.md/, 'lessons/$1.html');
  return site
    ? `${c.bold('Lesson:')} ${lesson}\n${c.dim('On the lesson site:')} ${site}/${page}`
    : `${c.bold('Lesson:')} ${lesson}\n${c.dim('The lesson site is not running; start it with `npm run lessons` in another terminal, then press o again for its link.')}`;
}

function solutionNote(c: Colors, event: Extract<WatchEvent, { kind: 'solution-opened' | 'solution-failed' }>): string {
  if (event.kind === 'solution-failed') return c.red(`The reference answer cannot be opened: ${event.message}`);
  const { unit, outcome } = event;
  return outcome.status === 'cancelled'
    ? c.yellow(`${outcome.path} exists and differs from the reference answer; watch leaves it alone. npm run course -- solution ${unit.number} asks before replacing it.`)
    : `${c.bold('Reference answer:')} unit ${unit.number} · ${unit.title} is in ${outcome.path}. Compare it with your ${unit.paths.stub}, which stays as it is.`;
}
