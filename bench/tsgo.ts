/**
 * TypeScript's native compiler (tsgo, from @typescript/native-preview) against the grader's type
 * checker (src/course/typecheck.ts: TypeScript 5 kept warm in a worker thread, lib.d.ts and
 * @types/node parsed once), on the course's type-error cases:
 *  - the demo class (its type-error learner, stubs, partial and perfect units, all 12 units), and
 *  - crafted errors a learner makes (a wrong return type, a missing argument, a misspelt property,
 *    an implicit any, an unknown course helper, a wrong mathjs call, a missing import);
 * checked in batches of 16 learners, as the grader does. tsgo gets a tsconfig generated from the
 * course's: `paths` without `baseUrl` (tsgo rejects baseUrl), absolute, as the worker sets them.
 *
 * Reports whether both give the same diagnostics (file, line, column, code, and the message), and
 * the time per batch (the worker warm, as in a grading run; tsgo a process per batch, which is how
 * a CLI is used). tsgo is not a dependency of the course: install it anywhere and point TSGO at it:
 *   npm install --prefix /tmp/tsgo --save-exact @typescript/native-preview@7.0.0-dev.20260707.2
 *   TSGO=/tmp/tsgo/node_modules/.bin/tsgo npx tsx bench/tsgo.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { buildDemoClass } from '../grader/demo-class/build';
import { unitsToGrade } from '../grader/grade';
import { libDir } from '../src/course/bundle';
import { repoRoot } from '../src/course/paths';
import { TypeChecker, type Diagnostic } from '../src/course/typecheck';
import { loadUnits } from '../src/course/course';
import { formatMs, isMain, machine } from './lib/index.js';

const tsgo = process.env.TSGO ?? join(repoRoot, 'node_modules', '.bin', 'tsgo');
const dir = join(repoRoot, '.cache', 'bench', 'tsgo');
const BATCH = 16;

const solution = (slug: string) => readFileSync(join(repoRoot, 'solutions', slug, 'index.ts'), 'utf8');
/** Learners with one typical type error each, on top of the solutions. */
const CRAFTED: Record<string, (slug: string) => string | undefined> = {
  'wrong-return': (s) => (s === '01-sigmoid' ? solution(s).replace('export function sigmoid(z: number): number {', 'export function sigmoid(z: number): string {') : undefined),
  'missing-argument': (s) => (s === '02-chain-rule' ? `${solution(s)}\nexport const broken = (): number => sgdStep(1, 2);\n` : undefined),
  'misspelt-property': (s) => (s === '02-chain-rule' ? `${solution(s)}\nexport const broken = (): number[] => chainForward(1, [1]).zz;\n` : undefined),
  'implicit-any': (s) => (s === '03-gradient-check' ? `${solution(s)}\nexport function broken(x) { return x; }\n` : undefined),
  'unknown-helper': (s) => (s === '06-exploding-gradients' ? `import { nothing } from '@course/no-such-helper';\n${solution(s)}\nexport const broken = nothing;\n` : undefined),
  'mathjs-misuse': (s) => (s === '08-batch-norm' ? `import { mean as mjMean } from 'mathjs';\n${solution(s)}\nexport const broken: string = mjMean([1, 2]);\n` : undefined),
  'missing-import': (s) => (s === '10-gradient-clipping' ? `${solution(s)}\nexport const broken = notImported(1);\n` : undefined),
};

/** The course's compiler options as a tsconfig tsgo accepts: no baseUrl, absolute paths (what the worker sets). */
function tsgoConfig(files: string[]): object {
  const raw = ts.parseConfigFileTextToJson('tsconfig.json', readFileSync(join(repoRoot, 'tsconfig.json'), 'utf8')).config as { compilerOptions: Record<string, unknown> };
  const { baseUrl: _baseUrl, paths: _paths, ...options } = raw.compilerOptions;
  return {
    compilerOptions: {
      ...options,
      noEmit: true,
      paths: { '@course/*': [`${libDir}/*`], mathjs: [join(repoRoot, 'node_modules', 'mathjs', 'types', 'index.d.ts')] },
      typeRoots: [join(repoRoot, 'node_modules', '@types')],
    },
    files,
  };
}

const key = (d: Diagnostic) => `${relative(dir, d.file)}:${d.line}:${d.column} TS${d.code}`;

/** tsgo's diagnostics for these files: `file(line,col): error TSnnnn: message` lines. */
function runTsgo(files: string[], batch: number): { diagnostics: Diagnostic[]; ms: number } {
  const config = join(dir, `tsconfig.batch-${batch}.json`);
  writeFileSync(config, JSON.stringify(tsgoConfig(files), null, 2));
  const started = performance.now();
  const run = spawnSync(tsgo, ['-p', config, '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.error) throw run.error;
  const diagnostics: Diagnostic[] = [];
  for (const line of run.stdout.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): error TS(\d+): (.*)$/.exec(line);
    if (m) diagnostics.push({ file: join(dir, m[1]!), line: Number(m[2]), column: Number(m[3]), code: Number(m[4]), text: m[5]! });
    else if (line.trim() !== '' && !/^\s/.test(line)) throw new Error(`tsgo said: ${line}`);
  }
  return { diagnostics, ms };
}

async function main(): Promise<void> {
  if (!existsSync(tsgo)) {
    console.log(`tsgo not found at ${tsgo}: see this file's comment for how to install it.`);
    return;
  }
  console.log(`Machine: ${machine()}`);
  console.log(`tsgo: ${spawnSync(tsgo, ['--version'], { encoding: 'utf8' }).stdout.trim()}; TypeScript ${ts.version}`);
  const units = unitsToGrade(loadUnits());
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  buildDemoClass(units, join(dir, 'demo'));
  for (const [name, make] of Object.entries(CRAFTED)) {
    for (const u of units) {
      const target = join(dir, 'crafted', name, 'exercises', u.slug, 'index.ts');
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, make(u.slug) ?? solution(u.slug));
    }
  }
  const learners = [...readdirSync(join(dir, 'demo')).map((l) => join(dir, 'demo', l)), ...readdirSync(join(dir, 'crafted')).map((l) => join(dir, 'crafted', l))];
  const rootsOf = (learner: string) => units.map((u) => join(learner, 'exercises', u.slug, 'index.ts')).filter((f) => existsSync(f));
  const batches: string[][] = [];
  const withFiles = learners.filter((l) => rootsOf(l).length > 0);
  for (let i = 0; i < withFiles.length; i += BATCH) batches.push(withFiles.slice(i, i + BATCH).flatMap(rootsOf));

  const checker = new TypeChecker({ batchSize: 10_000, baseTimeoutMs: 900_000 });
  await checker.check(batches[0]!, dir); // start-up and lib.d.ts, as the grader's first batch pays them
  const tsTimes: number[] = [];
  const goTimes: number[] = [];
  const fromTs: Diagnostic[] = [];
  const fromGo: Diagnostic[] = [];
  for (const [i, batch] of batches.entries()) {
    // Interleaved, so a burst of load from elsewhere lands on both.
    const started = performance.now();
    const report = await checker.check(batch, dir);
    if ('gaveUp' in report) {
      console.log(`batch ${i}: TypeScript gave up (${report.gaveUp}); left out of the comparison`);
      continue;
    }
    tsTimes.push(performance.now() - started);
    fromTs.push(...report.diagnostics);
    const go = runTsgo(batch, i);
    goTimes.push(go.ms);
    fromGo.push(...go.diagnostics);
  }
  await checker.close();

  const a = new Map(fromTs.map((d) => [key(d), d.text]));
  const b = new Map(fromGo.map((d) => [key(d), d.text]));
  const onlyTs = [...a.keys()].filter((k) => !b.has(k));
  const onlyGo = [...b.keys()].filter((k) => !a.has(k));
  const otherText = [...a.keys()].filter((k) => b.has(k) && a.get(k) !== b.get(k));
  const files = batches.reduce((n, x) => n + x.length, 0);
  console.log(`\n${withFiles.length} learners (${files} unit files) in ${batches.length} batches of up to ${BATCH} learners`);
  console.log(`diagnostics: TypeScript ${a.size}, tsgo ${b.size}; only TypeScript: ${onlyTs.length}, only tsgo: ${onlyGo.length}, same place and code but another message: ${otherText.length}`);
  for (const k of onlyTs.slice(0, 10)) console.log(`  only TypeScript: ${k} ${a.get(k)}`);
  for (const k of onlyGo.slice(0, 10)) console.log(`  only tsgo:       ${k} ${b.get(k)}`);
  for (const k of otherText.slice(0, 5)) console.log(`  message: ${k}\n    TypeScript: ${a.get(k)}\n    tsgo:       ${b.get(k)}`);
  const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  console.log(`per batch (median, total): TypeScript, warm worker ${formatMs(median(tsTimes))}, ${formatMs(sum(tsTimes))}; tsgo, a process per batch ${formatMs(median(goTimes))}, ${formatMs(sum(goTimes))}`);
  console.log(`  tsgo ÷ TypeScript: ${(sum(goTimes) / sum(tsTimes)).toFixed(2)}× the time`);
}

if (isMain(import.meta.url)) await main();
