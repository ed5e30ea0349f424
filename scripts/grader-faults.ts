/**
 * Kill the grader with SIGKILL at random moments, many times, and check that every re-run finishes
 * with the same grades: `npx tsx scripts/grader-faults.ts [rounds] [kills per round] [seed]`
 * (default 20 rounds of 3 kills). test/adversarial/faults.test.ts runs 3 rounds of 2 in `npm run verify`;
 * this is the longer soak whose figures the README quotes.
 */
import { rmSync } from 'node:fs';
import { faultClass, killResumeRound, seeded } from '../test/adversarial/faults';

const rounds = Number(process.argv[2] ?? 20);
const kills = Number(process.argv[3] ?? 3);
const seed = Number(process.argv[4] ?? Date.now() % 1_000_000);

const fc = await faultClass();
console.log(`class: ${fc.entries} submissions; one uninterrupted run takes ${(fc.referenceMs / 1000).toFixed(1)} s; seed ${seed}`);
const random = seeded(seed);
let killed = 0;
let resumed = 0;
let runs = 0;
let orphans = 0;
let scratchLeft = 0;
const problems: string[] = [];
for (let round = 1; round <= rounds; round++) {
  const r = await killResumeRound(fc, kills, random, String(round));
  killed += r.kills;
  runs += r.runs;
  orphans += r.cache.orphans;
  scratchLeft += r.scratchLeft;
  const ok = r.failures.length === 0 && r.sameGrades && r.rows === fc.entries && r.duplicates.length === 0 && r.cache.corrupt.length === 0;
  if (ok) resumed++;
  else problems.push(`round ${round}: ${JSON.stringify({ ...r, cache: { ...r.cache, corrupt: r.cache.corrupt.length } })}`);
  console.log(`round ${round}: killed at ${r.killedAtMs.join(', ')} ms, ${r.runs} runs, ${ok ? 'resumed to the same grades' : 'PROBLEM'}`);
  rmSync(`${fc.root}/round-${round}`, { recursive: true, force: true });
}
console.log(`\n${rounds} rounds, ${runs} runs, ${killed} killed with SIGKILL; ${resumed}/${rounds} rounds resumed to the reference grades with every submission exactly once and no damaged cache entry; ${orphans} temporary files of interrupted writes left in the caches (never read as entries); ${scratchLeft} scratch folders of killed runs left in TMPDIR after the rounds' last runs`);
for (const p of problems) console.log(p);
rmSync(fc.root, { recursive: true, force: true });
process.exitCode = problems.length === 0 ? 0 : 1;
