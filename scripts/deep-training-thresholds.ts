// Runs unit 12's experiments on the reference engine (grader/engine's trainReference, never
// solutions/) over seeds 1–N and prints each statistic's range and median: the hidden suite's
// thresholds (grader/checks/12-deep-training.checks.ts) are these with a margin, and lesson 12 quotes
// them. Usage: npx tsx scripts/deep-training-thresholds.ts [N = 12] [experiment…]
// OVERRIDE='{"lr":0.2}' changes every chosen experiment's config, to explore before changing grader/checks/support/deep-training.ts.
import { spirals, trainReference } from '../grader/engine/index';
import { seededRng } from '../lib/random';
import { dataSeed, experiments, median, NPERCLASS, summarize, trainSeed, type ExperimentName, type RunSummary } from '../grader/checks/support/deep-training';

const seeds = Number(process.argv[2] ?? 12);
const only = process.argv.slice(3);
const overrides = process.env.OVERRIDE ? JSON.parse(process.env.OVERRIDE) : {};
const fmt = (x: number) => (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4 ? x.toExponential(2) : x.toFixed(3));
for (const [name, { config, what }] of Object.entries(experiments) as [ExperimentName, (typeof experiments)[ExperimentName]][]) {
  if (only.length > 0 && !only.includes(name)) continue;
  Object.assign(config, overrides);
  const runs: RunSummary[] = [];
  const started = Date.now();
  for (let seed = 1; seed <= seeds; seed++) runs.push(summarize(trainReference(config, spirals(NPERCLASS, seededRng(dataSeed(seed))), seededRng(trainSeed(seed)))));
  console.log(`${name} — ${what} (${seeds} seeds, ${((Date.now() - started) / seeds).toFixed(0)} ms a run)`);
  for (const key of ['finalLoss', 'accuracy', 'firstOverLast', 'lastNorm', 'maxLoss'] as const) {
    const values = runs.map((r) => r[key]);
    console.log(`  ${key.padEnd(13)} min ${fmt(Math.min(...values)).padStart(9)}  median ${fmt(median(values)).padStart(9)}  max ${fmt(Math.max(...values)).padStart(9)}   ${values.map(fmt).join(' ')}`);
  }
}
