/**
 * The grader under faults from outside: killed with SIGKILL at random moments and run again (a
 * few rounds here; `npx tsx scripts/grader-faults.ts <rounds>` runs more), cache entries damaged
 * in every way we could think of, a full disk and a read-only output folder.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sha256 } from '../../grader/cache';
import { canMountTmpfs, checkCache, type FaultClass, faultClass, grade, gradeOnTmpfs, killResumeRound, seeded } from './faults';

const ROUNDS = Number(process.env.GRADER_KILL_ROUNDS ?? 3);
const KILLS_PER_ROUND = 2;
const SEED = Number(process.env.GRADER_KILL_SEED ?? 20261123);

let fc: FaultClass;

beforeAll(async () => {
  fc = await faultClass();
}, 300_000);

afterAll(() => {
  if (fc && !process.env.KEEP_ADVERSARIAL) rmSync(fc.root, { recursive: true, force: true });
}, 120_000);

/** One line on stderr, a non-zero exit, no stack frames. */
function expectOneClearLine(run: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe('killed with SIGKILL and run again', () => {
  test(`${ROUNDS} rounds of ${KILLS_PER_ROUND} kills at random moments: the re-run completes, every learner once, the same grades, no damaged entry, no scratch left`, async () => {
    const random = seeded(SEED);
    let kills = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const r = await killResumeRound(fc, KILLS_PER_ROUND, random, String(round));
      kills += r.kills;
      const label = `round ${round} (seed ${SEED}, kills at ${r.killedAtMs.join(', ')} ms)`;
      expect(r.kills, label).toBe(KILLS_PER_ROUND);
      expect(r.failures, label).toEqual([]);
      expect(r.rows, label).toBe(fc.entries);
      expect(r.duplicates, label).toEqual([]);
      expect(r.sameGrades, label).toBe(true);
      expect(r.cache.corrupt, label).toEqual([]);
      expect(r.scratchLeft, `${label}: scratch folders of killed runs left in TMPDIR`).toBe(0);
    }
    console.log(`kill/resume: ${ROUNDS} rounds, ${kills} runs killed, ${ROUNDS} resumed to the reference grades (${fc.entries} learners), 0 lost, 0 duplicated`);
  }, 900_000);

  test('damaged cache entries are found, graded again and rewritten; the grades do not change', async () => {
    const out = join(fc.root, 'damaged');
    expect((await grade(fc.args(out))).status).toBe(0);
    const cacheDir = join(out, '.cache');
    const results = readdirSync(cacheDir).filter((d) => /^[0-9a-f]{2}$/.test(d)).flatMap((d) => readdirSync(join(cacheDir, d)).map((f) => join(cacheDir, d, f))).sort();
    const total = results.length;
    const damage: [string, (text: string, other: string) => string][] = [
      ['cut in half', (t) => t.slice(0, t.length >> 1)],
      ['emptied', () => ''],
      ['garbage', () => '\u0000\u00ff not json at all'],
      ['one number changed, still valid JSON', (t) => t.replace(/"ms":(\d+)/, (_m, n: string) => `"ms":${Number(n) + 1}`)],
      ['another entry copied over it', (_t, other) => other],
      ['the old format: bare JSON without a checksum', (t) => t.slice(t.indexOf('\n') + 1)],
    ];
    damage.forEach(([, hurt], i) => {
      const file = results[i * 3]!;
      writeFileSync(file, hurt(readFileSync(file, 'utf8'), readFileSync(results[i * 3 + 1]!, 'utf8')));
    });
    // The suites' check names: damaged too, with a checksum that holds for a wrong value.
    const namesDir = join(cacheDir, 'suites');
    const names = readdirSync(namesDir)[0]!;
    writeFileSync(join(namesDir, names), `${sha256(names.slice(0, -5), '"abc"')}\n"abc"`);
    expect(checkCache(out).corrupt.length).toBe(damage.length); // the names' checksum holds: only the grader sees that value is wrong

    const rerun = await grade(fc.args(out).filter((a) => a !== '--quiet'));
    expect(rerun.status, rerun.stderr).toBe(0);
    const counts = (stdout: string) => {
      const summary = /(\d+) units run in \d+ sandbox(?:es)?, (\d+) from the cache(?: \((\d+) damaged cache entr(?:y|ies) graded again\))?/.exec(stdout);
      expect(summary, stdout).not.toBeNull();
      return { run: Number(summary![1]), cached: Number(summary![2]), damaged: Number(summary![3] ?? 0) };
    };
    // Learners with the same file share an entry: a damaged one may be found by several of them.
    // (Units that do not compile are graded again without a sandbox, so `run` alone would not tell.)
    const again = counts(rerun.stdout);
    expect(again.damaged, 'damaged entries found').toBeGreaterThanOrEqual(damage.length);
    expect(again.cached, 'units from the cache').toBeGreaterThanOrEqual(total - damage.length); // every entry left whole is read at least once
    expect(readFileSync(join(out, 'grades.csv'), 'utf8')).toBe(fc.reference);
    expect(checkCache(out).corrupt.map((p) => p.slice(out.length))).toEqual([]);
    // Rewritten: a third run grades nothing.
    const third = await grade(fc.args(out).filter((a) => a !== '--quiet'));
    expect(counts(third.stdout)).toMatchObject({ run: 0, damaged: 0 });
    expect(readFileSync(join(out, 'grades.csv'), 'utf8')).toBe(fc.reference);

    // Type errors remembered per file are read only when a unit is graded again: damage every one
    // (cut short, or a checksum that holds for a value of the wrong kind), drop the results, re-run.
    const typesDir = join(cacheDir, 'types');
    const typeEntries = readdirSync(typesDir).flatMap((d) => readdirSync(join(typesDir, d)).map((f) => join(typesDir, d, f)));
    typeEntries.forEach((file, i) => writeFileSync(file, i % 2 === 0 ? '[' : `${sha256(file.slice(-69, -5), '{"a":1}')}\n{"a":1}`));
    for (const d of readdirSync(cacheDir).filter((n) => /^[0-9a-f]{2}$/.test(n))) rmSync(join(cacheDir, d), { recursive: true });
    expect(checkCache(out).corrupt.length).toBe(Math.ceil(typeEntries.length / 2)); // the others' checksums hold
    const fourth = await grade(fc.args(out));
    expect(fourth.status, fourth.stderr).toBe(0);
    expect(readFileSync(join(out, 'grades.csv'), 'utf8')).toBe(fc.reference);
    expect(checkCache(out).corrupt.map((p) => p.slice(out.length))).toEqual([]);
  }, 300_000);
});

describe.skipIf(!canMountTmpfs())('a full disk and a read-only output folder (a tmpfs in a user namespace)', () => {
  test('a full disk: one clear line, exit 2', async () => {
    const run = await gradeOnTmpfs(join(fc.root, 'full'), 'size=12k', fc.args(join(fc.root, 'full', 'grades')));
    expectOneClearLine(run, /^grade: cannot write .*\/full\/grades\/.*: no space left on the disk \(ENOSPC\)$/m);
  }, 120_000);

  test('a read-only folder, the output folder to be made inside it: one clear line, exit 2', async () => {
    const run = await gradeOnTmpfs(join(fc.root, 'ro'), 'ro', fc.args(join(fc.root, 'ro', 'grades')));
    expectOneClearLine(run, /^grade: cannot create the folder .*\/ro\/grades: the file system is read-only \(EROFS\)$/m);
  }, 120_000);

  test('a read-only output folder that exists: refused before grading, one clear line, exit 2', async () => {
    const run = await gradeOnTmpfs(join(fc.root, 'ro2'), 'ro', fc.args(join(fc.root, 'ro2')));
    expectOneClearLine(run, /^grade: cannot write .*\/ro2\/\.grader-manifest\.json: the file system is read-only \(EROFS\)$/m);
    expect(run.ms).toBeLessThan(30_000);
  }, 120_000);
});
