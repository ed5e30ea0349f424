// The sandbox on its own: what Node's permission model denies, what crosses the realm membrane and
// how, and that every hostile behaviour scores as a violation without harming the next unit.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleHarness, bundleSuite, readMathjsBundle } from '../../grader/build';
import { extraTime, processCpu, SandboxPool, sandboxNodeArgs, spawnLimited, startupDataKb } from '../../grader/sandbox/pool';
import { repoRoot } from '../../src/course/paths';

// A suite written for these tests: each check states one property of the membrane.
const PROBE_SUITE = String.raw`
const fail = (m) => { throw new Error(m); };
exports.checks = [
  { name: 'learner sees arrays, objects and functions of its own realm', run(impl) {
      const seen = impl.inspect([1, 2], { a: [3] }, () => 5);
      if (seen !== 'own realm') fail('learner saw: ' + seen);
  } },
  { name: "patching the learner realm's prototypes leaves the grader's alone", run(impl) {
      impl.patch([1, 2, 3]);
      if ([1].every(() => false)) fail('grader Array.prototype.every was patched');
      if (Math.abs(-2) !== 2) fail('grader Math.abs was patched');
  } },
  { name: 'returning the input gives the very same array back', run(impl) {
      const x = [1, 2, 3];
      if (impl.same(x) !== x) fail('identity lost');
  } },
  { name: 'mutating the input is visible to the check', run(impl) {
      const x = [[1, 2], [3, 4]];
      impl.mutate(x);
      if (x[0][0] !== 99 || x.length !== 3) fail('mutation not written back: ' + JSON.stringify(x));
  } },
  { name: 'a crafted return value is copied to plain data', run(impl) {
      const r = impl.crafted();
      if (!Array.isArray(r) || Object.getPrototypeOf(r) !== Array.prototype) fail('not a plain array');
      if (r.every(() => false) !== false) fail('the copy kept the crafted every');
      if (r.length !== 2 || r[0] !== 1) fail('wrong copy ' + JSON.stringify(r));
  } },
  { name: 'learner errors arrive as errors of the grader realm', run(impl) {
      try { impl.todo(); } catch (e) {
        if (!(e instanceof Error)) fail('not an Error of this realm');
        if (!e.message.startsWith('TODO')) fail('message changed: ' + e.message);
        return;
      }
      fail('no error');
  } },
  { name: 'callbacks get grader values and return learner values', run(impl) {
      let got;
      const result = impl.callBack((v) => { got = v; return [v.length]; });
      if (!Array.isArray(got) || Object.getPrototypeOf(got) !== Array.prototype) fail('callback got a foreign value');
      if (result !== 'own realm') fail('callback result ' + result);
  } },
];
`;

const PROBE_MODULE = String.raw`
const own = (v) => Object.getPrototypeOf(v) === Array.prototype || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === Function.prototype;
exports.inspect = (arr, obj, fn) => own(arr) && own(obj) && own(obj.a) && own(fn) && fn.constructor === Function ? 'own realm' : 'foreign';
exports.patch = (arr) => { Object.getPrototypeOf(arr).every = () => true; };
exports.same = (x) => x;
exports.mutate = (x) => { x[0][0] = 99; x.push([5]); };
exports.crafted = () => { const a = [1, 2]; a.every = () => true; return new Proxy(a, {}); };
exports.todo = () => { throw new Error('TODO: write this'); };
exports.callBack = (f) => { const r = f([1, 2, 3]); return own(r) ? 'own realm' : 'foreign'; };
`;

const SOLUTION = String.raw`
exports.sigmoid = (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
exports.sigmoidPrime = (z) => exports.sigmoid(z) * exports.sigmoid(-z);
exports.tanhPrime = (z) => 1 - Math.tanh(z) ** 2;
`;

let pool: SandboxPool;
const run = (code: string, slug = '01-sigmoid') => pool.run(slug, code);

beforeAll(async () => {
  const [harness, sigmoid] = await Promise.all([bundleHarness(), bundleSuite('01-sigmoid')]);
  pool = new SandboxPool({
    size: 1,
    timeoutMs: 2000,
    memoryMb: 160,
    init: { harness, mathjs: readMathjsBundle(), suites: { '01-sigmoid': sigmoid, probe: PROBE_SUITE }, outputLimit: 2000 },
  });
  await pool.describeSuites();
}, 60_000);

afterAll(() => pool?.close());

/** Run a script the way a sandbox runs (the same flags, under the same limits); its stdout, parsed. */
function probeSandbox(script: string, memoryMb = 128): Promise<{ code: number | null; out: string; err: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-probe-'));
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, script);
  const child = spawnLimited(sandboxNodeArgs(probe, memoryMb), memoryMb, ['ignore', 'pipe', 'pipe']);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (err += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

// Each guarantee below is probed on the Node running the tests; CI runs this file under Node 20, 24 and 26.
describe(`Node's permission model, as the sandbox starts it (Node ${process.versions.node})`, () => {
  test('the flag is the one this Node knows: --experimental-permission on 20, --permission from 22.13 (24 rejects the old name)', () => {
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    const stable = major > 22 || (major === 22 && minor >= 13);
    expect(sandboxNodeArgs('/x.cjs', 64)[0]).toBe(stable ? '--permission' : '--experimental-permission');
  });

  test('reads only its entry file; no writes, processes, workers, native bindings, addons, inspector or WASI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-probe-target-'));
    const { out } = await probeSandbox(`
      const fs = require('fs');
      const tryIt = (f) => { try { f(); return 'allowed'; } catch (e) { return e.code || e.message; } };
      console.log(JSON.stringify({
        self: tryIt(() => fs.readFileSync(__filename)),
        hidden: tryIt(() => fs.readFileSync(${JSON.stringify(join(repoRoot, 'test', 'hidden', '01-sigmoid.checks.ts'))})),
        solutions: tryIt(() => fs.readdirSync(${JSON.stringify(join(repoRoot, 'solutions'))})),
        proc: tryIt(() => fs.readFileSync('/proc/self/environ')),
        write: tryIt(() => fs.writeFileSync(${JSON.stringify(join(dir, 'out.txt'))}, 'x')),
        spawn: tryIt(() => require('child_process').spawnSync('ls')),
        worker: tryIt(() => new (require('worker_threads').Worker)('0', { eval: true })),
        binding: tryIt(() => process.binding('fs')),
        addon: tryIt(() => process.dlopen({ exports: {} }, '/no/such/addon.node')),
        inspector: tryIt(() => require('inspector').open(0)),
        wasi: tryIt(() => new (require('wasi').WASI)({ version: 'preview1' })),
        codegen: tryIt(() => new Function('return 1')),
        readOthers: process.permission.has('fs.read', ${JSON.stringify(repoRoot)}),
        writeAny: process.permission.has('fs.write'),
      }));`);
    expect(JSON.parse(out)).toEqual({
      self: 'allowed',
      hidden: 'ERR_ACCESS_DENIED',
      solutions: 'ERR_ACCESS_DENIED',
      proc: 'ERR_ACCESS_DENIED',
      write: 'ERR_ACCESS_DENIED',
      spawn: 'ERR_ACCESS_DENIED',
      worker: 'ERR_ACCESS_DENIED',
      binding: 'ERR_ACCESS_DENIED',
      addon: 'ERR_DLOPEN_DISABLED',
      inspector: 'ERR_ACCESS_DENIED',
      wasi: 'ERR_ACCESS_DENIED',
      codegen: 'Code generation from strings disallowed for this context',
      readOthers: false,
      writeAny: false,
    });
    // Not in the list: the network. Node's permission model covers it only from Node 25 (--allow-net),
    // so graded code is kept off it by the realm membrane (no require, no fetch: see below).
  });

  // RLIMIT_DATA is Linux's; elsewhere only the heap limit and the timer apply.
  test.runIf(process.platform === 'linux')('starts under its data-segment limit on this Node, and the limit still stops a large allocation', async () => {
    // Node 24's V8 maps a 512 MB code range at start-up, which RLIMIT_DATA counts: the limit is on top of it.
    expect(startupDataKb()).toBeGreaterThan(10_000);
    const small = await probeSandbox("console.log('started')", 64);
    expect(small).toMatchObject({ code: 0, out: 'started\n' });
    // 2 GB of array buffers is far beyond a 64 MB sandbox's 64 + 256 MB on top of Node's own.
    const big = await probeSandbox("const a = []; for (let i = 0; i < 32; i++) a.push(new Float64Array(2 ** 23).fill(1)); console.log('allocated')", 64);
    expect(big.out).not.toContain('allocated');
    expect(big.code).not.toBe(0);
  });
});

describe('the realm membrane', () => {
  test('every property of the probe suite holds', async () => {
    const result = await run(PROBE_MODULE, 'probe');
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(result.checks).toHaveLength(7);
    // The patch could not reach the grader (the checks above), and it is still reported.
    expect(result.violation).toEqual({ kind: 'forbidden', message: expect.stringContaining('changed built-ins (Array.prototype.every)') });
  });

  test('graded code reaches no process, require, eval, or grader-realm error', async () => {
    const result = await run(String.raw`
      const found = [];
      found.push(typeof process.binding, typeof process.mainModule, typeof globalThis.require, typeof fetch, typeof WebAssembly);
      try { Function('return this')(); found.push('Function works'); } catch (e) { found.push(Object.getPrototypeOf(e) === TypeError.prototype || Object.getPrototypeOf(e) === EvalError.prototype ? 'codegen blocked' : 'foreign error'); }
      import('node:fs').then(() => console.log('import worked'), (e) => console.log('import rejected with', Object.getPrototypeOf(e) === Error.prototype ? 'an own-realm error' : 'a FOREIGN error'));
      console.log(found.join(' '));
      ${SOLUTION}`);
    expect(result.output).toContain('undefined undefined undefined undefined undefined codegen blocked');
    expect(result.output).toContain('import rejected with an own-realm error');
    expect(result.checks.every((c) => c.passed)).toBe(true);
  });
});

describe('hostile code scores a violation, and the next unit is graded normally', () => {
  test('the reference answer passes every check; a stub says TODO', async () => {
    expect((await run(SOLUTION)).checks.every((c) => c.passed)).toBe(true);
    const stub = await run("exports.sigmoid = () => { throw new Error('TODO: write sigmoid(z)'); };");
    expect(stub.checks[0]!.feedback).toMatch(/is not written yet: TODO/);
  });

  test('an infinite loop hits the time limit', async () => {
    const result = await run('exports.sigmoid = () => { for (;;) {} };');
    expect(result.violation).toMatchObject({ kind: 'timeout', message: expect.stringContaining('took longer than 2 s') });
    expect((await run(SOLUTION)).checks.every((c) => c.passed)).toBe(true);
  });

  test('a heap bomb and an array-buffer bomb hit the memory limit', async () => {
    const heap = await run('const a = []; for (;;) a.push(new Array(1e5).fill(a.length));');
    expect(heap.violation?.kind).toBe('memory');
    const buffers = await run('const a = []; for (;;) { const b = new Float64Array(2 ** 24); b.fill(1); a.push(b); }');
    expect(buffers.violation?.kind).toBe('memory');
    // The bomb's buffers hold the data segment at its limit until V8 frees them (on Node 24 the next unit then died
    // committing its young generation): whether the process survived the bomb or not, the next unit gets a new one.
    const startedBefore = pool.started;
    expect((await run(SOLUTION)).checks.every((c) => c.passed)).toBe(true);
    expect(pool.started).toBe(startedBefore + 1);
  });

  test('process.exit is a violation, not an exit', async () => {
    const result = await run(`${SOLUTION}\nprocess.exit(3);`);
    expect(result.violation).toEqual({ kind: 'exit', message: 'called process.exit(3): graded code may not end the grading process' });
    expect((await run(SOLUTION)).checks.every((c) => c.passed)).toBe(true);
  });

  test('changing a built-in is reported even when it does not matter to the grader', async () => {
    const result = await run(`${SOLUTION}\nMath.abs = () => 0;`);
    expect(result.violation).toMatchObject({ kind: 'forbidden', message: expect.stringContaining('changed built-ins (Math.abs)') });
  });

  test("Node's modules and vitest cannot be imported", async () => {
    expect((await run("require('node:fs');")).violation?.message).toMatch(/imports 'node:fs', one of Node's built-in modules/);
    expect((await run("require('vitest');")).violation?.message).toMatch(/imports 'vitest', which is not available when grading/);
  });

  test('a flood of output is capped and the work still counts', async () => {
    const result = await run(`${SOLUTION}\nfor (let i = 0; i < 100000; i++) console.log('line', i);`);
    expect(result.violation).toBeUndefined();
    expect(result.checks.every((c) => c.passed)).toBe(true);
    expect(result.output.length).toBeLessThanOrEqual(2002);
    expect(result.droppedLines).toBeGreaterThan(99_000);
  });

  test('timers never fire later and an unhandled rejection is harmless', async () => {
    const sneaky = await run(`${SOLUTION}\nsetTimeout(() => { for (;;) {} }, 0); setInterval(() => { for (;;) {} }, 1); Promise.reject(new Error('ignored'));`);
    expect(sneaky.checks.every((c) => c.passed)).toBe(true);
    const next = await run(SOLUTION);
    expect(next.violation).toBeUndefined();
    expect(next.checks.every((c) => c.passed)).toBe(true);
  });
});

describe('the time limit on a busy machine', () => {
  const limitMs = 10_000;
  test('a job starved of the CPU gets the CPU time it was owed, within ten limits of wall time', () => {
    expect(extraTime({ limitMs, elapsedMs: 10_000, cpuMs: 4_000, runnable: true })).toBe(6_000);
    expect(extraTime({ limitMs, elapsedMs: 96_000, cpuMs: 4_000, runnable: true })).toBe(4_000);
    expect(extraTime({ limitMs, elapsedMs: 100_000, cpuMs: 9_000, runnable: true })).toBe(0);
  });
  test('a loop that used its CPU time, a hang that sleeps, and an unknown CPU time all stop at the limit', () => {
    expect(extraTime({ limitMs, elapsedMs: 10_000, cpuMs: 10_000, runnable: true })).toBe(0);
    expect(extraTime({ limitMs, elapsedMs: 10_000, cpuMs: 3, runnable: false })).toBe(0);
    expect(extraTime({ limitMs, elapsedMs: 10_000, cpuMs: undefined, runnable: true })).toBe(0);
  });
  test.skipIf(!existsSync('/proc/self/stat'))("a process's CPU time and state are read from /proc", () => {
    const spin = Date.now() + 300;
    while (Date.now() < spin); // burn some CPU in this process
    const me = processCpu(process.pid)!;
    expect(me.cpuMs).toBeGreaterThanOrEqual(250);
    expect(me.state).toBe('R');
    expect(processCpu(2 ** 22 + 12345)).toBeUndefined(); // no such process
  });
  test.skipIf(!existsSync('/proc/self/task'))('a job whose main thread sleeps while another of its threads works is runnable; one whose threads all sleep is not', async () => {
    // What a sandbox looks like when V8's own threads (GC, compiler) do the job's work: the main thread waits.
    const busy = spawn(process.execPath, ['-e', "new (require('node:worker_threads').Worker)('for (;;) {}', { eval: true }); setInterval(() => {}, 1000); setTimeout(() => process.stdout.write('ready'), 200);"]);
    const idle = spawn(process.execPath, ['-e', "setInterval(() => {}, 1000); process.stdout.write('ready');"]);
    try {
      await Promise.all([busy, idle].map((child) => new Promise((ok) => child.stdout!.once('data', ok))));
      const sample = async (pid: number, wanted: (s: { state: string; runnable: boolean }) => boolean) => {
        for (let i = 0; i < 40; i++) {
          const now = processCpu(pid);
          if (now && wanted(now)) return now;
          await new Promise((ok) => setTimeout(ok, 50));
        }
        return processCpu(pid);
      };
      // The busy child's main thread is seen sleeping at some sample, and then it is still runnable.
      expect(await sample(busy.pid!, (s) => s.state !== 'R')).toMatchObject({ runnable: true });
      expect(await sample(idle.pid!, (s) => !s.runnable)).toMatchObject({ state: 'S', runnable: false });
    } finally {
      busy.kill('SIGKILL');
      idle.kill('SIGKILL');
    }
  });
});

describe('closing the pool', () => {
  test('settles every job: the one running, those queued, and any asked for afterwards (a stopped grader must not wait forever)', async () => {
    const harness = await bundleHarness();
    const own = new SandboxPool({ size: 1, timeoutMs: 30_000, memoryMb: 160, init: { harness, mathjs: readMathjsBundle(), suites: { probe: PROBE_SUITE }, outputLimit: 2000 } });
    await own.describeSuites();
    const loop = 'exports.inspect = () => { for (;;) {} };';
    await own.run('probe', PROBE_MODULE); // so that the sandbox has graded before: its death would be retried, were the pool open
    const running = own.run('probe', loop);
    const queued = [own.run('probe', loop), own.run('probe', loop)];
    await new Promise((r) => setTimeout(r, 200)); // the first job is in the sandbox's loop
    await own.close();
    const after = own.run('probe', loop);
    for (const outcome of await Promise.all([running, ...queued, after])) expect(outcome.violation).toMatchObject({ kind: 'crash', message: 'the grader was closed' });
  }, 30_000);
});
