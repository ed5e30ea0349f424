/**
 * Which hidden checks spend their time on the oracle side (expected values, misconceptions' values,
 * judging) rather than in the learner's code: each check of the given units is run with the solution
 * in this process under V8's sampling profiler, and a sample counts for the learner when any frame of
 * its stack is in solutions/ (the learner's code and what it calls), for the oracle otherwise.
 * No oracle table here (oracleFunction is the function itself), so this is the cost the table can save.
 *
 * Run: `npx tsx bench/oracle-side.ts 04 05 08` (default: every unit); BENCH_RUNS rounds (default 3).
 */
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../src/course/paths';
import { loadUnits } from '../src/course/course';
import type { HiddenCheck, UnitModule } from '../grader/checks/contract';

interface ProfileNode { id: number; children?: number[]; callFrame: { url: string; functionName: string } }

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const wanted = process.argv.slice(2);
const units = loadUnits().filter((u) => wanted.length === 0 || wanted.some((w) => u.slug.startsWith(w)));

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });

const rows: { unit: string; check: string; ms: number; oracle: number; learner: number; gc: number; helpers: Map<string, number> }[] = [];
for (const unit of units) {
  const { checks } = (await import(pathToFileURL(join(repoRoot, 'test', 'hidden', `${unit.slug}.checks.ts`)).href)) as { checks: HiddenCheck[] };
  const impl = (await import(pathToFileURL(join(repoRoot, unit.paths.solution)).href)) as UnitModule;
  for (const check of checks) {
    const run = () => {
      try {
        check.run(impl);
      } catch {
        // a failed check costs what it costs
      }
    };
    run(); // warm-up
    await session.post('Profiler.start');
    const started = performance.now();
    for (let r = 0; r < RUNS; r++) run();
    const ms = (performance.now() - started) / RUNS;
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[] } };
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const count = { oracle: 0, learner: 0, gc: 0 };
    // An oracle sample also counts for the innermost function of the suite's file on its stack: which helper to wrap.
    const helpers = new Map<string, number>();
    for (const s of profile.samples) {
      const leaf = byId.get(s)!.callFrame.functionName;
      if (leaf === '(idle)' || leaf === '(program)') continue;
      if (leaf === '(garbage collector)') { count.gc++; continue; }
      let id: number | undefined = s;
      let learner = false;
      let helper: string | undefined;
      while (id !== undefined) {
        const frame = byId.get(id)!.callFrame;
        if (frame.url.includes('/solutions/')) { learner = true; break; }
        if (helper === undefined && /test\/hidden\//.test(frame.url)) helper = `${frame.functionName || '(anonymous)'}:${(frame as { lineNumber?: number }).lineNumber! + 1}`;
        id = parent.get(id);
      }
      count[learner ? 'learner' : 'oracle']++;
      if (!learner && helper) helpers.set(helper, (helpers.get(helper) ?? 0) + 1);
    }
    const total = count.oracle + count.learner + count.gc || 1;
    rows.push({ unit: unit.slug, check: check.name, ms, oracle: (ms * count.oracle) / total, learner: (ms * count.learner) / total, gc: (ms * count.gc) / total, helpers: new Map([...helpers].map(([k, v]) => [k, (ms * v) / total])) });
  }
}
session.disconnect();

const fmt = (x: number) => x.toFixed(1).padStart(8);
for (const unit of units) {
  const mine = rows.filter((r) => r.unit === unit.slug);
  const sum = (k: 'ms' | 'oracle' | 'learner' | 'gc') => mine.reduce((s, r) => s + r[k], 0);
  console.log(`\n${unit.slug}: ${sum('ms').toFixed(0)} ms per learner (oracle ${sum('oracle').toFixed(0)}, learner ${sum('learner').toFixed(0)}, gc ${sum('gc').toFixed(0)})`);
  for (const r of mine.sort((a, b) => b.oracle - a.oracle)) {
    console.log(`${fmt(r.ms)} ms  oracle ${fmt(r.oracle)}  learner ${fmt(r.learner)}  gc ${fmt(r.gc)}  ${r.check}`);
    if (r.oracle > 10) console.log(`      oracle by the suite's innermost function: ${[...r.helpers].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
  }
}
