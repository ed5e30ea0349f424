/**
 * npm run release -- <dir> [--self-study] [--force] [--no-check]
 * Writes the learner's repository into <dir> (see src/release/build.ts): for a class by default,
 * for self-study (sealed reference answers, no Classroom files) with --self-study. Then checks it in
 * a scratch copy: it installs, `npm test` fails only with TODO messages, the reference answers pass.
 */
import { resolve } from 'node:path';
import { makeColors, wantsColor } from '../src/cli/colors';
import { cliMain, UsageError } from '../src/course/cli-main';
import { repoRoot } from '../src/course/paths';
import { CourseError } from '../src/course/course';
import { buildRelease } from '../src/release/build';
import { checkRelease } from '../src/release/check';

const c = makeColors(wantsColor(process.stdout));
const usage = 'Usage: npm run release -- <dir> [--self-study] [--force] [--no-check]';

interface ReleaseArgs {
  outDir: string;
  force: boolean;
  check: boolean;
  kind: 'class' | 'self-study';
}

function parse(args: string[]): ReleaseArgs {
  const flags = args.filter((a) => a.startsWith('-'));
  const positional = args.filter((a) => !a.startsWith('-'));
  const unknown = flags.filter((f) => !['--force', '--no-check', '--self-study'].includes(f));
  if (unknown.length > 0) throw new UsageError(`Unknown option ${unknown.join(', ')}. ${usage}`);
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? `Name the folder to write. ${usage}` : `One folder only, got ${positional.join(', ')}. ${usage}`);
  return { outDir: resolve(positional[0]!), force: flags.includes('--force'), check: !flags.includes('--no-check'), kind: flags.includes('--self-study') ? 'self-study' : 'class' };
}

function release({ outDir, force, check, kind }: ReleaseArgs): number {
  const release = buildRelease({ outDir, force, kind });
  console.log(`Wrote a ${release.kind} release: ${release.files.length} files for ${release.units.length} units to ${outDir}`);
  console.log(
    release.kind === 'self-study'
      ? '  with every reference answer sealed in .course/solutions/ (npm run course -- solution <unit> opens one once the unit passes), no Classroom files'
      : '  with GitHub Classroom autograding and no reference answers (--self-study makes a release that has them, sealed)',
  );
  if (!check) return 0;
  console.log('Checking it as a learner would: install, npm test on the stubs, then on the reference answers…');
  const report = checkRelease(outDir, repoRoot, resolve(repoRoot, 'solutions'));
  console.log(`  installed (${report.install.method}${report.install.note ? `: ${report.install.note}` : ''}) in ${(report.install.ms / 1000).toFixed(1)} s`);
  console.log(`  stubs: ${report.stubs.tests.length} tests, ${report.stubs.tests.filter((t) => !t.passed).length} fail with TODO messages`);
  if (release.kind === 'self-study') console.log(`  sealed answers: ${release.units.length}, each opening to its reference answer${report.problems.some((p) => p.includes('.course/solutions')) ? ' (not all: see below)' : ''}`);
  if (report.solutions) console.log(`  reference answers: ${report.solutions.tests.filter((t) => t.passed).length} of ${report.solutions.tests.length} tests pass`);
  if (report.problems.length > 0) {
    for (const p of report.problems) console.log(c.red(`  ✗ ${p}`));
    console.error(`${c.red('release:')} the release at ${outDir} is not ready (${report.problems.length} problem(s)).`);
    return 1;
  }
  console.log(c.green(`The release at ${outDir} is ready for learners.`));
  return 0;
}

process.exitCode = cliMain(process.argv.slice(2), parse, release, { name: 'release', label: c.red, expected: [[CourseError, 1]], disk: 2 });
