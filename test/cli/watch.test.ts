// `course watch` as a learner uses it: save a wrong answer, then a right one, ask for a hint, move on.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { DOUBLE_SOLUTION, makeRelease, makeSandbox, SOLUTION_01, type Sandbox } from './sandbox';
import { loadUnits } from '../../src/course/course';

/** Unit 01's hints, as its meta.json has them (the text is the curriculum's, not this test's). */
const hints01 = loadUnits().find((u) => u.slug === '01-sigmoid')!.hints;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let box: Sandbox;
let child: ChildProcessWithoutNullStreams;
let output = '';
let exitCode: Promise<number | null>;

beforeAll(() => {
  box = makeSandbox();
  makeRelease(box, 'self-study'); // so that s has reference answers to open
  // A run longer than 5 s is reported as an infinite loop (30 s by default).
  child = box.spawnCourse(['watch'], { COURSE_RUN_TIMEOUT_MS: '5000', COURSE_HEAP_MB: '128' });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  exitCode = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
});
afterAll(() => {
  if (child.exitCode === null) child.kill();
  box.remove();
});

/** Wait until the output after `from` matches, and return that part. */
async function waitFor(pattern: RegExp, from: number, timeoutMs = 50_000): Promise<string> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const seen = output.slice(from);
    if (pattern.test(seen)) return seen;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${pattern}; output so far:\n${output.slice(from)}`);
}

describe('npm run course -- watch', () => {
  test('starts on the current unit and shows its first failure with the lesson link', async () => {
    const seen = await waitFor(/q quit/, 0);
    expect(seen).toContain('Unit 01 · The sigmoid and its derivative');
    expect(seen).toContain('0/10 public tests');
    expect(seen).toContain('→ Reread lessons/01-sigmoid.md#the-sigmoid');
    expect(seen).not.toMatch(/\x1b\[/); // not a terminal: no colours, no screen clearing
  });

  test('re-runs on save and shows what a wrong answer returned', async () => {
    const mark = output.length;
    box.write('exercises/01-sigmoid/index.ts', SOLUTION_01.replace(/export function sigmoidPrime[\s\S]*?\n}\n/, 'export function sigmoidPrime(z: number): number {\n  return z * (1 - z);\n}\n'));
    const seen = await waitFor(/ran in[\s\S]*q quit/, mark);
    // The slip is a catalogued one (lib/misconceptions/01-sigmoid.ts): named, with its own section.
    expect(seen).toMatch(/It looks like a\(1−a\) applied to z/);
    expect(seen).toMatch(/sigmoidPrime\(0\) returned 0; the right value is 0\.25\./);
    expect(seen).toContain('→ Reread lessons/01-sigmoid.md#using-z-where-the-activation-belongs');
    // The lesson is kept as data with the result, not only inside its text (lib/feedback.ts).
    const stored = JSON.parse(box.read('.course/progress.json')).units['01-sigmoid'].result.firstFailure;
    expect(stored.lesson).toBe('01-sigmoid#using-z-where-the-activation-belongs');
  });

  test('h reveals a hint, which stays on screen', async () => {
    const mark = output.length;
    child.stdin.write('h\n');
    const seen = await waitFor(new RegExp(`Hints:\\n\\s+1\\. ${escape(hints01[0]!.slice(0, 40))}`), mark);
    expect(seen).toContain(`h hint (1/${hints01.length})`);
  });

  test('s before the unit passes: the reference answer is not open yet', async () => {
    const mark = output.length;
    child.stdin.write('s\n');
    const seen = await waitFor(/opens once the unit passes[\s\S]*q quit/, mark);
    expect(seen).toContain('The reference answer of unit 01 opens once the unit passes.');
    expect(seen).not.toContain('s solution');
    expect(() => box.read('solutions/01-sigmoid/index.ts')).toThrow();
  });

  test('an infinite loop is reported, and the next save is tested again', async () => {
    const mark = output.length;
    box.write('exercises/01-sigmoid/index.ts', SOLUTION_01.replace(/export function sigmoid\(z: number\): number \{/, '$&\n  while (z === z) {}'));
    const seen = await waitFor(/Unit 01 \(01-sigmoid\) did not finish within 5 s, and was stopped: most likely an infinite loop[\s\S]*q quit/, mark);
    expect(seen).toContain('✗ running the tests');
  });

  test('a loop that keeps pushing (a forgotten i++) is one kind line, and watch keeps going', async () => {
    const mark = output.length;
    box.write('exercises/01-sigmoid/index.ts', SOLUTION_01.replace(/export function sigmoid\(z: number\): number \{/, '$&\n  const seen: number[] = [];\n  for (let i = 0; i < 3; ) seen.push(z);'));
    const seen = await waitFor(/Unit 01 \(01-sigmoid\) (used up the 128 MB its tests may use|made an array larger than JavaScript allows), and was stopped[\s\S]*q quit/, mark);
    expect(seen).toContain('forgotten i++');
    expect(child.exitCode).toBeNull();
  });

  test('l lists the units, a number jumps to one and watch stays there; n follows the course again', async () => {
    let mark = output.length;
    child.stdin.write('l\n');
    let seen = await waitFor(/── units ──[\s\S]*02 · Doubling/, mark);
    expect(seen).toMatch(/▸ ✗ 01 · The sigmoid and its derivative .* ◂/);
    mark = output.length;
    child.stdin.write('2\n');
    seen = await waitFor(/Unit 02 · Doubling[\s\S]*ran in.*staying on this unit[\s\S]*q quit/, mark);
    expect(seen).toContain('double(2) is not written yet');
    mark = output.length;
    child.stdin.write('n\n');
    seen = await waitFor(/Unit 01 · The sigmoid[\s\S]*ran in[\s\S]*q quit/, mark);
    expect(seen).not.toContain('staying on this unit');
  });

  test('o gives the lesson link, and says when the lesson site is not running', async () => {
    const mark = output.length;
    child.stdin.write('o\n');
    const seen = await waitFor(/Lesson: lessons\/01-sigmoid\.md[\s\S]*q quit/, mark);
    expect(seen).toContain('The lesson site is not running; start it with `npm run lessons`');
    box.write('.course/lessons-server.json', JSON.stringify({ url: 'http://127.0.0.1:4191', pid: process.pid }));
    const later = output.length;
    child.stdin.write('o\n');
    expect(await waitFor(/On the lesson site: http:\/\/localhost:4191\/lessons\/01-sigmoid\.html/, later)).toBeTruthy();
  });

  test('when the unit passes it moves on to the next one by itself', async () => {
    const mark = output.length;
    const saved = Date.now();
    box.write('exercises/01-sigmoid/index.ts', SOLUTION_01);
    const seen = await waitFor(/Unit 02 · Doubling[\s\S]*q quit/, mark);
    const ms = Date.now() - saved;
    expect(seen).toContain("✓ Unit 01 · The sigmoid and its derivative passes all 10 public tests and the grader's checks!");
    expect(seen).toContain('double(2) is not written yet');
    expect(seen).toContain('Press s to compare with the reference answer of unit 01.');
    expect(seen).toContain('s solution 01');
    const ran = [...seen.matchAll(/ran in (\d+\.\d+) s/g)].map((m) => Number(m[1]));
    console.log(`watch: save → unit 02 shown in ${ms} ms; test runs took ${ran.join(' s, ')} s`);
  });

  test('after the pass, s writes the reference answer of the unit that passed, leaving the learner file alone', async () => {
    const mark = output.length;
    child.stdin.write('s\n');
    const seen = await waitFor(/Reference answer:[\s\S]*q quit/, mark);
    expect(seen).toContain('unit 01 · The sigmoid and its derivative is in solutions/01-sigmoid/index.ts');
    expect(box.read('solutions/01-sigmoid/index.ts')).toBe(SOLUTION_01);
    expect(box.read('exercises/01-sigmoid/index.ts')).toBe(SOLUTION_01);
    // a different file there is never replaced from watch
    box.write('solutions/01-sigmoid/index.ts', '// my notes\n');
    const later = output.length;
    child.stdin.write('s\n');
    expect(await waitFor(/watch leaves it alone[\s\S]*q quit/, later)).toContain('npm run course -- solution 01 asks before replacing it');
    expect(box.read('solutions/01-sigmoid/index.ts')).toBe('// my notes\n');
  });

  test('r re-runs; solving the last unit finishes the course and exits', async () => {
    let mark = output.length;
    child.stdin.write('r\n');
    await waitFor(/Unit 02 · Doubling[\s\S]*q quit/, mark);
    mark = output.length;
    box.write('exercises/02-double/index.ts', DOUBLE_SOLUTION);
    await waitFor(/finished the course/, mark);
    expect(await exitCode).toBe(0);
  });

  test('the results were saved for the table', () => {
    const run = box.course([]);
    expect(run.stdout).toContain('2 of 2 units pass');
  });
});

describe('course watch: q while the learner code hangs', () => {
  test('stops the hung run and exits at once, without waiting for the time limit', async () => {
    const hung = makeSandbox();
    try {
      hung.write('exercises/01-sigmoid/index.ts', SOLUTION_01.replace(/export function sigmoid\(z: number\): number \{/, '$&\n  while (z === z) {}'));
      // A time limit far beyond this test's own: only q can end the run in time.
      const watch = hung.spawnCourse(['watch', '01'], { COURSE_RUN_TIMEOUT_MS: '600000' });
      let seen = '';
      watch.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
      let errors = '';
      watch.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => watch.on('exit', (code) => resolve(code)));
      while (!seen.includes('running the tests of 01-sigmoid')) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 1_500)); // the child is inside the loop by now
      watch.stdin.write('q\n');
      expect(await exited, `${seen}\n${errors}`).toBe(0);
      expect(seen).toContain('Stopped watching.');
      expect(seen).not.toContain('did not finish');
    } finally {
      hung.remove();
    }
  });
});
