/**
 * Where grading one learner's time goes, stage by stage, on distinct honest learners (the solutions,
 * each file made different so that no memo or cache answers one learner with another):
 *  - read + scratch copy, bundle (esbuild), type check (the grader's TypeChecker), and the sandbox
 *    (one warm process, units one after another: the harness's own time, and the rest, which is
 *    messages and process traffic), with the oracle table as the grader uses it (filled by the
 *    untimed first learner; BENCH_PROFILE_ORACLE=0 turns it off);
 *  - inside the checks, the oracle side (the suite's expected values and misconceptions' values, the
 *    engine, mathjs, comparisons, feedback) against the learner's own code, from a CPU profile of
 *    the same checks run in this process without the table (V8's sampling profiler, by source file).
 * Wall times on a shared machine: read the shares, measured in one run, not the absolute numbers.
 *
 * Run: `npx tsx bench/profile.ts` (BENCH_PROFILE_LEARNERS, default 4).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SourceMap } from 'node:module';
import vm from 'node:vm';
import { build } from 'esbuild';
import * as mathjs from 'mathjs';
import { bundleHarness, bundleSuite, bundleUnit, readMathjsBundle, suiteFile, type UnitBuild } from '../grader/build';
import { unitsToGrade } from '../grader/grade';
import { OracleStore } from '../grader/oracle/store';
import { SandboxPool } from '../grader/sandbox/pool';
import { makeScratchBase } from '../grader/scratch-base';
import { readSubmission, writeScratch } from '../grader/scratch';
import { TypeChecker, UnitTypeErrors } from '../grader/typecheck';
import { repoRoot } from '../src/course/paths';
import { loadUnits, type Unit } from '../src/course/course';
import { formatMs, isMain, machine } from './lib/index.js';
import type { HiddenCheck } from '../grader/checks/contract';

const LEARNERS = Number(process.env.BENCH_PROFILE_LEARNERS ?? 4);
const benchDir = join(repoRoot, '.cache', 'bench', 'profile');

function writeLearner(units: Unit[], folder: string, i: number): void {
  for (const unit of units) {
    const exerciseDir = join(repoRoot, unit.exerciseDir);
    for (const name of readdirSync(exerciseDir)) {
      let content = readFileSync(join(exerciseDir, name), 'utf8');
      if (name === 'index.ts') content = `${readFileSync(join(repoRoot, unit.paths.solution), 'utf8')}\n// learner ${i}\n`;
      const target = join(folder, 'exercises', unit.slug, name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }
}

/** A unit's bundled suite instantiated as the harness does it: a fresh module per learner. */
function instantiate(code: string, slug: string): HiddenCheck[] {
  const factory = vm.compileFunction(`"use strict";${code}`, ['exports', 'require', 'module'], { filename: `${repoRoot}/.suite/${slug}.checks.js` }) as (e: object, r: (n: string) => unknown, m: { exports: Record<string, unknown> }) => void;
  const module = { exports: {} as Record<string, unknown> };
  factory(module.exports, (n) => (n === 'mathjs' ? mathjs : undefined), module);
  return module.exports.checks as HiddenCheck[];
}

interface ProfileNode { id: number; children?: number[]; callFrame: { url: string; functionName: string; lineNumber: number; columnNumber: number } }

/** The suite bundled as the grader bundles it, with a source map, so a profile's samples name the source file. */
async function mappedSuite(slug: string): Promise<{ code: string; map: SourceMap }> {
  const out = await build({ entryPoints: [suiteFile(slug)], bundle: true, write: false, format: 'cjs', platform: 'neutral', mainFields: [], target: 'es2022', external: ['mathjs'], sourcemap: 'external', outdir: join(benchDir, 'suites'), absWorkingDir: repoRoot, logLevel: 'silent' });
  const js = out.outputFiles.find((f) => f.path.endsWith('.js'))!;
  const map = out.outputFiles.find((f) => f.path.endsWith('.map'))!;
  return { code: js.text, map: new SourceMap(JSON.parse(map.text)) };
}

/** Which side a source file is on. */
function sideOf(source: string): string {
  if (source.includes('/bench/profile/class/')) return 'learner';
  if (source.includes('grader/engine/')) return 'engine';
  if (source.includes('node_modules/mathjs')) return 'mathjs';
  if (source.includes('lib/random')) return 'inputs';
  if (/grader\/checks\/(helpers|support\/)|lib\/(compare|testing)/.test(source)) return 'judging';
  if (source.includes('grader/checks/')) return 'checks';
  return 'other';
}

/** Milliseconds of CPU samples by side: the learner's files, the engine, mathjs, the checks' own code, judging, gc. */
async function profileChecks(units: Unit[], suites: Record<string, { code: string; map: SourceMap }>, impls: Record<string, Record<string, unknown>>[], rounds: number) {
  const run = (impl: Record<string, Record<string, unknown>>) => {
    for (const u of units) for (const check of instantiate(suites[u.slug]!.code, u.slug)) {
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
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const side: Record<string, number> = {};
  // Samples, not their time deltas: on a loaded machine a delta includes the time the process was
  // descheduled, which would land on whatever happened to run. A built-in (Math.exp, Array#map: no
  // file) counts for the code that called it.
  const interval = profile.samples.length > 0 ? wall / profile.samples.length : 0;
  profile.samples.forEach((sampled) => {
    let id: number | undefined = sampled;
    while (id !== undefined && byId.get(id)!.callFrame.url === '' && !byId.get(id)!.callFrame.functionName.startsWith('(')) id = parent.get(id);
    const { callFrame: f } = byId.get(id ?? sampled)!;
    const ms = interval;
    let where: string;
    if (f.functionName === '(garbage collector)') where = 'gc';
    else if (f.functionName === '(idle)' || f.functionName === '(program)') return;
    else if (f.url.includes('/.suite/')) {
      const slug = f.url.replace(/^.*\/\.suite\//, '').replace(/\.checks\.js$/, '');
      const entry = suites[slug]?.map.findEntry(f.lineNumber, f.columnNumber) as { originalSource?: string } | undefined;
      where = sideOf(entry?.originalSource ?? '');
    } else where = sideOf(f.url);
    side[where] = (side[where] ?? 0) + ms;
  });
  return { wallPerLearner: wall / rounds, side };
}

async function main(): Promise<void> {
  const units = unitsToGrade(loadUnits());
  console.log(`Machine: ${machine()}`);
  rmSync(benchDir, { recursive: true, force: true });
  // learner-0 warms the sandbox's JIT and the type checker's program, untimed; the others are timed.
  const all = Array.from({ length: LEARNERS + 1 }, (_, i) => join(benchDir, 'class', `learner-${i}`));
  all.forEach((f, i) => writeLearner(units, f, i));
  const folders = all.slice(1);

  const [harness, ...suiteCode] = await Promise.all([bundleHarness(), ...units.map((u) => bundleSuite(u.slug))]);
  const suites = Object.fromEntries(units.map((u, i) => [u.slug, suiteCode[i]!]));
  const mapped = Object.fromEntries(await Promise.all(units.map(async (u) => [u.slug, await mappedSuite(u.slug)] as const)));
  // With the oracle table as the grader runs it (BENCH_PROFILE_ORACLE=0: without): learner-0 fills it, untimed.
  const oracle = new OracleStore({ enabled: process.env.BENCH_PROFILE_ORACLE !== '0', suites, mathjs: readMathjsBundle(), harness });
  const pool = new SandboxPool({ size: 1, timeoutMs: 60_000, memoryMb: 512, init: { harness, mathjs: readMathjsBundle(), suites, outputLimit: 8000 }, oracle });
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
  for (const u of units) perUnit.push({ unit: u, ...(await profileChecks([u], mapped, impls, LEARNERS)) });

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
  const SIDES: [string, string][] = [
    ['engine', 'the reference engine (expected values)'],
    ['mathjs', 'mathjs (expected derivatives)'],
    ['inputs', 'seeded inputs (lib/random)'],
    ['checks', "the checks' own code (inputs, expected values, misconceptions' values, statistics of the learner's output)"],
    ['judging', 'judging and feedback (lib/compare, lib/testing, grader/checks/support)'],
    ['learner', "the learner's own code"],
    ['gc', 'garbage collection'],
    ['other', 'other (vm, Node)'],
  ];
  const sum = (side: Record<string, number>) => Object.values(side).reduce((a, b) => a + b, 0);
  const cpu = perUnit.reduce((s, p) => s + sum(p.side), 0);
  const pc = (x: number) => `${((x / cpu) * 100).toFixed(0)}%`.padStart(4);
  const wall = perUnit.reduce((s, p) => s + p.wallPerLearner, 0);
  console.log(`\nInside the checks (the same checks in this process, no sandbox and no oracle table: every expected value computed; ${formatMs(wall)} per learner), CPU samples by source file:`);
  for (const [key, label] of SIDES) console.log(`  ${pc(perUnit.reduce((s, p) => s + (p.side[key] ?? 0), 0))}  ${label}`);
  console.log(`\nBy unit (its share of all check time; engine+mathjs / checks' own code / learner):`);
  for (const p of perUnit) {
    const x = (k: string) => p.side[k] ?? 0;
    console.log(`  ${p.unit.slug.padEnd(24)} ${formatMs(p.wallPerLearner).padStart(9)} ${pc(sum(p.side))}:  ${pc(x('engine') + x('mathjs'))} / ${pc(x('checks'))} / ${pc(x('learner'))}`);
  }
}

if (isMain(import.meta.url)) await main();
