/**
 * Where grading one learner's time goes, stage by stage, on distinct honest learners (the solutions,
 * each file made different so that no memo or cache answers one learner with another):
 *  - read + scratch copy, bundle (esbuild), type check (the grader's TypeChecker), and the sandbox
 *    (one warm process, units one after another: the harness's own time, and the rest, which is
 *    messages and process traffic);
 *  - inside the checks, the oracle side (the suite's expected values and misconceptions' values, the
 *    engine, mathjs, comparisons, feedback) against the learner's own code, from a CPU profile of
 *    the same checks run in this process (V8's sampling profiler, by source file).
 * Wall times on a shared machine: read the shares, measured in one run, not the absolute numbers.
 *
 * Run: `npx tsx bench/profile.ts` (BENCH_PROFILE_LEARNERS, default 4).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import * as mathjs from 'mathjs';
import { bundleHarness, bundleSuite, bundleUnit, readMathjsBundle, type UnitBuild } from '../grader/build';
import { unitsWithSuites } from '../grader/grade';
import { SandboxPool } from '../grader/sandbox/pool';
import { makeScratchBase } from '../grader/scratch-base';
import { readSubmission, writeScratch } from '../grader/scratch';
import { TypeChecker, UnitTypeErrors } from '../grader/typecheck';
import { repoRoot } from '../src/course/paths';
import { loadUnits, type Unit } from '../src/course/units';
import { formatMs, isMain, machine } from './lib/index.js';

const LEARNERS = Number(process.env.BENCH_PROFILE_LEARNERS ?? 4);
const benchDir = join(repoRoot, '.cache', 'bench', 'profile');

function writeLearner(units: Unit[], folder: string, i: number): void {
  for (const unit of units) {
    const exerciseDir = join(repoRoot, unit.exerciseDir);
    for (const name of readdirSync(exerciseDir)) {
      let content = readFileSync(join(exerciseDir, name), 'utf8');
      if (name === 'index.ts') content = `${readFileSync(join(repoRoot, unit.solutionDir, 'index.ts'), 'utf8')}\n// learner ${i}\n`;
      const target = join(folder, 'exercises', unit.slug, name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }
}

type HiddenCheck = { name: string; run(impl: Record<string, unknown>): void };

/** A unit's bundled suite instantiated as the harness does it: a fresh module per learner. */
function instantiate(code: string, slug: string): HiddenCheck[] {
  const factory = vm.compileFunction(`"use strict";${code}`, ['exports', 'require', 'module'], { filename: `${repoRoot}/.suite/${slug}.checks.js` }) as (e: object, r: (n: string) => unknown, m: { exports: Record<string, unknown> }) => void;
  const module = { exports: {} as Record<string, unknown> };
  factory(module.exports, (n) => (n === 'mathjs' ? mathjs : undefined), module);
  return module.exports.checks as HiddenCheck[];
}

interface ProfileNode { id: number; callFrame: { url: string; functionName: string } }

/** Milliseconds of CPU samples by side: the learner's files, the oracle side, garbage collection. */
async function profileChecks(units: Unit[], suites: Record<string, string>, impls: Record<string, Record<string, unknown>>[], rounds: number) {
  const run = (impl: Record<string, Record<string, unknown>>) => {
    for (const u of units) for (const check of instantiate(suites[u.slug]!, u.slug)) {
      try {
        check.run(impl[u.slug]!);
      } catch {
        // a failed check costs what it costs
      }
    }
  };
  run(impls[0]!); // warm-up
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  const started = performance.now();
  for (let r = 0; r < rounds; r++) run(impls[r % impls.length]!);
  const wall = performance.now() - started;
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
  session.disconnect();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const side = { learner: 0, oracle: 0, gc: 0 };
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (node.callFrame.functionName === '(garbage collector)') side.gc += ms;
    else if (node.callFrame.functionName === '(idle)') return;
    else if (node.callFrame.url.includes('/bench/profile/class/')) side.learner += ms;
    else side.oracle += ms;
  });
  if (process.env.BENCH_PROFILE_TOP) {
    const self = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      const f = byId.get(id)!.callFrame as ProfileNode['callFrame'] & { lineNumber?: number };
      const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.BENCH_PROFILE_TOP))) console.log(`  ${formatMs(ms / rounds).padStart(9)}  ${k}`);
  }
  return { wallPerLearner: wall / rounds, ...side };
}

async function main(): Promise<void> {
  const { graded: units } = unitsWithSuites(loadUnits());
  console.log(`Machine: ${machine()}`);
  rmSync(benchDir, { recursive: true, force: true });
  // learner-0 warms the sandbox's JIT and the type checker's program, untimed; the others are timed.
  const all = Array.from({ length: LEARNERS + 1 }, (_, i) => join(benchDir, 'class', `learner-${i}`));
  all.forEach((f, i) => writeLearner(units, f, i));
  const folders = all.slice(1);

  const [harness, ...suiteCode] = await Promise.all([bundleHarness(), ...units.map((u) => bundleSuite(u.slug))]);
  const suites = Object.fromEntries(units.map((u, i) => [u.slug, suiteCode[i]!]));
  const pool = new SandboxPool({ size: 1, timeoutMs: 60_000, memoryMb: 512, init: { harness, mathjs: readMathjsBundle(), suites, outputLimit: 8000 } });
  await pool.describeSuites();
  const checker = new TypeChecker();
  checker.warm();
  const typeErrors = new UnitTypeErrors(() => checker, `bench-${Date.now()}`);
  const scratch = makeScratchBase();
  const t = { read: 0, bundle: 0, types: 0, sandbox: 0, harness: 0 };
  try {
    for (const [i, folder] of all.entries()) {
      const timed = i > 0;
      let mark = performance.now();
      const lap = (key: keyof typeof t) => {
        const now = performance.now();
        if (timed) t[key] += now - mark;
        mark = now;
      };
      const read = readSubmission({ student: `learner-${i}`, path: folder, kind: 'folder' });
      if (!read.ok) throw new Error(read.reason);
      const root = writeScratch(read.snapshot, join(scratch, String(i)));
      lap('read');
      const builds = new Map<string, UnitBuild>();
      await Promise.all(units.map(async (u) => builds.set(u.slug, await bundleUnit(root, u.slug))));
      lap('bundle');
      // A learner seen before is memoised by content; each timed learner's files are new.
      await typeErrors.check(root, builds);
      lap('types');
      for (const u of units) {
        const build = builds.get(u.slug)!;
        if (!build.ok) throw new Error(`${u.slug}: ${build.message}`);
        const ran = await pool.run(u.slug, build.code);
        if (ran.violation) throw new Error(`${u.slug}: ${ran.violation.message}`);
        if (timed) t.harness += ran.ms;
      }
      lap('sandbox');
    }
  } finally {
    await Promise.all([pool.close(), checker.close()]);
    rmSync(scratch, { recursive: true, force: true });
  }

  const impls = await Promise.all(folders.map(async (f) => Object.fromEntries(await Promise.all(units.map(async (u) => [u.slug, (await import(pathToFileURL(join(f, 'exercises', u.slug, 'index.ts')).href)) as Record<string, unknown>])))));
  // The learners' own files live under the bench class: the profile counts them by that folder.
  const perUnit = [];
  for (const u of units) perUnit.push({ unit: u, ...(await profileChecks([u], suites, impls, LEARNERS)) });
  const prof = perUnit.reduce((s, p) => ({ wallPerLearner: s.wallPerLearner + p.wallPerLearner, learner: s.learner + p.learner, oracle: s.oracle + p.oracle, gc: s.gc + p.gc }), { wallPerLearner: 0, learner: 0, oracle: 0, gc: 0 });

  const per = (ms: number) => ms / LEARNERS;
  const total = per(t.read + t.bundle + t.types + t.sandbox);
  const share = (ms: number) => `${((per(ms) / total) * 100).toFixed(0)}%`;
  console.log(`\nOne learner (${units.length} units), mean of ${LEARNERS} distinct honest learners, stages one after another:`);
  console.log(`  read + scratch copy   ${formatMs(per(t.read)).padStart(9)}  ${share(t.read)}`);
  console.log(`  bundle (esbuild)      ${formatMs(per(t.bundle)).padStart(9)}  ${share(t.bundle)}`);
  console.log(`  type check            ${formatMs(per(t.types)).padStart(9)}  ${share(t.types)}`);
  console.log(`  sandbox, harness      ${formatMs(per(t.harness)).padStart(9)}  ${share(t.harness)}  (the checks, the membrane, the learner's realm)`);
  console.log(`  sandbox, messages     ${formatMs(per(t.sandbox - t.harness)).padStart(9)}  ${share(t.sandbox - t.harness)}  (IPC of each unit's code and results)`);
  console.log(`  total                 ${formatMs(total).padStart(9)}`);
  const cpu = prof.learner + prof.oracle + prof.gc;
  const pc = (x: number) => `${((x / cpu) * 100).toFixed(0)}%`;
  console.log(`\nInside the checks (same checks in this process, no sandbox; ${formatMs(prof.wallPerLearner)} per learner):`);
  console.log(`  oracle side (suite, engine, mathjs, comparisons, feedback)  ${pc(prof.oracle)}`);
  console.log(`  the learner's own code                                       ${pc(prof.learner)}`);
  console.log(`  garbage collection                                           ${pc(prof.gc)}`);
  console.log('\nBy unit (check time per learner: oracle side / learner code / gc):');
  for (const p of perUnit) console.log(`  ${p.unit.slug.padEnd(24)} ${formatMs(p.wallPerLearner).padStart(9)}  ${pc(p.oracle)} / ${pc(p.learner)} / ${pc(p.gc)} of all checks`);
}

if (isMain(import.meta.url)) await main();
