// A sandbox's jobs in-process, without a sandbox process: the per-job state (JobState, clip),
// cleanError, and runJob grading with a suite evaluated from source text as the harness does it.
import * as crypto from 'node:crypto';
import { builtinModules } from 'node:module';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { describe, expect, test } from 'vitest';
import { readMathjsBundle } from '../../grader/build';
import { nodeOracleDeps } from '../../grader/oracle/memo';
import { cleanError, describeError } from '../../grader/sandbox/errors';
import { clip, JobState, MESSAGE_LIMIT } from '../../grader/sandbox/job';
import type { JobMessage, JobResult } from '../../grader/sandbox/protocol';
import { LearnerRealms } from '../../grader/sandbox/realm';
import { loadUnit, runJob, type JobContext } from '../../grader/sandbox/run-job';
import { graderMathjs, HiddenSuites, OracleTables } from '../../grader/sandbox/suites';

const mathjsSource = readMathjsBundle();
const realms = new LearnerRealms({ vm, builtinModules: new Set(builtinModules), now: () => performance.now() }, mathjsSource);

describe('clip', () => {
  test('keeps a message up to the limit and says how much it cut from a longer one', () => {
    const short = 'x'.repeat(MESSAGE_LIMIT);
    expect(clip(short)).toBe(short);
    const long = 'y'.repeat(MESSAGE_LIMIT + 25);
    expect(clip(long)).toBe(`${'y'.repeat(MESSAGE_LIMIT)}… (25 more characters)`);
  });
});

describe('JobState', () => {
  test('keeps output up to its limit, cuts the line that crosses it and counts the lines dropped after', () => {
    const job = new JobState(10);
    job.capture('12345\n');
    job.capture('abcdefgh\n');
    job.capture('dropped\n');
    job.capture('dropped too\n');
    expect(job.output.join('')).toBe('12345\nabcd…\n');
    expect(job.droppedLines).toBe(2);
  });

  test('keeps the first violation, clipped', () => {
    const job = new JobState(10);
    job.flag({ kind: 'exit', message: 'z'.repeat(MESSAGE_LIMIT + 1) });
    job.flag({ kind: 'forbidden', message: 'later' });
    expect(job.violation).toEqual({ kind: 'exit', message: `${'z'.repeat(MESSAGE_LIMIT)}… (1 more characters)` });
  });

  test("two realms write into their own jobs: one unit's output and violations never reach another's", () => {
    const a = new JobState(100);
    const b = new JobState(100);
    const implA = loadUnit(realms.open(a), "exports.talk = () => { console.log('from a'); process.exit(3); };", 'a.js');
    loadUnit(realms.open(b), "console.log('from b');", 'b.js');
    expect(() => (implA.talk as () => void)()).toThrow('process.exit() is not allowed while grading');
    expect(a.output).toEqual(['from a\n']);
    expect(a.violation).toEqual({ kind: 'exit', message: 'called process.exit(3): graded code may not end the grading process' });
    expect(b.output).toEqual(['from b\n']);
    expect(b.violation).toBeUndefined();
  });
});

describe('cleanError', () => {
  const learnerRealm = vm.createContext();
  const learnerErrors = vm.runInContext('({ Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError })', learnerRealm) as Record<string, ErrorConstructor>;

  test("gives an error of this realm with the kind and message of the learner realm's", () => {
    const thrown = vm.runInContext("new RangeError('too far')", learnerRealm) as unknown;
    expect(thrown instanceof Error).toBe(false);
    const clean = cleanError(thrown, learnerErrors, new JobState(10));
    expect(Object.getPrototypeOf(clean)).toBe(RangeError.prototype);
    expect(clean.message).toBe('too far');
  });

  test('flags an array buffer allocation failure on the job as a memory violation, and nothing else', () => {
    const job = new JobState(10);
    cleanError(new RangeError('Array buffer allocation failed'), learnerErrors, job);
    expect(job.violation?.kind).toBe('memory');
    const other = new JobState(10);
    cleanError(new RangeError('Invalid array length'), learnerErrors, other);
    expect(other.violation).toBeUndefined();
  });

  test('reads nothing it cannot: a throwing getter gives a fixed message', () => {
    const hostile = {
      get message(): string {
        throw new Error('gotcha');
      },
    };
    expect(cleanError(hostile, learnerErrors, new JobState(10)).message).toBe('an error that cannot be read');
    expect(describeError(hostile)).toBe('an error that cannot be read');
    expect(describeError({ name: 'TypeError', message: 'm' })).toBe('TypeError: m');
  });
});

// A suite written for these tests, as the grader bundles one (CommonJS, `checks` exported).
const SUITE = String.raw`
const math = require('mathjs');
exports.checks = [
  { name: 'doubles', run(impl) { if (impl.double(2) !== 4) throw new Error('double(2) gave ' + impl.double(2)); } },
  { name: 'square roots like mathjs', run(impl) { if (impl.root(9) !== math.sqrt(9)) throw new Error('root(9) is not ' + math.sqrt(9)); } },
];
`;

function context(overMemory = false): JobContext {
  const oracles = new OracleTables(nodeOracleDeps(v8, crypto), undefined);
  return {
    suites: new HiddenSuites(vm, { unit: SUITE, broken: 'exports.checks = 3;' }, graderMathjs(vm, mathjsSource), oracles),
    oracles,
    realms,
    outputLimit: 200,
    now: () => performance.now(),
    overMemory: () => overMemory,
  };
}

let ids = 0;
function grade(code: string, slug = 'unit', ctx = context()): Promise<JobResult> {
  const message: JobMessage = { type: 'job', id: ++ids, slug, code };
  return new Promise((resolve) => runJob(message, ctx, resolve));
}

describe('runJob', () => {
  test('the suites load from source text: their check names, and what went wrong with one that does not load', () => {
    const { suites } = context();
    expect(suites.checkNames).toEqual({ unit: ['doubles', 'square roots like mathjs'] });
    expect(suites.suiteErrors).toEqual({ broken: 'the hidden suite of broken does not export `checks`' });
  });

  test("grades each check, with the failing one's feedback, and the learner's output", async () => {
    const result = await grade("exports.double = (x) => { console.log('doubling', x); return 2 * x; }; exports.root = (x) => x / 2;");
    expect(result.checks).toEqual([
      { name: 'doubles', passed: true },
      { name: 'square roots like mathjs', passed: false, feedback: 'root(9) is not 3' },
    ]);
    expect(result.output).toBe('doubling 2\n');
    expect(result.violation).toBeUndefined();
    expect(result.tainted).toBeUndefined();
  });

  test("the learner's own mathjs passes the check that compares with the grader's", async () => {
    const result = await grade("const m = require('mathjs'); exports.double = (x) => m.multiply(2, x); exports.root = (x) => m.sqrt(x);");
    expect(result.checks.map((c) => c.passed)).toEqual([true, true]);
  });

  test("output the learner's microtasks print before the answer is the job's, and the next job starts empty", async () => {
    const ctx = context();
    const first = await grade("Promise.resolve().then(() => console.log('late')); exports.double = (x) => 2 * x; exports.root = Math.sqrt;", 'unit', ctx);
    expect(first.output).toBe('late\n');
    const second = await grade('exports.double = (x) => 2 * x; exports.root = Math.sqrt;', 'unit', ctx);
    expect(second.output).toBe('');
    expect(second.checks.map((c) => c.passed)).toEqual([true, true]);
  });

  test('a changed built-in is a violation, named', async () => {
    const result = await grade('Math.sqrt = () => 3; exports.double = (x) => 2 * x; exports.root = (x) => Math.sqrt(x);');
    expect(result.violation).toEqual({ kind: 'forbidden', message: 'changed built-ins (Math.sqrt): graded code may not modify Math, JSON, the prototypes or other built-ins' });
  });

  test('a module that throws while loading is a load violation, and no check runs', async () => {
    const result = await grade("throw new TypeError('boom');");
    expect(result.checks).toEqual([]);
    expect(result.violation).toEqual({ kind: 'load', message: 'the module failed to load: TypeError: boom' });
  });

  test('a violation during a check stops the checks after it', async () => {
    const result = await grade('exports.double = () => process.exit(1); exports.root = Math.sqrt;');
    expect(result.checks.map((c) => c.name)).toEqual(['doubles']);
    expect(result.violation?.kind).toBe('exit');
  });

  test('a suite that cannot be instantiated is a crash, not a learner violation', async () => {
    const result = await grade('exports.double = (x) => 2 * x;', 'no-such-unit');
    expect(result.violation).toEqual({ kind: 'crash', message: 'the grader could not load the hidden suite of no-such-unit: Error: no hidden suite for no-such-unit' });
  });

  test('a process whose heap is over its share asks to be replaced', async () => {
    const result = await grade('exports.double = (x) => 2 * x; exports.root = Math.sqrt;', 'unit', context(true));
    expect(result.tainted).toBe(true);
  });
});
