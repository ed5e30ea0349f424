/**
 * Builds the Gradescope autograder from this repository: `npm run gradescope [-- <out dir>] [options]`
 * (see options.ts) writes <out>/autograder/ and <out>/autograder.zip (default dist/gradescope). The zip
 * holds what grading needs (course list, unit metadata, lib, the chosen units' hidden suites, engine,
 * grader, lockfile, config.json) plus Gradescope's `setup.sh` and `run_autograder`; never solutions/
 * or the lessons. Upload the zip as the autograder.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { cliMain } from '../../src/course/cli-main';
import { repoRoot } from '../../src/course/paths';
import { CourseError, loadCourse } from '../../src/course/course';
import { BUILD_USAGE, type BundleConfig, CONFIG_FILE, parseBuildArgs, readBundleConfig } from './options';

/** Paths (files or folders) copied from the repository; everything the pipeline imports or reads (the hidden checks are grader/checks/). */
export const INCLUDED = [
  'package.json', 'package-lock.json', 'tsconfig.json', 'course.json',
  'lib', 'src/course', 'grader',
];
/** Never shipped, even when inside an included folder. */
const EXCLUDED = [/(^|\/)node_modules(\/|$)/, /^grader\/demo-class\//, /\.test\.ts$/, /(^|\/)\./];

/** Node's current LTS line (24, "Krypton", LTS since October 2025; Node 20 reached its end of life in April 2026). */
export const NODE_MAJOR = 26; // the Active LTS line (since 2026-10-28), which CI also runs the core under (.ci/run)

export const SETUP_SH = `#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder image (Ubuntu): Node ${NODE_MAJOR} LTS from
# NodeSource's apt repository (Ubuntu's own nodejs package is older), then the locked packages.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq curl ca-certificates >/dev/null
curl -fsSL https://deb.nodesource.com/setup_${NODE_MAJOR}.x | bash - >/dev/null
apt-get install -y -qq nodejs >/dev/null
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" != "${NODE_MAJOR}" ]; then echo "setup.sh: expected Node ${NODE_MAJOR}, got $(node --version)" >&2; exit 1; fi
cd /autograder/source
npm ci --no-audit --no-fund
`;

export const RUN_AUTOGRADER = `#!/usr/bin/env bash
# Gradescope runs this for every submission: grade /autograder/submission into /autograder/results/results.json.
set -uo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
cd "$ROOT/source"
exec node --import tsx grader/gradescope/run.ts "$ROOT/submission" "$ROOT/results/results.json" "$@"
`;

function shipped(rel: string): boolean {
  return !EXCLUDED.some((re) => re.test(rel));
}

/**
 * Every file of the bundle, relative to its root: of the course model's units, each one's metadata
 * (the stubs and public tests are the learners' business), and the hidden checks of the chosen
 * units only.
 */
export function bundleFiles(root = repoRoot, units?: string[]): string[] {
  const course = loadCourse(root).units;
  const left = new Set(course.filter((u) => units && !units.includes(u.slug)).flatMap((u) => u.paths.hiddenChecks));
  const files: string[] = [];
  const walk = (rel: string) => {
    const path = join(root, rel);
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(rel ? `${rel}/${name}` : name);
    } else if (shipped(rel) && rel !== CONFIG_FILE && !left.has(rel)) {
      files.push(rel);
    }
  };
  for (const entry of INCLUDED) walk(entry);
  for (const unit of course) files.push(unit.paths.meta);
  return files;
}

export function buildGradescope(outDir = join(repoRoot, 'dist', 'gradescope'), config: BundleConfig = readBundleConfig()): { dir: string; zip: string; files: number } {
  const dir = join(outDir, 'autograder');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = bundleFiles(repoRoot, config.units);
  const zippable: Zippable = {};
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const rel of files) {
    const target = join(dir, rel);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(repoRoot, rel), target);
    zippable[rel] = [readFileSync(join(repoRoot, rel)), { mtime }];
  }
  const configText = `${JSON.stringify(config, null, 2)}\n`;
  mkdirSync(dirname(join(dir, CONFIG_FILE)), { recursive: true });
  writeFileSync(join(dir, CONFIG_FILE), configText);
  zippable[CONFIG_FILE] = [new TextEncoder().encode(configText), { mtime }];
  for (const [name, text] of [['setup.sh', SETUP_SH], ['run_autograder', RUN_AUTOGRADER]] as const) {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
    // Unix mode 0755 in the zip's external attributes, so Gradescope can execute them.
    zippable[name] = [new TextEncoder().encode(text), { mtime, os: 3, attrs: (0o100755 << 16) >>> 0 }];
  }
  const zip = join(outDir, 'autograder.zip');
  writeFileSync(zip, zipSync(zippable, { level: 9 }));
  return { dir, zip, files: files.length + 3 };
}

/** The command: 0 built, 2 a bad flag or unit (one line), 1 anything else. */
export function main(argv = process.argv.slice(2)): number {
  return cliMain(argv, parseBuildArgs, (args) => {
    if (args.help) {
      console.log(BUILD_USAGE);
      return 0;
    }
    const out = resolve(args.out ?? join(repoRoot, 'dist', 'gradescope'));
    const { zip, files } = buildGradescope(out, args.config);
    const visibility = args.config.checks === 'visible' && args.config.summary === 'visible' ? '' : `; checks ${args.config.checks}, summary ${args.config.summary}`;
    console.log(`Wrote ${relative(process.cwd(), zip) || zip} (${files} files; units ${args.config.units.join(', ')}${visibility}). Upload it as the Gradescope autograder.`);
    return 0;
  }, {
    name: 'gradescope',
    hint: '(npm run gradescope -- --help shows the options)',
    expected: [[CourseError, 2]],
    disk: 2,
    unexpected: (error) => ({ line: `gradescope: internal error: ${(error as Error)?.stack ?? String(error)}`, status: 1 }),
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(repoRoot, 'grader', 'gradescope', 'build.ts')) process.exitCode = main();
