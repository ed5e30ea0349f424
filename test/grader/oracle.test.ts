// The oracle table (grader/oracle/): the checks' expected values computed once per class. It must
// never change a grade: the demo class grades the same without it, with it cold and with it warm
// from the cache; a hostile learner graded first, in the same sandbox, cannot change what the next
// learner is compared with; a change in the engine starts the table afresh.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleHarness, bundleSuite, readMathjsBundle } from '../../grader/build';
import { buildDemoClass } from '../../grader/demo-class/build';
import { gradeClass, type ClassResult } from '../../grader/grade';
import { callKey, isPlain } from '../../grader/oracle/memo';
import { OracleStore, parentDeps } from '../../grader/oracle/store';
import { OracleTable } from '../../grader/oracle/table';
import { loadUnits } from '../../src/course/course';
import { perfectExercises, writeTree } from '../adversarial/submission';

const work = mkdtempSync(join(tmpdir(), 'grader-oracle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What decides a grade, per learner and unit: every check's verdict and feedback, and the unit's problem. */
const verdicts = (result: ClassResult) =>
  result.students.map((s) => ({ student: s.student, units: s.units.map((u) => ({ slug: u.slug, problem: u.problem?.message, checks: u.checks })) }));

describe('the memo table itself', () => {
  const table = () => new OracleTable(parentDeps, true, false);

  test('a hit is a fresh copy: changing what came back changes nothing the next caller gets', () => {
    let calls = 0;
    const net = table().memo('net', (seed) => {
      calls++;
      return { W: [[Number(seed), 2]], b: new Float64Array([3]) };
    });
    const first = net(1) as { W: number[][]; b: Float64Array };
    first.W[0]![0] = Number.NaN;
    first.b[0] = -1;
    const second = net(1) as { W: number[][]; b: Float64Array };
    second.W[0]![1] = Number.NaN;
    expect(net(1)).toEqual({ W: [[1, 2]], b: new Float64Array([3]) });
    expect(calls).toBe(1);
  });

  test('a function that changes its arguments, or gets a function, a class instance or a getter, is computed every time', () => {
    const t = table();
    let calls = 0;
    const bump = t.memo('bump', (xs) => {
      calls++;
      (xs as number[])[0]! += 1;
      return (xs as number[])[0];
    });
    const xs = [1];
    expect([bump(xs), bump(xs), bump(xs)]).toEqual([2, 3, 4]);
    const twice = t.memo('twice', (f) => {
      calls++;
      return (f as () => number)() * 2;
    });
    expect([twice(() => 1), twice(() => 2)]).toEqual([2, 4]);
    class Box { constructor(readonly v: number) {} }
    let n = 0;
    const getter = { get v() { return ++n; } };
    expect(isPlain([new Box(1)])).toBe(false);
    expect(isPlain([getter])).toBe(false);
    expect(callKey('x', [getter], parentDeps)).toBeUndefined();
    expect(calls).toBe(5);
  });

  test('keys tell −0 from 0, NaN from undefined, 1 from "1", and arrays by content', () => {
    const key = (...args: unknown[]) => callKey('f', args, parentDeps)!.key;
    expect(new Set([key(0), key(-0), key(Number.NaN), key(undefined), key(1), key('1'), key(null)]).size).toBe(7);
    expect(key([1, 2])).toBe(key([1, 2]));
    expect(key([1, 2])).not.toBe(key([2, 1]));
    expect(key(new Float64Array([1]))).not.toBe(key([1]));
    expect(callKey('f', [1], parentDeps)!.key).not.toBe(callKey('g', [1], parentDeps)!.key);
    // The same values whether V8 holds 1 as a small integer or as a double, e.g. after crossing a process boundary.
    const doubles = [0.5, 2.5];
    doubles[0]! += 0.5;
    const crossed = parentDeps.deserialize(parentDeps.serialize([1, 2.5]));
    expect(key(doubles)).toBe(key(crossed));
    expect(key({ w: doubles, b: [-0] })).not.toBe(key({ w: doubles, b: [0] }));
  });
});

describe('the demo class grades the same with and without the table', () => {
  // Units 01, 02 and 11 declare oracle helpers (01 is the demo class's unit of misconceptions); 11 also
  // goes through the engine's boundary (residualGradients) and its catalogue's predicted values.
  const units = loadUnits().filter((u) => ['01-sigmoid', '02-chain-rule', '11-residual-connections'].includes(u.slug));
  const classDir = join(work, 'demo');
  const oracleDir = join(work, 'demo-oracle');
  let without: ClassResult;
  let cold: ClassResult;
  let warm: ClassResult;

  beforeAll(async () => {
    buildDemoClass(units, classDir);
    const run = (oracle: boolean) => gradeClass({ submissionsDir: classDir, units, jobs: 2, timeoutMs: 20_000, memoryMb: 256, oracleDir, oracle });
    without = await run(false);
    cold = await run(true);
    warm = await run(true);
  }, 1_200_000);

  test('every verdict and every message is the same', () => {
    expect(verdicts(cold)).toEqual(verdicts(without));
    expect(verdicts(warm)).toEqual(verdicts(without));
  });

  test('the table was used: off, nothing; cold, the grader computed each value once; warm, it all came from the cache', () => {
    expect(without.stats.oracle).toMatchObject({ hits: 0, entries: 0, graderComputed: 0 });
    expect(cold.stats.oracle!.hits).toBeGreaterThan(1000);
    expect(cold.stats.oracle!.loaded).toBe(0);
    expect(cold.stats.oracle!.graderComputed).toBe(cold.stats.oracle!.entries);
    expect(warm.stats.oracle!.loaded).toBe(cold.stats.oracle!.entries);
    // Warm, the sandboxes compute only what cannot be memoised (calls on Tensors, on the learner's functions…).
    expect(warm.stats.oracle!.graderComputed).toBe(0);
    expect(warm.stats.oracle!.hits).toBeGreaterThan(cold.stats.oracle!.hits);
    expect(readdirSync(join(oracleDir, 'oracle')).filter((f) => f.startsWith('11-residual-connections-'))).toHaveLength(1);
  });
});

describe("units whose checks declare their own oracle helpers grade the same with and without the table", () => {
  // Units 04 and 05 take their random nets, the engine's gradients and slip values, finite differences
  // and the 30-layer experiment from oracleFunction helpers. Three learners (honest, a named
  // misconception in both units, untouched stubs) rather than the demo class, which has almost nothing
  // in these units and would make this run several times longer.
  const units = loadUnits().filter((u) => ['04-backprop-mlp', '05-vanishing-gradients'].includes(u.slug));
  const classDir = join(work, 'own-helpers');
  const oracleDir = join(work, 'own-helpers-oracle');
  let without: ClassResult;
  let cold: ClassResult;
  let warm: ClassResult;

  beforeAll(async () => {
    const perfect = perfectExercises();
    const slip = (slug: string, from: string, to: string) => {
      const code = perfect[`${slug}/index.ts`]!;
      if (!code.includes(from)) throw new Error(`the solution of ${slug} no longer contains ${from}`);
      return code.replace(from, to);
    };
    // Both forget the /m of dW (a catalogued slip in each unit).
    const forgetsM = {
      ...perfect,
      '04-backprop-mlp/index.ts': slip('04-backprop-mlp', 'const dW1 = matmul(transpose(X), delta1).map((row) => row.map((x) => x / m));', 'const dW1 = matmul(transpose(X), delta1);'),
      '05-vanishing-gradients/index.ts': slip('05-vanishing-gradients', 'dW: matmul(transpose(As[l]!), delta).map((row) => row.map((x) => x / m)),', 'dW: matmul(transpose(As[l]!), delta),'),
    };
    writeTree(join(classDir, 'a-honest', 'exercises'), perfect);
    writeTree(join(classDir, 'b-forgets-m', 'exercises'), forgetsM);
    writeTree(join(classDir, 'c-stub', 'exercises'), perfectExercises('stub'));
    const run = (oracle: boolean) => gradeClass({ submissionsDir: classDir, units, jobs: 2, timeoutMs: 60_000, memoryMb: 256, oracleDir, oracle });
    without = await run(false);
    cold = await run(true);
    warm = await run(true);
  }, 1_200_000);

  test('every verdict and every message is the same, and the learners are what they were meant to be', () => {
    expect(verdicts(cold)).toEqual(verdicts(without));
    expect(verdicts(warm)).toEqual(verdicts(without));
    const [honest, forgetsM, stub] = without.students;
    expect(honest!.units.every((u) => u.checks.every((c) => c.passed))).toBe(true);
    for (const u of forgetsM!.units) expect(u.checks.some((c) => !c.passed && /It looks like/.test(JSON.stringify(c)))).toBe(true);
    expect(stub!.units.every((u) => u.checks.every((c) => !c.passed))).toBe(true);
  });

  test('the helpers were answered from the table: warm, the grader computed nothing and the sandboxes hit more', () => {
    expect(cold.stats.oracle!.graderComputed).toBeGreaterThan(0);
    expect(warm.stats.oracle!.loaded).toBe(cold.stats.oracle!.entries);
    expect(warm.stats.oracle!.graderComputed).toBe(0);
    expect(warm.stats.oracle!.hits).toBeGreaterThan(cold.stats.oracle!.hits);
  });
});

describe('a hostile learner cannot poison the table', () => {
  const units = loadUnits().filter((u) => ['02-chain-rule', '11-residual-connections'].includes(u.slug));
  // Correct answers, after which every number of every argument is overwritten with NaN: the
  // membrane writes that back into the check's own arrays, among them values the table returned.
  const scribble = `
const scribble = (v: unknown): void => {
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) typeof v[i] === 'number' ? (v[i] = Number.NaN) : scribble(v[i]);
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) scribble((v as Record<string, unknown>)[k]);
};`;
  const hostile = (code: string, names: string[]) =>
    names.reduce((text, name) => text.replace(`export function ${name}(`, `function honest_${name}(`), code) +
    scribble +
    names.map((name) => `\nexport function ${name}(...args: Parameters<typeof honest_${name}>): ReturnType<typeof honest_${name}> {\n  const result = honest_${name}(...args);\n  for (const a of args) scribble(a);\n  return result;\n}`).join('');

  test('the learner graded after it, in the same sandbox, is graded as if it were alone', async () => {
    const perfect = perfectExercises();
    const classDir = join(work, 'hostile');
    const files = { ...perfect };
    files['02-chain-rule/index.ts'] = hostile(perfect['02-chain-rule/index.ts']!, ['chainForward', 'chainLocalGradients', 'chainBackward']);
    files['11-residual-connections/index.ts'] = hostile(perfect['11-residual-connections/index.ts']!, ['residualChainForward', 'residualChainLocalGradients', 'residualNetForwardBackward']);
    writeTree(join(classDir, 'a-hostile', 'exercises'), files);
    writeTree(join(classDir, 'b-honest', 'exercises'), perfect);
    const aloneDir = join(work, 'alone');
    writeTree(join(aloneDir, 'b-honest', 'exercises'), perfect);

    const options = { units, jobs: 1, timeoutMs: 30_000, memoryMb: 256 };
    const both = await gradeClass({ ...options, submissionsDir: classDir, oracleDir: join(work, 'hostile-oracle') });
    const alone = await gradeClass({ ...options, submissionsDir: aloneDir, oracleDir: join(work, 'alone-oracle') });
    const [a, b] = both.students;
    expect(a!.student).toBe('a-hostile');
    // The attack is seen where it is (the checks that inputs stay unchanged fail)…
    expect(a!.units.every((u) => u.checks.some((c) => !c.passed))).toBe(true);
    // …and costs the next learner nothing: they were compared with the same values as when graded alone.
    expect(b!.units.every((u) => u.checks.every((c) => c.passed))).toBe(true);
    expect(verdicts({ ...both, students: [b!] })).toEqual(verdicts(alone));
    // The grader's table after the attack holds exactly what an honest run's does, for every key both have.
    const entries = (dir: string, slug: string) => {
      const file = readdirSync(join(dir, 'oracle')).find((f) => f.startsWith(`${slug}-`))!;
      const text = readFileSync(join(dir, 'oracle', file), 'utf8');
      return new Map(JSON.parse(text.slice(text.indexOf('\n') + 1)) as [string, string][]);
    };
    for (const u of units) {
      const attacked = entries(join(work, 'hostile-oracle'), u.slug);
      const honest = entries(join(work, 'alone-oracle'), u.slug);
      const shared = [...honest.keys()].filter((k) => attacked.has(k));
      expect(shared.length).toBeGreaterThan(0);
      const value = (text: string) => parentDeps.deserialize(Buffer.from(text, 'base64'));
      for (const k of shared) expect(value(attacked.get(k)!)).toEqual(value(honest.get(k)!));
    }
  }, 600_000);
});

describe('the table is kept per suite, engine and catalogue', () => {
  /** The engine's sigmoid changed (a bug fix, say), as bundleSuite would bundle it. */
  const engineChanged: Plugin = {
    name: 'engine-changed',
    setup(b) {
      b.onLoad({ filter: /grader[\\/]engine[\\/]ops-activation\.ts$/ }, (args) => ({
        contents: readFileSync(args.path, 'utf8').replace('const onePlus = 1 + e;', 'const onePlus = e + 1;'),
        loader: 'ts',
      }));
    },
  };

  test('a change in the engine starts the unit afresh and drops the old table; a damaged table is counted and not used', async () => {
    const [harness, code, changed] = await Promise.all([bundleHarness(), bundleSuite('01-sigmoid'), bundleSuite('01-sigmoid', [engineChanged])]);
    expect(changed).not.toBe(code);
    expect(changed).toContain('onePlus = e + 1');
    const dir = join(work, 'invalidation');
    const store = (suite: string) => new OracleStore({ dir, enabled: true, suites: { '01-sigmoid': suite }, mathjs: readMathjsBundle(), harness });
    const args = (z: number) => Buffer.from(parentDeps.serialize([z])).toString('base64');
    const misses: [string, string][] = [['fn.engineSigmoidAt', args(0.5)], ['fn.mathjsSigmoidPrime', args(2)], ['engine.relativeError', Buffer.from(parentDeps.serialize([[1, 2], [1, 2.5]])).toString('base64')]];

    const first = store(code);
    first.learn('01-sigmoid', { misses, hits: 0, computed: 0, computeMs: 0 });
    await first.settled();
    expect(first.sizes()['01-sigmoid']).toBe(3);
    first.save();
    expect(store(code).sizes()['01-sigmoid']).toBe(3);

    const afterChange = store(changed);
    expect(afterChange.sizes()['01-sigmoid']).toBe(0);
    afterChange.learn('01-sigmoid', { misses: misses.slice(0, 1), hits: 0, computed: 0, computeMs: 0 });
    await afterChange.settled();
    afterChange.save();
    const files = readdirSync(join(dir, 'oracle'));
    expect(files).toHaveLength(1);
    expect(store(code).sizes()['01-sigmoid']).toBe(0); // the old engine's table is gone

    // One number changed by hand: the checksum no longer matches, nothing of it is used.
    const path = join(dir, 'oracle', files[0]!);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/"([A-Za-z0-9+/]{4})/, '"AAAA'));
    const damaged = store(changed);
    expect(damaged.sizes()['01-sigmoid']).toBe(0);
    expect(damaged.damaged).toBe(1);
  }, 120_000);

  test('what a sandbox reports is recomputed by the grader: a function it does not know, or arguments that are not data, store nothing', async () => {
    const [harness, code] = await Promise.all([bundleHarness(), bundleSuite('01-sigmoid')]);
    const store = new OracleStore({ enabled: true, suites: { '01-sigmoid': code }, mathjs: readMathjsBundle(), harness });
    store.learn('01-sigmoid', {
      misses: [['fn.noSuchOracle', Buffer.from(parentDeps.serialize([1])).toString('base64')], ['fn.engineSigmoidAt', 'not base64 of anything'], ['fn.engineSigmoidAt', Buffer.from(parentDeps.serialize({ not: 'a list' })).toString('base64')]],
      hits: 0, computed: 0, computeMs: 0,
    });
    await store.settled();
    expect(store.sizes()['01-sigmoid']).toBe(0);
    expect(store.refused).toBe(3);
  });
});
