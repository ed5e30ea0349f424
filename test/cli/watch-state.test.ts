// `course watch` as a pure step(state, event) → { state, effects }: every key and transition, without
// a process, a file or a clock (the real thing, driven end to end, is watch.test.ts).
import { describe, expect, test } from 'vitest';
import { makeColors } from '../../src/cli/colors';
import type { UnitResult } from '../../src/cli/progress';
import { COURSE_FINISHED } from '../../src/cli/table';
import { keysOf, screenOf } from '../../src/cli/watch';
import { CLEAR, DEBOUNCE_MS, initialState, step, type Step, type WatchConfig, type WatchEffect, type WatchEvent, type WatchState } from '../../src/cli/watch-state';
import { unitPaths, type Unit } from '../../src/course/course';

const c = makeColors(false);

function unit(number: string, title: string, hints = ['first', 'second', 'third']): Unit {
  const slug = `${number}-u${number}`;
  return { slug, number, title, points: 10, concepts: [], reproduces: [], hints, lesson: `lessons/${slug}.md`, exerciseDir: `exercises/${slug}`, solutionDir: `solutions/${slug}`, paths: unitPaths(slug) };
}
const units = [unit('01', 'One'), unit('02', 'Two'), unit('03', 'Three')];
const [u1, u2, u3] = units as [Unit, Unit, Unit];
const config = (over: Partial<WatchConfig> = {}): WatchConfig => ({ units, colors: c, tty: false, answersHere: true, ...over });

const pass: UnitResult = { passed: true, passedTests: 4, totalTests: 4 };
const fail = (slug: string): UnitResult => ({
  passed: false,
  passedTests: 1,
  totalTests: 4,
  firstFailure: { test: `${slug} › f(2)`, message: `f(2) should be 4 but returned 5.\n  → Reread lessons/${slug}.md#the-rule`, lesson: `${slug}#the-rule` },
});
const ran = (u: Unit, result: UnitResult): WatchEvent => ({ kind: 'ran', unit: u, result, consoleOutput: [], ms: 250 });
const key = (k: string): WatchEvent => ({ kind: 'key', key: k });

/** Apply events in order; the last step, and every effect on the way. */
function play(start: Step | WatchState, ...events: WatchEvent[]): Step & { all: WatchEffect[] } {
  let current: Step = 'config' in start ? { state: start, effects: [] } : start;
  const all = [...current.effects];
  for (const event of events) {
    current = step(current.state, event);
    all.push(...current.effects);
  }
  return { ...current, all };
}
const kinds = (fx: WatchEffect[]) => fx.map((e) => e.kind);
const printed = (fx: WatchEffect[]) => fx.flatMap((e) => (e.kind === 'print' ? [e.text] : [])).join('');
const screens = (fx: WatchEffect[]) => fx.flatMap((e) => (e.kind === 'draw' ? [screenOf(e.state)] : []));
const runs = (fx: WatchEffect[]) => fx.flatMap((e) => (e.kind === 'run' ? [e.unit.slug] : []));

/** Watching unit `u` (pinned when `pin`), whose first run came back with `result`. */
function watching(u: Unit, result: UnitResult, { pin = true, ...over }: { pin?: boolean } & Partial<WatchConfig> = {}): WatchState {
  if (pin) return play(initialState(config(over), { start: u }), ran(u, result)).state;
  return play(initialState(config(over), {}), { kind: 'checked', passing: [], results: new Map(), current: u }, ran(u, result)).state;
}

describe('starting', () => {
  test('with a unit named: stays on it and runs it at once', () => {
    const { state, effects } = initialState(config(), { start: u2, passing: ['01-u01'] });
    expect(kinds(effects)).toEqual(['print', 'run']);
    expect(printed(effects)).toBe('running the tests of 02-u02…\n');
    expect(runs(effects)).toEqual(['02-u02']);
    expect(state).toMatchObject({ unit: u2, pinned: true, checking: false, running: true, runs: 1 });
    expect([...state.passed]).toEqual(['01-u01']);
  });

  test('without one: says it is checking, asks for the check, and only q or Ctrl-C does anything meanwhile', () => {
    const first = initialState(config(), {});
    expect(kinds(first.effects)).toEqual(['print', 'check-units']);
    expect(printed(first.effects)).toBe('Checking which unit to work on… (press q to stop)\n');
    for (const k of ['h', 'r', 'n', 'l', 's', 'o', '?', 'enter']) expect(step(first.state, key(k)).effects, k).toEqual([]);
    expect(step(first.state, { kind: 'line', line: '2' }).effects).toEqual([]);
    expect(step(first.state, { kind: 'tick' }).effects).toEqual([]);
    const quit = step(first.state, key('q'));
    expect(kinds(quit.effects)).toEqual(['print', 'abort-run', 'quit']); // the check may be running a hung unit
    expect(printed(quit.effects)).toContain('Stopped watching.');
    expect(kinds(step(first.state, key('ctrl-c')).effects)).toEqual(['print', 'abort-run', 'quit']);
  });

  test('on a terminal the check message clears the screen first', () => {
    expect(printed(initialState(config({ tty: true }), {}).effects)).toBe(`${CLEAR}Checking which unit to work on… (press q to stop)\n`);
  });

  test('the check finds the current unit and runs it, following the course', () => {
    const { state, effects } = step(initialState(config(), {}).state, { kind: 'checked', passing: ['01-u01'], results: new Map([['01-u01', pass]]), current: u2 });
    expect(runs(effects)).toEqual(['02-u02']);
    expect(state).toMatchObject({ unit: u2, pinned: false, checking: false, running: true });
  });

  test('the check finds every unit passing: the course is finished, said once, and watch quits', () => {
    const { state, effects } = step(initialState(config(), {}).state, { kind: 'checked', passing: units.map((u) => u.slug), results: new Map(), current: undefined });
    expect(kinds(effects)).toEqual(['print', 'quit']);
    expect(printed(effects)).toBe(`${COURSE_FINISHED}\n`);
    expect(effects.at(-1)).toEqual({ kind: 'quit', code: 0 });
    expect(state.finished).toBe(true);
    expect(step(state, key('h')).effects).toEqual([]);
  });
});

describe('runs and their results', () => {
  test('a failing result is drawn with its first failure; the unit stays the same', () => {
    const { state, effects } = play(initialState(config(), { start: u1 }), ran(u1, fail('01-u01')));
    expect(kinds(effects)).toEqual(['draw']);
    const [screen] = screens(effects);
    expect(screen).toContain('── 01-u01 · run 1 ──');
    expect(screen).toContain('1/4 public tests · ran in 0.25 s');
    expect(screen).toContain('→ Reread lessons/01-u01.md#the-rule');
    expect(state).toMatchObject({ running: false, unit: u1 });
    expect(state.results.get('01-u01')).toEqual(fail('01-u01'));
  });

  test('a run that could not happen is said on screen, and watch keeps going', () => {
    const { state, effects } = play(initialState(config(), { start: u1 }), { kind: 'run-failed', unit: u1, message: 'vitest broke' });
    expect(screens(effects)[0]).toContain('The tests could not be run: vitest broke');
    expect(state.finished).toBe(false);
    expect(runs(step(state, key('r')).effects)).toEqual(['01-u01']);
  });

  test('a pass while following the course: the celebration, then straight on to the next unit, shown once', () => {
    const start = play(initialState(config(), {}), { kind: 'checked', passing: [], results: new Map(), current: u1 });
    const passed = step(start.state, ran(u1, pass));
    expect(kinds(passed.effects)).toEqual(['print', 'run']); // no screen for 01: the next unit runs at once
    expect(runs(passed.effects)).toEqual(['02-u02']);
    expect(passed.state).toMatchObject({ unit: u2, pinned: false, result: undefined, lastPassed: u1 });
    expect(passed.state.banner).toBe(
      "✓ Unit 01 · One passes all 4 public tests and the grader's checks!\nPress s to compare with the reference answer of unit 01.\nOn to unit 02 · Two. Read lessons/02-u02.md first.",
    );
    const next = step(passed.state, ran(u2, fail('02-u02')));
    const [screen] = screens(next.effects);
    expect(screen).toContain("✓ Unit 01 · One passes all 4 public tests and the grader's checks!");
    expect(screen).toContain('Unit 02 · Two');
    expect(screen).toContain('s solution 01'); // the unit that passed still offers its answer
    expect(next.state.banner).toBeUndefined(); // the celebration is shown once
    expect(screens(step(next.state, key('?')).effects)[0]).not.toContain('passes all');
  });

  test('a pass while staying on a unit: says where to go, and stays', () => {
    const state = watching(u2, pass);
    expect(state.unit).toBe(u2);
    expect(state.banner).toContain('Press n for unit 01 · One, or l for the list.');
    expect(state.banner).toContain('Press s to compare with the reference answer of unit 02.');
    expect(watching(u2, pass, { answersHere: false }).banner).not.toContain('Press s');
  });

  test('the last unit passing finishes the course: its screen, then the message once, then quit', () => {
    const start = initialState(config(), { start: u3, passing: ['01-u01', '02-u02'] });
    const { state, all } = play(start, ran(u3, pass));
    expect(kinds(all)).toEqual(['print', 'run', 'draw', 'print', 'quit']);
    expect(screens(all)[0]).toContain("✓ Unit 03 · Three passes all 4 public tests and the grader's checks!");
    expect(printed(all).split(COURSE_FINISHED)).toHaveLength(2);
    expect(printed(all).endsWith(`\n${COURSE_FINISHED}\n`)).toBe(true);
    expect(state.finished).toBe(true);
    for (const event of [key('q'), ran(u3, pass), { kind: 'file-changed', path: '/x/a.ts' } as WatchEvent, { kind: 'resize' } as WatchEvent]) expect(step(state, event).effects).toEqual([]);
  });

  test('a result for a unit watch has left is recorded but not shown; the new unit runs next', () => {
    const during = play(initialState(config(), { start: u2 }), { kind: 'line', line: '3' });
    expect(runs(during.effects)).toEqual([]); // one run at a time: 03 waits for 02's
    expect(during.state).toMatchObject({ unit: u3, rerunQueued: true, running: true });
    const back = step(during.state, ran(u2, pass));
    expect(kinds(back.effects)).toEqual(['print', 'run']);
    expect(runs(back.effects)).toEqual(['03-u03']);
    expect(back.state.passed.has('02-u02')).toBe(true);
    expect(back.state.results.get('02-u02')).toEqual(pass);
    expect(back.state.result).toBeUndefined();
    expect(back.state.banner).toBeUndefined();
    expect(back.state.lastPassed).toBeUndefined();
  });

  test('a unit that breaks again no longer counts as passed', () => {
    const state = play(watching(u1, pass), key('r'), ran(u1, fail('01-u01'))).state;
    expect(state.passed.has('01-u01')).toBe(false);
  });

  test('on a terminal: "Running the tests…" under the header before the first result, a line after it', () => {
    const first = initialState(config({ tty: true }), { start: u1 });
    expect(kinds(first.effects)).toEqual(['draw', 'run']);
    const [screen] = screens(first.effects);
    expect(screen.startsWith(CLEAR)).toBe(true);
    expect(screen).toContain('Running the tests…');
    const again = step(play(first, ran(u1, fail('01-u01'))).state, key('r'));
    expect(kinds(again.effects)).toEqual(['print', 'run']);
    expect(printed(again.effects)).toBe('\nrunning the tests…\n');
  });
});

describe('saves and the timer', () => {
  test('a save of a source file invalidates it and restarts the debounce; other files are ignored', () => {
    const state = watching(u1, fail('01-u01'));
    expect(step(state, { kind: 'file-changed', path: '/course/exercises/01-u01/index.ts' }).effects).toEqual([
      { kind: 'invalidate', path: '/course/exercises/01-u01/index.ts' },
      { kind: 'debounce', ms: DEBOUNCE_MS },
    ]);
    for (const ext of ['js', 'json', 'mjs', 'cjs']) expect(kinds(step(state, { kind: 'file-changed', path: `/c/lib/a.${ext}` }).effects)).toEqual(['invalidate', 'debounce']);
    expect(step(state, { kind: 'file-changed', path: '/course/exercises/01-u01/notes.md' }).effects).toEqual([]);
  });

  test('several saves are one run: each restarts the timer, and only its tick runs the unit, clearing the note', () => {
    const noted = play(watching(u1, fail('01-u01')), key('?')).state;
    expect(noted.note).toContain('Keys:');
    const saves = play(noted, { kind: 'file-changed', path: '/c/a.ts' }, { kind: 'file-changed', path: '/c/b.ts' });
    expect(runs(saves.all)).toEqual([]);
    expect(kinds(saves.all).filter((k) => k === 'debounce')).toHaveLength(2);
    const tick = step(saves.state, { kind: 'tick' });
    expect(runs(tick.effects)).toEqual(['01-u01']);
    expect(tick.state.note).toBeUndefined();
    expect(tick.state.runs).toBe(2);
  });

  test('a save during a run queues one more run, started when the result is back (not drawn in between)', () => {
    const running = play(watching(u1, fail('01-u01')), key('r'));
    const queued = play(running.state, { kind: 'tick' }, { kind: 'tick' });
    expect(runs(queued.all)).toEqual([]);
    expect(queued.state.rerunQueued).toBe(true);
    const back = step(queued.state, ran(u1, fail('01-u01')));
    expect(kinds(back.effects)).toEqual(['print', 'run']);
    expect(back.state).toMatchObject({ rerunQueued: false, running: true, runs: 3 });
  });
});

describe('keys', () => {
  test('h reveals the next hint, saves the count, and says so when all are shown', () => {
    let state = watching(u1, fail('01-u01'));
    for (const shown of [1, 2, 3]) {
      const { state: next, effects } = step(state, key('h'));
      expect(effects[0]).toEqual({ kind: 'save-hints', slug: '01-u01', shown });
      expect(next.note).toBeUndefined();
      expect(screens(effects)[0]).toContain(shown < 3 ? `h hint (${shown}/3)` : 'all hints shown');
      state = next;
    }
    expect(screens(step(state, key('h')).effects)[0]).toMatch(/Hints:\n {2}1\. first\n {2}2\. second\n {2}3\. third/);
    const after = step(state, key('h'));
    expect(after.effects[0]).toEqual({ kind: 'save-hints', slug: '01-u01', shown: 3 });
    expect(after.state.note).toBe('You have seen all 3 hints; the lesson has the rest: lessons/01-u01.md');
  });

  test('the hint count starts from the stored one', () => {
    const state = play(initialState(config(), { start: u1, hintsShown: new Map([['01-u01', 2]]) }), ran(u1, fail('01-u01'))).state;
    expect(step(state, key('h')).effects[0]).toEqual({ kind: 'save-hints', slug: '01-u01', shown: 3 });
  });

  test('r re-runs now and clears the note', () => {
    const { state, effects } = step(play(watching(u1, fail('01-u01')), key('?')).state, key('r'));
    expect(runs(effects)).toEqual(['01-u01']);
    expect(state.note).toBeUndefined();
  });

  test('n goes to the next unit that does not pass and follows the course again', () => {
    const { state, effects } = step(watching(u1, fail('01-u01')), key('n'));
    expect(runs(effects)).toEqual(['02-u02']);
    expect(state).toMatchObject({ unit: u2, pinned: false, result: undefined });
    // the only unit left: says so, and stops staying on it
    const alone = play(initialState(config(), { start: u2, passing: ['01-u01', '03-u03'] }), ran(u2, fail('02-u02')), key('n'));
    expect(alone.state).toMatchObject({ unit: u2, pinned: false, note: 'This is the only unit left that does not pass.' });
    expect(kinds(alone.effects)).toEqual(['draw']);
  });

  test('o asks whether the lesson site runs, for the section the failure names (else the unit\'s lesson)', () => {
    const state = watching(u1, fail('01-u01'));
    expect(step(state, key('o')).effects).toEqual([{ kind: 'find-lesson-site', lesson: 'lessons/01-u01.md#the-rule' }]);
    const noLesson = watching(u1, { passed: false, passedTests: 0, totalTests: 4, firstFailure: { test: 't', message: 'expected 1 to be 2' } });
    expect(step(noLesson, key('o')).effects).toEqual([{ kind: 'find-lesson-site', lesson: 'lessons/01-u01.md' }]);
    const up = step(state, { kind: 'lesson-site', lesson: 'lessons/01-u01.md#the-rule', url: 'http://localhost:4191' });
    expect(up.state.note).toBe('Lesson: lessons/01-u01.md#the-rule\nOn the lesson site: http://localhost:4191/lessons/01-u01.html#the-rule');
    expect(kinds(up.effects)).toEqual(['draw']);
    const down = step(state, { kind: 'lesson-site', lesson: 'lessons/01-u01.md', url: undefined });
    expect(down.state.note).toContain('The lesson site is not running; start it with `npm run lessons`');
  });

  test('s before a pass: not yet; in a class release: not here at all', () => {
    const before = step(watching(u1, fail('01-u01')), key('s'));
    expect(before.state.note).toBe('The reference answer of unit 01 opens once the unit passes.');
    expect(kinds(before.effects)).toEqual(['draw']);
    expect(screens(before.effects)[0]).not.toContain('s solution');
    const klass = step(watching(u1, pass, { answersHere: false }), key('s'));
    expect(klass.state.note).toBe('The reference answers are not part of this release: your teacher grades the course.');
    expect(kinds(klass.effects)).toEqual(['draw']);
  });

  test('s after a pass opens the answer of the unit that passed, also once watch has moved on', () => {
    const pinned = watching(u2, pass);
    expect(screens(step(pinned, key('?')).effects)[0]).toContain('s solution 02');
    expect(step(pinned, key('s')).effects).toEqual([{ kind: 'open-solution', unit: u2 }]);
    const movedOn = play(watching(u1, pass, { pin: false }), ran(u2, fail('02-u02'))).state;
    expect(movedOn.unit).toBe(u2);
    expect(step(movedOn, key('s')).effects).toEqual([{ kind: 'open-solution', unit: u1 }]);
    const written = step(pinned, { kind: 'solution-opened', unit: u2, outcome: { status: 'written', path: 'solutions/02-u02/index.ts' } });
    expect(written.state.note).toBe('Reference answer: unit 02 · Two is in solutions/02-u02/index.ts. Compare it with your exercises/02-u02/index.ts, which stays as it is.');
    expect(kinds(written.effects)).toEqual(['draw']);
    const kept = step(pinned, { kind: 'solution-opened', unit: u2, outcome: { status: 'cancelled', path: 'solutions/02-u02/index.ts' } });
    expect(kept.state.note).toBe('solutions/02-u02/index.ts exists and differs from the reference answer; watch leaves it alone. npm run course -- solution 02 asks before replacing it.');
    expect(step(pinned, { kind: 'solution-failed', message: 'sealed file is damaged' }).state.note).toBe('The reference answer cannot be opened: sealed file is damaged');
  });

  test('? lists the keys, with s only where there are answers', () => {
    expect(step(watching(u1, pass), key('?')).state.note).toContain('· s the reference answer of a unit that has passed ·');
    expect(step(watching(u1, pass, { answersHere: false }), key('?')).state.note).not.toContain('reference answer');
  });

  test('q quits; during a run it aborts the run first (a hung loop never comes back)', () => {
    const idle = step(watching(u1, fail('01-u01')), key('q'));
    expect(kinds(idle.effects)).toEqual(['print', 'quit']);
    expect(printed(idle.effects)).toBe('\nStopped watching. Your progress is saved; `npm run course` shows the table.\n');
    const hung = step(initialState(config(), { start: u1 }).state, key('q'));
    expect(kinds(hung.effects)).toEqual(['print', 'abort-run', 'quit']);
    expect(hung.state.finished).toBe(true);
    // the killed run's result comes back later: nothing more happens
    expect(step(hung.state, { kind: 'run-failed', unit: u1, message: 'killed' }).effects).toEqual([]);
    expect(kinds(step(watching(u1, pass), { kind: 'signal' }).effects)).toEqual(['print', 'quit']);
  });

  test('other keys do nothing; a resize redraws', () => {
    const state = watching(u1, fail('01-u01'));
    for (const k of ['x', 'enter', 'up', 'escape', '5']) expect(step(state, key(k)).effects, k).toEqual([]);
    expect(kinds(step(state, { kind: 'resize' }).effects)).toEqual(['draw']);
  });
});

describe('the list of units', () => {
  const listed = () => step(watching(u2, fail('02-u02')), key('l'));

  test('l shows every unit with its last result, the watched one selected', () => {
    const { state, effects } = listed();
    expect(state).toMatchObject({ view: 'list', selected: 1 });
    const [screen] = screens(effects);
    expect(screen).toContain('── units ──');
    expect(screen).toMatch(/▸ ✗ 02 · Two\s+1\/4 ◂/);
  });

  test('↑/↓ and k/j move, wrapping round; Esc or l goes back', () => {
    const moves = (...keys: string[]) => play(listed().state, ...keys.map(key)).state.selected;
    expect(moves('down')).toBe(2);
    expect(moves('down', 'j')).toBe(0);
    expect(moves('up', 'k')).toBe(2);
    for (const back of ['escape', 'l']) {
      const { state, effects } = step(listed().state, key(back));
      expect(state.view).toBe('unit');
      expect(screens(effects)[0]).toContain('Unit 02 · Two');
    }
  });

  test('Enter opens the selected unit and stays there', () => {
    const { state, effects } = play(listed().state, key('up'), key('enter'));
    expect(state).toMatchObject({ unit: u1, pinned: true, view: 'unit', result: undefined });
    expect(runs(effects)).toEqual(['01-u01']);
  });

  test("a unit's two digits jump to it; digits of no unit redraw the list; q quits from the list", () => {
    const half = step(listed().state, key('0'));
    expect(half.effects).toEqual([]);
    const jump = step(half.state, key('3'));
    expect(jump.state).toMatchObject({ unit: u3, pinned: true, view: 'unit', typedDigits: '' });
    expect(runs(jump.effects)).toEqual(['03-u03']);
    const none = play(listed().state, key('9'), key('9'));
    expect(none.state).toMatchObject({ view: 'list', unit: u2, typedDigits: '' });
    expect(kinds(none.effects)).toEqual(['draw']);
    expect(play(listed().state, key('0'), key('x')).state.typedDigits).toBe('');
    expect(kinds(step(listed().state, key('q')).effects)).toEqual(['print', 'quit']);
  });

  test('keys outside the list do not apply inside it', () => {
    for (const k of ['h', 'r', 'n', 'o', 's', '?']) expect(step(listed().state, key(k)).effects, k).toEqual([]);
  });
});

describe('lines on stdin (not a terminal)', () => {
  test('a number jumps to that unit and stays; a number of no unit says so', () => {
    const state = watching(u1, fail('01-u01'), { pin: false });
    const jump = step(state, { kind: 'line', line: ' 2 ' });
    expect(jump.state).toMatchObject({ unit: u2, pinned: true });
    expect(runs(jump.effects)).toEqual(['02-u02']);
    const none = step(state, { kind: 'line', line: '7' });
    expect(none.state.note).toBe('There is no unit 7.');
    expect(kinds(none.effects)).toEqual(['draw']);
  });

  test('a word is its first letter, an empty line is Enter, up/down/escape are keys', () => {
    const state = watching(u1, fail('01-u01'));
    expect(step(state, { kind: 'line', line: 'Hint please' }).effects[0]).toEqual({ kind: 'save-hints', slug: '01-u01', shown: 1 });
    const list = step(state, { kind: 'line', line: 'l' }).state;
    expect(step(list, { kind: 'line', line: 'down' }).state.selected).toBe(1);
    expect(step(list, { kind: 'line', line: 'escape' }).state.view).toBe('unit');
    expect(step(list, { kind: 'line', line: '' }).state).toMatchObject({ unit: u1, view: 'unit', running: true });
  });
});

test('step is pure: the state it was given is left as it was', () => {
  const state = watching(u1, fail('01-u01'), { pin: false });
  const before = { ...state, passed: [...state.passed], results: [...state.results], hintsShown: [...state.hintsShown] };
  for (const event of [key('h'), key('l'), key('q'), ran(u1, pass), { kind: 'tick' } as WatchEvent, { kind: 'line', line: '3' } as WatchEvent]) step(state, event);
  expect({ ...state, passed: [...state.passed], results: [...state.results], hintsShown: [...state.hintsShown] }).toEqual(before);
});

test('raw terminal input becomes key names', () => {
  expect(keysOf('h\x1b[A\x1bOB\x1b[C\r\n\x1bQ\u0003\u0004')).toEqual(['h', 'up', 'down', 'enter', 'enter', 'escape', 'q', 'ctrl-c', 'ctrl-c']);
});
