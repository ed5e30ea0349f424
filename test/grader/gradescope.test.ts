// The Gradescope autograder is built from this repository and grades with the same pipeline: the
// bundle holds no solutions, and its run_autograder writes a results.json for the submission.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildGradescope, NODE_MAJOR, SETUP_SH } from '../../grader/gradescope/build';
import { budgetFor, MIN_SANDBOX_MB, PARENT_MB, readContainerLimits, SANDBOX_OVERHEAD_MB } from '../../grader/gradescope/limits';
import { parseBuildArgs, parseRunArgs } from '../../grader/gradescope/options';
import type { GradescopeResults } from '../../grader/reports/gradescope';
import { repoRoot } from '../../src/course/paths';
import { loadUnits } from '../../src/course/course';

const units = loadUnits();
const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
let built: ReturnType<typeof buildGradescope>;
beforeAll(() => {
  built = buildGradescope(mkdtempSync(join(tmpdir(), 'gradescope-')));
});

/** An /autograder tree as Gradescope lays it out: source/ (the bundle), submission/, results/. */
function autograder(bundleDir: string): string {
  const root = mkdtempSync(join(tmpdir(), 'autograder-'));
  cpSync(bundleDir, join(root, 'source'), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'source', 'node_modules'));
  mkdirSync(join(root, 'submission', 'exercises', '01-sigmoid'), { recursive: true });
  return root;
}

function runAutograder(root: string, args: string[] = []) {
  const run = spawnSync('bash', [join(root, 'source', 'run_autograder'), ...args], { encoding: 'utf8', env: { ...process.env, AUTOGRADER_ROOT: root } });
  return { run, results: () => JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')) as GradescopeResults };
}

describe('the Gradescope bundle', () => {
  test('holds setup.sh and run_autograder (executable), the hidden suites and the grader, and no solutions', () => {
    const names = Object.keys(unzipSync(readFileSync(built.zip)));
    expect(names).toEqual(expect.arrayContaining(['setup.sh', 'run_autograder', 'package-lock.json', 'course.json', 'grader/checks/01-sigmoid.checks.ts', 'grader/checks/support/oracle.ts', 'grader/cli.ts', 'grader/sandbox/boot.cjs', 'exercises/01-sigmoid/meta.json', 'grader/gradescope/config.json']));
    expect(names.filter((n) => n.startsWith('solutions/') || n.endsWith('/index.ts') && n.startsWith('exercises/') || n.includes('demo-class') || n.startsWith('lessons/'))).toEqual([]);
    expect(statSync(join(built.dir, 'run_autograder')).mode & 0o111).toBe(0o111);
    expect(readFileSync(join(built.dir, 'setup.sh'), 'utf8')).toContain('npm ci');
  });

  test(`setup.sh installs Node ${NODE_MAJOR} LTS (NodeSource's apt repository on Gradescope's Ubuntu) and stops if it got another`, () => {
    expect(NODE_MAJOR).toBe(26);
    expect(SETUP_SH).toContain('https://deb.nodesource.com/setup_26.x');
    expect(SETUP_SH).not.toMatch(/setup_20/);
    // the version check is real shell: run it against this machine's node with the expected major swapped in
    const check = SETUP_SH.split('\n').filter((l) => l.startsWith('major=') || l.startsWith('if [ "$major"')).join('\n');
    const here = process.versions.node.split('.')[0]!;
    expect(spawnSync('bash', ['-c', check.replaceAll(`"${NODE_MAJOR}"`, `"${here}"`)]).status).toBe(0);
    const wrong = spawnSync('bash', ['-c', check.replaceAll(`"${NODE_MAJOR}"`, '"7"')], { encoding: 'utf8' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('expected Node');
  });

  test('run_autograder grades /autograder/submission into /autograder/results/results.json', () => {
    const root = autograder(built.dir);
    cpSync(join(repoRoot, 'solutions', '01-sigmoid', 'index.ts'), join(root, 'submission', 'exercises', '01-sigmoid', 'index.ts'));
    const { run, results: read } = runAutograder(root);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/with \d+ sandbox(es)? of \d+ MB \(.*cgroup/);
    const results = read();
    expect(results.output_format).toBe('md');
    const unit01 = results.tests.filter((t) => t.name.startsWith('01-sigmoid:'));
    expect(unit01.length).toBeGreaterThan(0);
    expect(unit01.every((t) => t.status === 'passed')).toBe(true);
    expect(results.tests.filter((t) => !t.name.startsWith('01-sigmoid:')).every((t) => t.status === 'failed' && t.output.includes('there is no exercises/'))).toBe(true);
    expect(results.score).toBe(10);
    // every unit's checks are worth exactly its points (in hundredths, so no float drift either)
    const graded = units.filter((u) => results.tests.some((t) => t.name.startsWith(`${u.slug}:`)));
    expect(graded.length).toBeGreaterThanOrEqual(10);
    for (const unit of graded) {
      const cents = results.tests.filter((t) => t.name.startsWith(`${unit.slug}:`)).map((t) => Math.round(t.max_score * 100));
      expect(cents.reduce((a, b) => a + b, 0), unit.slug).toBe(unit.points * 100);
      expect(Math.max(...cents) - Math.min(...cents), unit.slug).toBeLessThanOrEqual(1);
    }
    expect(results.output).toContain('File: `exercises/01-sigmoid/index.ts`');
  }, 120_000);

  test('a bundle for chosen units, with hidden checks after_published: grades those units only, tags the misconception', () => {
    const out = mkdtempSync(join(tmpdir(), 'gradescope-one-'));
    const build = spawnSync(tsx, ['grader/gradescope/build.ts', '--out', out, '--unit', '01', '--visibility', 'after_published'], { cwd: repoRoot, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    expect(build.stdout).toContain('units 01-sigmoid; checks after_published, summary visible');
    const names = Object.keys(unzipSync(readFileSync(join(out, 'autograder.zip'))));
    expect(names.filter((n) => /^grader\/checks\/[^/]+\.checks\.ts$/.test(n))).toEqual(['grader/checks/01-sigmoid.checks.ts']);
    expect(names.filter((n) => n.startsWith('test/'))).toEqual([]);
    const root = autograder(join(out, 'autograder'));
    const wrong = readFileSync(join(repoRoot, 'solutions', '01-sigmoid', 'index.ts'), 'utf8').replace('return sigmoid(z) * sigmoid(-z);', 'return sigmoid(z) * (1 - z);');
    writeFileSync(join(root, 'submission', 'exercises', '01-sigmoid', 'index.ts'), wrong);
    const { run, results: read } = runAutograder(root, ['--jobs', '1']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('with 1 sandbox of 512 MB (from the command line)');
    const results = read();
    expect(results.max_score).toBe(10);
    expect(new Set(results.tests.map((t) => t.name.split(':')[0]))).toEqual(new Set(['01-sigmoid']));
    expect(new Set(results.tests.map((t) => t.visibility))).toEqual(new Set(['after_published']));
    expect(results.visibility).toBe('visible');
    const tagged = results.tests.filter((t) => t.tags.length > 0);
    expect(tagged.length).toBeGreaterThan(0);
    expect(tagged.every((t) => t.status === 'failed')).toBe(true);
    expect(tagged.flatMap((t) => t.tags)).toContain('σ(z)·(1−z) instead of σ(z)·(1−σ(z))');
    expect(results.tests.filter((t) => t.status === 'passed').every((t) => t.tags.length === 0)).toBe(true);
  }, 120_000);
});

describe('npm run gradescope and run_autograder: the command lines', () => {
  test('--help prints the options and writes nothing; an unknown flag or a bad value is one line and exit 2', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'gradescope-cli-'));
    const help = spawnSync(tsx, [join(repoRoot, 'grader/gradescope/build.ts'), '--help'], { cwd, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: npm run gradescope');
    expect(help.stdout).toContain('after_published');
    expect(existsSync(join(cwd, '--help'))).toBe(false);
    for (const [args, says] of [
      [['--jobs', '2'], "Unknown option '--jobs'"],
      [['--visibility', 'later'], '--visibility takes visible, hidden, after_due_date, after_published, not "later"'],
      [['--unit', '42'], 'Unknown unit "42"'],
      [['a', 'b'], 'expected at most 1 output folder'],
    ] as const) {
      const bad = spawnSync(tsx, [join(repoRoot, 'grader/gradescope/build.ts'), ...args], { cwd, encoding: 'utf8' });
      expect(bad.status, args.join(' ')).toBe(2);
      expect(bad.stderr.split('\n')[0]).toContain(`gradescope: ${says}`);
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    }
    const runHelp = spawnSync(tsx, [join(repoRoot, 'grader/gradescope/run.ts'), '--help'], { cwd, encoding: 'utf8' });
    expect(runHelp.status).toBe(0);
    expect(runHelp.stdout).toContain('--jobs <n>');
    const runBad = spawnSync(tsx, [join(repoRoot, 'grader/gradescope/run.ts'), '--jobs', 'many'], { cwd, encoding: 'utf8' });
    expect(runBad.status).toBe(2);
    expect(runBad.stderr).toContain('--jobs needs a positive whole number');
  }, 60_000);

  test('the parsed options', () => {
    expect(parseBuildArgs([], units).config).toEqual({ units: units.map((u) => u.slug), checks: 'visible', summary: 'visible' });
    expect(parseBuildArgs(['out', '--unit', '03,1', '--summary-visibility', 'hidden'], units)).toEqual({ out: 'out', help: false, config: { units: ['01-sigmoid', '03-gradient-check'], checks: 'visible', summary: 'hidden' } });
    expect(parseRunArgs(['/s', '/r.json', '--memory', '300'])).toEqual({ submission: '/s', results: '/r.json', jobs: undefined, memoryMb: 300, help: false });
  });
});

describe("sandboxes and memory from the container's cgroup limits", () => {
  const tree = (files: Record<string, string>): string => {
    const root = mkdtempSync(join(tmpdir(), 'cgroup-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), `${text}\n`);
    }
    return root;
  };
  const GB = 2 ** 30;

  test('cgroup v2: cpu.max and memory.max, in this process\'s group or at the root', () => {
    expect(readContainerLimits(tree({ 'cpu.max': '150000 100000', 'memory.max': String(2 * GB) }), '0::/\n')).toMatchObject({ cpuQuota: 1.5, memoryBytes: 2 * GB });
    expect(readContainerLimits(tree({ 'job/cpu.max': '400000 100000', 'job/memory.max': 'max' }), '0::/job\n')).toMatchObject({ cpuQuota: 4, memoryBytes: undefined });
    expect(readContainerLimits(tree({ 'cpu.max': 'max 100000', 'memory.max': String(GB) }), '0::/\n')).toMatchObject({ cpuQuota: undefined, memoryBytes: GB });
  });

  test('cgroup v1: cfs quota and period, memory.limit_in_bytes; -1 and 2^63 mean no limit', () => {
    expect(readContainerLimits(tree({ 'cpu/cpu.cfs_quota_us': '200000', 'cpu/cpu.cfs_period_us': '100000', 'memory/memory.limit_in_bytes': String(768 * 2 ** 20) }), '')).toMatchObject({ cpuQuota: 2, memoryBytes: 768 * 2 ** 20, source: 'cgroup v1' });
    expect(readContainerLimits(tree({ 'cpu,cpuacct/cpu.cfs_quota_us': '-1', 'cpu,cpuacct/cpu.cfs_period_us': '100000', 'memory/memory.limit_in_bytes': '9223372036854771712' }), '')).toMatchObject({ cpuQuota: undefined, memoryBytes: undefined });
    expect(readContainerLimits(tree({}), '')).toMatchObject({ cpuQuota: undefined, memoryBytes: undefined });
  });

  test('the budget: the CPU quota, not the host CPUs; as many sandboxes as fit in memory; one smaller sandbox when even one does not fit', () => {
    // Gradescope's default container: 1 CPU of a many-core host, 768 MB
    const small = budgetFor({ cpuQuota: 1, memoryBytes: 768 * 2 ** 20, source: 'test' }, { cpus: 64, memoryMb: 512 });
    expect(small).toMatchObject({ jobs: 1, memoryMb: 768 - PARENT_MB - SANDBOX_OVERHEAD_MB });
    expect(small.reason).toContain('a quota of 1 CPUs, 768 MB (test) → 1 sandbox of 254 MB');
    // 4 CPUs and 6 GB: the quota decides
    expect(budgetFor({ cpuQuota: 4, memoryBytes: 6 * GB, source: 'test' }, { cpus: 64, memoryMb: 512 })).toMatchObject({ jobs: 4, memoryMb: 512 });
    // 8 CPUs but 2 GB: memory decides, (2048 − 450) / (512 + 64) = 2
    expect(budgetFor({ cpuQuota: 8, memoryBytes: 2 * GB, source: 'test' }, { cpus: 64, memoryMb: 512 })).toMatchObject({ jobs: 2, memoryMb: 512 });
    // a fractional quota rounds down but never to zero; tiny memory never goes below the floor
    expect(budgetFor({ cpuQuota: 0.5, memoryBytes: 300 * 2 ** 20, source: 'test' }, { cpus: 2 })).toMatchObject({ jobs: 1, memoryMb: MIN_SANDBOX_MB });
    // no limits at all: the machine's CPUs and memory
    expect(budgetFor({ source: 'test' }, { cpus: 3, memoryMb: 512, hostBytes: 16 * GB })).toMatchObject({ jobs: 3, memoryMb: 512 });
  });
});
