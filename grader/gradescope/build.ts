/**
 * Builds the Gradescope autograder from this repository: `npm run gradescope [-- <out dir>]` writes
 * <out>/autograder/ and <out>/autograder.zip (default dist/gradescope). The zip holds what grading
 * needs (course list, unit metadata, lib, hidden suites, engine, grader, lockfile) plus Gradescope's
 * `setup.sh` and `run_autograder`; never solutions/ or the lessons. Upload the zip as the autograder.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { repoRoot } from '../../src/course/paths';

/** Paths (files or folders) copied from the repository; everything the pipeline imports or reads. */
export const INCLUDED = [
  'package.json', 'package-lock.json', 'tsconfig.json', 'course.json',
  'lib', 'src/course', 'test/hidden', 'test/support', 'grader',
];
/** Never shipped, even when inside an included folder. */
const EXCLUDED = [/(^|\/)node_modules(\/|$)/, /^grader\/demo-class\//, /\.test\.ts$/, /(^|\/)\./];

export const SETUP_SH = `#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image (Ubuntu): Node 20 and the locked packages.
set -euo pipefail
apt-get update -qq
apt-get install -y -qq curl ca-certificates >/dev/null
curl -fsSL https://deb.nodesource.com/setup_20.x | bash - >/dev/null
apt-get install -y -qq nodejs >/dev/null
cd /autograder/source
npm ci --no-audit --no-fund
`;

export const RUN_AUTOGRADER = `#!/usr/bin/env bash
# Gradescope runs this for every submission: grade /autograder/submission into /autograder/results/results.json.
set -uo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
cd "$ROOT/source"
exec node --import tsx grader/gradescope/run.ts "$ROOT/submission" "$ROOT/results/results.json"
`;

function shipped(rel: string): boolean {
  return !EXCLUDED.some((re) => re.test(rel));
}

/** Every file of the bundle, relative to its root. */
export function bundleFiles(root = repoRoot): string[] {
  const files: string[] = [];
  const walk = (rel: string) => {
    const path = join(root, rel);
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(rel ? `${rel}/${name}` : name);
    } else if (shipped(rel)) {
      files.push(rel);
    }
  };
  for (const entry of INCLUDED) walk(entry);
  // Unit metadata only: the stubs and public tests are the learners' business.
  for (const unit of readdirSync(join(root, 'exercises')).sort()) {
    if (existsSync(join(root, 'exercises', unit, 'meta.json'))) files.push(`exercises/${unit}/meta.json`);
  }
  return files;
}

export function buildGradescope(outDir = join(repoRoot, 'dist', 'gradescope')): { dir: string; zip: string; files: number } {
  const dir = join(outDir, 'autograder');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = bundleFiles();
  const zippable: Zippable = {};
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const rel of files) {
    const target = join(dir, rel);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(repoRoot, rel), target);
    zippable[rel] = [readFileSync(join(repoRoot, rel)), { mtime }];
  }
  for (const [name, text] of [['setup.sh', SETUP_SH], ['run_autograder', RUN_AUTOGRADER]] as const) {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
    // Unix mode 0755 in the zip's external attributes, so Gradescope can execute them.
    zippable[name] = [new TextEncoder().encode(text), { mtime, os: 3, attrs: (0o100755 << 16) >>> 0 }];
  }
  const zip = join(outDir, 'autograder.zip');
  writeFileSync(zip, zipSync(zippable, { level: 9 }));
  return { dir, zip, files: files.length + 2 };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(repoRoot, 'grader', 'gradescope', 'build.ts')) {
  const out = resolve(process.argv[2] ?? join(repoRoot, 'dist', 'gradescope'));
  const { zip, files } = buildGradescope(out);
  console.log(`Wrote ${relative(process.cwd(), zip) || zip} (${files} files). Upload it as the Gradescope autograder.`);
}
