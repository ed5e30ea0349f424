// `course watch` as a learner uses it: save a wrong answer, then a right one, ask for a hint, move on.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { DOUBLE_SOLUTION, makeSandbox, SOLUTION_01, type Sandbox } from './sandbox';

let box: Sandbox;
let child: ChildProcessWithoutNullStreams;
let output = '';
let exitCode: Promise<number | null>;

beforeAll(() => {
  box = makeSandbox();
  // A run longer than 5 s is reported as an infinite loop (30 s by default).
  child = box.spawnCourse(['watch'], { COURSE_RUN_TIMEOUT_MS: '5000' });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  exitCode = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
});
afterAll(() => {
  if (child.exitCode === null) child.kill();
  box.remove();
});

/** Wait until the output after `from` matches, and return that part. */
async function waitFor(pattern: RegExp, from: number, timeoutMs = 30_000): Promise<string> {
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
    expect(seen).toContain('0 of 10 tests pass');
    expect(seen).toContain('→ Reread lessons/01-sigmoid.md#the-sigmoid');
    expect(seen).not.toMatch(/\x1b\[/); // not a terminal: no colours, no screen clearing
  });

  test('re-runs on save and shows what a wrong answer returned', async () => {
    const mark = output.length;
    box.write('exercises/01-sigmoid/index.ts', SOLUTION_01.replace(/export function sigmoidPrime[\s\S]*?\n}\n/, 'export function sigmoidPrime(z: number): number {\n  return z * (1 - z);\n}\n'));
    const seen = await waitFor(/q quit.*ran in/, mark);
    // The slip is a catalogued one (lib/misconceptions/01-sigmoid.ts): named, with its own section.
    expect(seen).toMatch(/It looks like a\(1−a\) applied to z/);
    expect(seen).toMatch(/sigmoidPrime\(0\) returned 0; the right value is 0\.25\./);
    expect(seen).toContain('→ Reread lessons/01-sigmoid.md#using-z-where-the-activation-belongs');
  });

  test('h reveals a hint, which stays on screen', async () => {
    const mark = output.length;
    child.stdin.write('h\n');
    const seen = await waitFor(/Hints:\n\s+1\. σ\(z\) = 1/, mark);
    expect(seen).toContain('h hint (1/3)');
  });

  test('an infinite loop is reported, and the next save is tested again', async () => {
    const mark = output.length;
    box.write('exercises/01-sigmoid/index.ts', SOLUTION_01.replace(/export function sigmoid\(z: number\): number \{/, '$&\n  while (z === z) {}'));
    const seen = await waitFor(/did not finish within 5 s\. Is there an infinite loop\?[\s\S]*q quit/, mark);
    expect(seen).toContain('✗ running the tests');
  });

  test('when the unit passes it moves on to the next one by itself', async () => {
    const mark = output.length;
    const saved = Date.now();
    box.write('exercises/01-sigmoid/index.ts', SOLUTION_01);
    const seen = await waitFor(/Unit 02 · Doubling[\s\S]*q quit/, mark);
    const ms = Date.now() - saved;
    expect(seen).toContain('✓ Unit 01 · The sigmoid and its derivative passes all 10 tests!');
    expect(seen).toContain('double(2) is not written yet');
    const ran = [...seen.matchAll(/ran in (\d+\.\d+) s/g)].map((m) => Number(m[1]));
    console.log(`watch: save → unit 02 shown in ${ms} ms; test runs took ${ran.join(' s, ')} s`);
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
    expect(run.stdout).toContain('2 of 2 units passed');
  });
});
