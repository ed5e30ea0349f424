// The CLI's text as pure functions: classification, the table, hints, failures, the watch screen.
import { describe, expect, test } from 'vitest';
import { makeColors, stripAnsi, wantsColor } from '../../src/cli/colors';
import { renderHints, revealNextHint } from '../../src/cli/hints';
import type { UnitResult } from '../../src/cli/progress';
import { classify, currentUnit } from '../../src/cli/status';
import { exportedNames, renderFailure, renderNext, renderSolutionLocked, renderTable, testsText, unitLine } from '../../src/cli/table';
import { judge } from '../../src/cli/verdict';
import { fitScreen, renderUnitList, renderWatchScreen, wrapLine } from '../../src/cli/watch';
import { unitPaths, type Unit } from '../../src/course/course';

const plain = makeColors(false);

function unit(number: string, title: string, hints = ['first', 'second', 'third']): Unit {
  const slug = `${number}-u${number}`;
  return { slug, number, title, points: 10, concepts: [], reproduces: [], hints, lesson: `lessons/${slug}.md`, exerciseDir: `exercises/${slug}`, solutionDir: `solutions/${slug}`, paths: unitPaths(slug) };
}

const units = [unit('01', 'One'), unit('02', 'Two'), unit('03', 'Three')];
const pass: UnitResult = { passed: true, passedTests: 4, totalTests: 4 };
const fail: UnitResult = {
  passed: false,
  passedTests: 1,
  totalTests: 5,
  firstFailure: { test: '02 › f(2)', message: 'f(2) should be 4 but returned 5.\n  → Reread lessons/02-u02.md#the-rule' },
};

describe('classification', () => {
  test('the first unit that does not pass is current, later ones are todo, passes stay passed', () => {
    const rows = classify(units, new Map([['01-u01', pass], ['02-u02', fail], ['03-u03', pass]]));
    expect(rows.map((r) => r.status)).toEqual(['passed', 'current', 'passed']);
    expect(currentUnit(rows)?.slug).toBe('02-u02');
    expect(classify(units, new Map()).map((r) => r.status)).toEqual(['current', 'todo', 'todo']);
    expect(currentUnit(classify(units, new Map(units.map((u) => [u.slug, pass]))))).toBeUndefined();
  });
});

describe('progress table', () => {
  test('shows every unit with status, test counts and hints, without colour codes when colours are off', () => {
    const rows = classify(units, new Map([['01-u01', pass], ['02-u02', fail]]), (slug) => (slug === '02-u02' ? 2 : 0));
    const table = renderTable(rows, plain, 'A course');
    expect(table).not.toMatch(/\x1b\[/);
    expect(table).toContain('1 of 3 units pass');
    expect(table).toContain('public tests');
    expect(table).not.toMatch(/\d+ of \d+ points/); // local figures are public tests, not earned points
    expect(table).toMatch(/01 {2}One\s+✓ passed\s+4\/4/);
    expect(table).toMatch(/02 {2}Two\s+▶ current\s+1\/5\s+2\/3/);
    expect(table).toMatch(/03 {2}Three\s+· todo\s+–/);
  });

  test('colours, when on, wrap the same text', () => {
    const rows = classify(units, new Map([['01-u01', pass]]));
    const coloured = renderTable(rows, makeColors(true));
    expect(coloured).toMatch(/\x1b\[/);
    expect(stripAnsi(coloured)).toBe(renderTable(rows, plain));
  });

  test('colours follow the terminal, NO_COLOR and FORCE_COLOR, and an explicit flag wins', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: false }, { CI: 'true' })).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '' })).toBe(false);
    expect(wantsColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(wantsColor({ isTTY: true }, {}, false)).toBe(false);
  });

  test('the next step names the lesson, the file, the functions to write and the commands', () => {
    const [row] = classify(units, new Map());
    const text = renderNext(row, 'export function sigmoid(z: number) {}\nexport const rate = 1;\nfunction helper() {}', plain);
    expect(text).toContain('lessons/01-u01.md');
    expect(text).toContain('exercises/01-u01/index.ts');
    expect(text).toContain('write sigmoid, rate');
    expect(text).toContain('npm run course -- watch');
    expect(text).toContain('npm run course -- hint 01');
    expect(renderNext(undefined, undefined, plain)).toMatch(/finished the course/);
  });

  test('exported names are read from a stub in order', () => {
    expect(exportedNames('export function a() {}\nexport async function b() {}\nexport const c = 1;\n// export function d\nconst e = 2;')).toEqual(['a', 'b', 'c']);
  });
});

describe('hints', () => {
  test('are revealed one at a time, in order, showing the earlier ones again', () => {
    const u = units[0]!;
    expect(revealNextHint(u, 0)).toEqual({ earlier: [], revealed: 'first', shown: 1, total: 3 });
    expect(revealNextHint(u, 2)).toEqual({ earlier: ['first', 'second'], revealed: 'third', shown: 3, total: 3 });
    expect(revealNextHint(u, 3)).toEqual({ earlier: ['first', 'second', 'third'], shown: 3, total: 3 });
    expect(revealNextHint(u, 99).shown).toBe(3);
    const text = renderHints(u, revealNextHint(u, 1), plain);
    expect(text).toMatch(/1\. first[\s\S]*▸ 2\. second[\s\S]*Hint 2 of 3/);
    expect(renderHints(u, revealNextHint(u, 2), plain)).toMatch(/That was the last hint/);
    expect(renderHints(u, revealNextHint(u, 3), plain)).toMatch(/You have seen all 3 hints/);
    // after the last hint, a self-study release points at the reference answer (once the unit passes)
    expect(renderHints(u, revealNextHint(u, 2), plain)).not.toContain('solution');
    expect(renderHints(u, revealNextHint(u, 1), plain, true)).not.toContain('solution');
    expect(renderHints(u, revealNextHint(u, 2), plain, true)).toContain('Once the unit passes, npm run course -- solution 01 shows the reference answer');
  });
});

describe('failures', () => {
  test('show the test, the feedback (call, expected, received) and the lesson section', () => {
    const text = renderFailure(units[1]!, fail, plain);
    expect(text).toContain('✗ 02 › f(2)');
    expect(text).toContain('f(2) should be 4 but returned 5.');
    expect(text).toContain('→ Reread lessons/02-u02.md#the-rule');
  });

  test('a failure without a lesson link gets the unit lesson', () => {
    const text = renderFailure(units[1]!, { ...fail, firstFailure: { test: 't', message: 'expected 1 to be 2' } }, plain);
    expect(text).toContain('→ The lesson: lessons/02-u02.md');
  });

  test('the watch screen: unit, counts, first failure, hints shown so far, keys and timing', () => {
    const screen = renderWatchScreen(
      { unit: units[1]!, result: fail, running: false, ms: 234, hintsShown: 1, consoleOutput: ['debug 42'], passedUnits: 1, totalUnits: 3 },
      plain,
    );
    expect(screen).toContain('Unit 02 · Two');
    expect(screen).toContain('1/3 units');
    expect(screen).toContain('1/5 public tests · ran in 0.23 s');
    expect(screen).toContain('Reread lessons/02-u02.md#the-rule');
    expect(screen).toMatch(/Hints:\n {2}1\. first/);
    expect(screen).not.toContain('second');
    expect(screen).toContain('debug 42');
    expect(screen).toMatch(/h hint \(1\/3\) · r re-run · n next · l list · o lesson · \? help · q quit$/);
  });

  test('a type error is shown first, and a unit with one is not shown as passing', () => {
    const typed = judge({ passed: true, passedTests: 5, totalTests: 5 }, { kind: 'types', message: 'Type errors, so the grader gives this unit 0:\nexercises/02-u02/index.ts:3:9 - error TS2322: …' });
    expect(typed.passed).toBe(false);
    expect(testsText(typed)).toBe('5/5 public tests · type errors');
    const screen = renderWatchScreen({ unit: units[1]!, result: typed, running: false, hintsShown: 0, consoleOutput: [], passedUnits: 0, totalUnits: 3 }, plain);
    expect(screen).toContain('✗ type errors');
    expect(screen).toContain('exercises/02-u02/index.ts:3:9 - error TS2322');
    expect(screen).not.toContain('The lesson:'); // a type error is about the code, not the lesson
    expect(stripAnsi(unitLine(units[1]!, typed, plain))).toMatch(/^✗ 02 · Two {2}5\/5 public tests · type errors$/);
  });

  test('watch fits its screen to the terminal: wrapped at the width, header and keys kept at the height', () => {
    expect(wrapLine('aaa bbb ccc ddd eee', 11)).toEqual(['aaa bbb ccc', 'ddd eee']);
    expect(wrapLine('  → Reread lessons/01-sigmoid.md#computing-it-without-overflow', 30)).toEqual(['  → Reread', '  lessons/01-sigmoid.md#comput', '  ing-it-without-overflow']);
    for (const line of wrapLine(`x ${'word '.repeat(40)}`, 20)) expect(line.length).toBeLessThanOrEqual(20);
    expect(wrapLine('  1. first hint words here', 16)).toEqual(['  1. first hint', '     words here']);
    const screen = ['Unit 04 · Title', 'edit exercises/04/index.ts', '', ...Array.from({ length: 40 }, (_, i) => `body line ${i}`), '', 'h hint · q quit'].join('\n');
    const fitted = fitScreen(screen, 80, 24, { more: 'npm test -- 04 shows everything' }).split('\n');
    expect(fitted).toHaveLength(23);
    expect(fitted.slice(0, 3)).toEqual(['Unit 04 · Title', 'edit exercises/04/index.ts', '']);
    expect(fitted.at(-1)).toBe('h hint · q quit');
    expect(fitted.at(-2)).toMatch(/^… \d+ more lines \(npm test -- 04 shows everything\)$/);
    expect(fitScreen('short\nscreen', 80, 24)).toBe('short\nscreen');
  });

  test('after a pass, where the release has answers, the keys line offers s for that unit', () => {
    const screen = renderWatchScreen({ unit: units[1]!, result: fail, running: false, hintsShown: 0, consoleOutput: [], passedUnits: 1, totalUnits: 3, solutionFor: units[0]! }, plain);
    expect(screen).toMatch(/o lesson · s solution 01 · \? help · q quit$/);
  });

  test('course solution before a pass: what is left, by name, a long list cut, and the first failure', () => {
    const tests = Array.from({ length: 15 }, (_, i) => ({ name: `02 › f(${i})`, state: i < 1 ? ('passed' as const) : ('failed' as const) }));
    const text = renderSolutionLocked(units[1]!, { ...fail, passedTests: 1, totalTests: 15 }, tests, plain);
    expect(text).toContain('The reference answer of unit 02 · Two opens once the unit passes.');
    expect(text).toContain('What is left: 14 of 15 public tests fail.');
    expect(text).not.toContain('✗ 02 › f(0)');
    expect(text).toContain('✗ 02 › f(1)');
    expect(text).toContain('✗ 02 › f(12)');
    expect(text).not.toContain('✗ 02 › f(13)');
    expect(text).toContain('… and 2 more (npm test -- 02 lists them all)');
    expect(text).toContain('→ Reread lessons/02-u02.md#the-rule');
    const typed = judge({ passed: true, passedTests: 5, totalTests: 5 }, { kind: 'types', message: 'Type errors, so the grader gives this unit 0' });
    expect(renderSolutionLocked(units[1]!, typed, [], plain)).toContain('What is left: type errors (the grader gives such a unit 0, whatever its tests say), then 5/5 public tests pass.');
  });

  test('the list view marks the selected unit and the one watched', () => {
    const list = renderUnitList(units, (slug) => (slug === '01-u01' ? pass : undefined), 1, units[0]!, plain);
    expect(list).toMatch(/^ {2}✓ 01 · One +4\/4 ◂$/m);
    expect(list).toMatch(/^▸ · 02 · Two +not run yet$/m);
  });
});
