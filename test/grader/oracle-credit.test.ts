// The oracle's time is not the learner's: what a job spends computing values its sandbox's oracle
// table lacked (once per class, by whichever learner came first) does not count against the time
// limit; the learner's own code still does. Without it, the first perfect unit 05 of a class spent
// about 3 s of its limit on the table and lost the unit on a busy machine, and with it every learner
// whose unit 05 was the same.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleHarness, readMathjsBundle } from '../../grader/build';
import { extraTime, ORACLE_CREDIT_LIMITS, OracleCredit, type OracleFeed, SandboxPool } from '../../grader/sandbox/pool';

describe('the credit in the time limit', () => {
  const limitMs = 1000;
  test('a job that spent its time on the oracle goes on; its own time is what counts', () => {
    // 2.5 s on the wall and 2.4 s of CPU, of which the oracle took 1.6 s and 1.55 s: 0.9 s and 0.85 s its own.
    expect(extraTime({ limitMs, elapsedMs: 2500, cpuMs: 2400, runnable: true, credit: { wallMs: 1600, cpuMs: 1550 } })).toBe(100);
    // The same job without the credit stops.
    expect(extraTime({ limitMs, elapsedMs: 2500, cpuMs: 2400, runnable: true })).toBe(0);
    // Its own CPU time used up: stop, whatever the oracle took.
    expect(extraTime({ limitMs, elapsedMs: 3000, cpuMs: 2700, runnable: true, credit: { wallMs: 1600, cpuMs: 1550 } })).toBe(0);
    // A job that sleeps after the oracle's work gets the rest of its limit on the wall clock, then stops.
    expect(extraTime({ limitMs, elapsedMs: 1800, cpuMs: 1500, runnable: false, credit: { wallMs: 1500, cpuMs: 1500 } })).toBe(700);
    expect(extraTime({ limitMs, elapsedMs: 2600, cpuMs: 1500, runnable: false, credit: { wallMs: 1500, cpuMs: 1500 } })).toBe(0);
    // Without /proc (no CPU time) the credit still comes off the wall clock.
    expect(extraTime({ limitMs, elapsedMs: 1500, cpuMs: undefined, runnable: false, credit: { wallMs: 800, cpuMs: 0 } })).toBe(300);
  });

  test(`whatever a sandbox claims, the credit adds at most ${ORACLE_CREDIT_LIMITS} limits`, () => {
    const claim = { wallMs: 1e9, cpuMs: 1e9 };
    const cap = ORACLE_CREDIT_LIMITS * limitMs;
    expect(extraTime({ limitMs, elapsedMs: cap + 900, cpuMs: cap + 900, runnable: true, credit: claim })).toBe(100);
    expect(extraTime({ limitMs, elapsedMs: cap + limitMs, cpuMs: cap + limitMs, runnable: true, credit: claim })).toBe(0);
  });

  test('the account: finished misses as the sandbox timed them, plus the one under way as timed here', () => {
    const credit = new OracleCredit();
    expect(credit.at(100, 50)).toEqual({ wallMs: 0, cpuMs: 0 });
    credit.enter(100, 50);
    expect(credit.at(400, 320)).toEqual({ wallMs: 300, cpuMs: 270 });
    credit.leave({ wallMs: 310, cpuMs: 280 });
    expect(credit.at(900, 700)).toEqual({ wallMs: 310, cpuMs: 280 });
    credit.enter(1000, undefined); // the CPU time could not be read: only the wall clock is credited
    expect(credit.at(1200, 900)).toEqual({ wallMs: 510, cpuMs: 280 });
  });
});

// A suite whose one check asks its oracle helper for a value that takes 1.5 s to compute, longer than
// the 1 s limit, and then calls the learner's answer.
const SLOW_ORACLE_SUITE = String.raw`
const { oracleFunction } = require('@grader/oracle');
const slowValue = oracleFunction('slow-value', (ms) => { const end = Date.now() + ms; while (Date.now() < end); return ms; });
exports.checks = [
  { name: 'the answer is what the slow oracle says', run(impl) {
      const expected = slowValue(1500);
      if (impl.answer() !== expected) throw new Error('expected ' + expected);
  } },
];
`;
const RIGHT = 'exports.answer = () => 1500;';
// 20 s on the wall clock: under any load it uses the 1 s limit's CPU time (or meets the wall-clock backstop) long before.
const SLOW_LEARNER = 'exports.answer = () => { const end = Date.now() + 20000; while (Date.now() < end); return 1500; };';

describe('a sandbox whose first job computes the oracle values', () => {
  let pool: SandboxPool;
  const feed: OracleFeed = { enabled: true, snapshot: () => ({}), since: () => [], learn: () => undefined };

  beforeAll(async () => {
    const harness = await bundleHarness();
    pool = new SandboxPool({
      size: 1,
      timeoutMs: 1000,
      memoryMb: 160,
      oracle: feed,
      init: { harness, mathjs: readMathjsBundle(), suites: { slow: SLOW_ORACLE_SUITE }, outputLimit: 2000 },
    });
    await pool.describeSuites();
  }, 60_000);

  afterAll(() => pool?.close());

  test('the learner graded first is not charged for the 1.5 s the oracle took, even across the deadline', async () => {
    const first = await pool.run('slow', RIGHT);
    expect(first.violation).toBeUndefined();
    expect(first.checks).toEqual([{ name: 'the answer is what the slow oracle says', passed: true }]);
    expect(first.oracle?.computeMs).toBeGreaterThan(1400);
  });

  test('the next learner is answered from the table; one whose own code runs past the limit still hits it', async () => {
    const next = await pool.run('slow', RIGHT);
    expect(next.violation).toBeUndefined();
    expect(next.oracle).toMatchObject({ hits: 1, computed: 0 });
    const slow = await pool.run('slow', SLOW_LEARNER);
    expect(slow.violation?.kind).toBe('timeout');
  }, 30_000);
});
