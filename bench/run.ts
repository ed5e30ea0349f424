/**
 * `npm run bench`: every benchmark in bench/ (engine, learner, grade first, then any other
 * bench/*.ts), one after another, each in its own Node process, so one's JIT state, heap or
 * tfjs backend never colours the next one's timings. Each is also runnable alone with
 * `npx tsx bench/<name>.ts`. `npm run bench -- engine grade` runs only those.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMain } from './lib/index.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const FIRST = ['engine', 'learner', 'grade'];

export function benchmarkNames(dir = benchDir): string[] {
  const found = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -'.ts'.length));
  return [...FIRST.filter((n) => found.includes(n)), ...found.filter((n) => !FIRST.includes(n)).sort()];
}

function main(): number {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : benchmarkNames();
  const failed: string[] = [];
  for (const name of names) {
    const file = join(benchDir, `${name}.ts`);
    if (!existsSync(file)) {
      console.error(`bench: no benchmark bench/${name}.ts (have: ${benchmarkNames().join(', ')})`);
      failed.push(name);
      continue;
    }
    console.log(`\n=== bench/${name}.ts ===`);
    const { status, signal } = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
    if (status !== 0) failed.push(`${name} (${signal ?? `exit ${status}`})`);
  }
  if (failed.length > 0) console.error(`\nbench: failed: ${failed.join(', ')}`);
  return failed.length > 0 ? 1 : 0;
}

if (isMain(import.meta.url)) process.exitCode = main();
