// A class across machines: --shard k/n parts fixed by a hash of each learner's name, `grade merge`
// joining the parts into the reports one run writes, and the workflows that run the parts shipped
// in grader/distributed/ (parsed here with the yaml package, their commands with the grader's parser).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { parseGradeArgs } from '../../grader/args';
import { classFingerprint, inShard, parseShard, shardOf } from '../../grader/shard';
import { repoRoot } from '../../src/course/paths';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function grade(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'grader', 'cli.ts'), ...args], { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

const names = (n: number, prefix = 'learner') => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);

describe('shards', () => {
  test('every learner is in exactly one of n parts, and adding learners moves nobody', () => {
    const before = names(300);
    const after = [...before, ...names(200, 'late-joiner')];
    for (const n of [1, 2, 3, 7]) {
      const parts = Array.from({ length: n }, (_, i) => ({ index: i + 1, count: n }));
      for (const s of after) expect(parts.filter((p) => inShard(s, p))).toHaveLength(1);
      for (const s of before) expect(shardOf(s, n)).toBe(shardOf(s, n)); // a pure function of the name…
      const placed = new Map(before.map((s) => [s, shardOf(s, n)]));
      for (const s of before) expect(shardOf(s, n)).toBe(placed.get(s)); // …whatever else is in the class
      // A hash spreads a class of 300 over the parts; none is empty or holds most of it.
      const sizes = parts.map((p) => before.filter((s) => inShard(s, p)).length);
      for (const size of sizes) expect(size).toBeGreaterThan(300 / n / 2);
    }
  });

  test('--shard takes k/n and says what is wrong with anything else, in one line', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '2', 'a/b', '1/0', '-1/2']) expect(() => parseShard(bad)).toThrow(/^--shard takes k\/n with 1 ≤ k ≤ n/);
    expect(() => parseGradeArgs(['x', '--shard', '3/2'])).toThrow(/--shard takes k\/n/);
    expect(() => parseGradeArgs(['x', '--shard', '1/2', '--student', 'ada'])).toThrow(/does not combine with --shard/);
  });

  test('the class fingerprint is the set of learners, in any order', () => {
    expect(classFingerprint(['b', 'a'])).toBe(classFingerprint(['a', 'b']));
    expect(classFingerprint(['a', 'b'])).not.toBe(classFingerprint(['a', 'b', 'c']));
  });
});

const solution = (unit: string) => readFileSync(join(repoRoot, 'solutions', unit, 'index.ts'), 'utf8');
const stub = (unit: string) => readFileSync(join(repoRoot, 'exercises', unit, 'index.ts'), 'utf8');

function learner(root: string, files: Record<string, string>): void {
  for (const [unit, code] of Object.entries(files)) {
    mkdirSync(join(root, 'exercises', unit), { recursive: true });
    writeFileSync(join(root, 'exercises', unit, 'index.ts'), code);
  }
}

/** Timings are the only things two runs of one class may differ in: each results.json's execution_time, the gradebook's ms and cache counts. */
const untimed = (text: string) => text.replace(/"execution_time": [\d.]+/g, '"execution_time": 0').replace(/"(ms|cached)":\d+/g, '"$1":0');
const undated = (html: string) => html.replace(/Generated [\d-]+ [\d:]+ UTC/, 'Generated <date> UTC');

describe('merge', () => {
  test('two shards merged write the bytes one run of the class writes (timings aside); wrong sets of shards are refused in one line', async () => {
    const klass = mkdtempSync(join(tmpdir(), 'grader-shards-'));
    // Learners whose names put them in both halves, with results that do not depend on the machine's load.
    const kinds: Record<string, string>[] = [
      { '01-sigmoid': solution('01-sigmoid'), '02-chain-rule': solution('02-chain-rule') },
      { '01-sigmoid': solution('01-sigmoid'), '02-chain-rule': stub('02-chain-rule') },
      { '01-sigmoid': solution('01-sigmoid').replace('sigmoid(z) * sigmoid(-z)', 'sigmoid(z) * (1 - z)'), '02-chain-rule': solution('02-chain-rule') },
      { '01-sigmoid': 'export const sigmoid = (z: number): number => "no";\n' },
    ];
    const people = ['Ada Lovelace', 'Ben', 'Cleo', 'Dev', 'Eve', 'Finn', 'Gus', 'Hal', 'Ivy', 'Jay', 'Kai', 'Lea', 'Max', 'Nia', 'Oli', 'Pia'];
    const first = people.filter((p) => shardOf(p, 2) === 1).slice(0, 3);
    const second = people.filter((p) => shardOf(p, 2) === 2).slice(0, 3);
    expect(first.length + second.length).toBe(6);
    [...first, ...second].forEach((p, i) => learner(join(klass, 'class', p), kinds[i % kinds.length]!));
    mkdirSync(join(klass, 'class', 'Zed')); // no exercises/: a row that says why
    const dir = (name: string) => join(klass, name);
    const common = [join(klass, 'class'), '--unit', '01,02', '--jobs', '2', '--quiet'];

    const runs = [
      await grade([...common, '--out', dir('all')]),
      await grade([...common, '--out', dir('s1'), '--shard', '1/2']),
      await grade([...common, '--out', dir('s2'), '--shard', '2/2']),
    ];
    for (const r of runs) expect(r.stderr).toBe('');
    expect(runs.map((r) => r.status)).toEqual([0, 0, 0]);
    const merged = await grade(['merge', dir('s1'), dir('s2'), '--out', dir('merged'), '--submissions', join(klass, 'class')]);
    expect(merged.stderr).toBe('');
    expect(merged.status).toBe(0);
    expect(merged.stdout).toMatch(/Merged 2 shards: 7 learners × 2 units/);

    const read = (d: string, f: string) => readFileSync(join(dir(d), f), 'utf8');
    expect(read('merged', 'grades.csv')).toBe(read('all', 'grades.csv'));
    expect(read('merged', 'grades.csv').split('\n')).toHaveLength(9); // header, 7 learners, final newline
    expect(undated(read('merged', 'report.html'))).toBe(undated(read('all', 'report.html')));
    expect(untimed(read('merged', 'gradebook.json'))).toBe(untimed(read('all', 'gradebook.json')));
    const learners = readdirSync(dir('all'), { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
    expect(learners).toHaveLength(7);
    for (const s of learners) expect(untimed(read('merged', join(s, 'results.json')))).toBe(untimed(read('all', join(s, 'results.json'))));
    // Each shard holds its half only.
    expect(read('s1', 'grades.csv')).not.toContain(second[0]);
    expect(read('s2', 'grades.csv')).not.toContain(first[0]);

    // The merged folder is a gradebook like any other: --unit regrades a cell of it.
    const regrade = await grade([...common.filter((a) => a !== '01,02' && a !== '--unit'), '--unit', '02', '--out', dir('merged')]);
    expect(regrade.stderr).toBe('');
    expect(read('merged', 'grades.csv')).toBe(read('all', 'grades.csv'));

    const refused = async (args: string[], message: RegExp) => {
      const r = await grade(['merge', ...args, '--out', dir('refused')]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    };
    await refused([dir('s1')], /^grade: shard 2\/2 is missing \(have 1\/2\): add the --out folder of every shard/);
    await refused([dir('s1'), dir('s1'), dir('s2')], /s1 is given twice: give each shard once/);
    cpSync(dir('s1'), dir('s1-again'), { recursive: true });
    await refused([dir('s1'), dir('s1-again'), dir('s2')], /are both shard 1\/2: give each shard once/);
    await refused([dir('all')], /is the gradebook of a whole class \(graded without --shard\), not a shard/);
    await refused([dir('s1'), dir('nowhere')], /nowhere does not exist/);
    const into = await grade(['merge', dir('s1'), dir('s2'), '--out', dir('s2')]);
    expect([into.status, into.stderr.trim()]).toEqual([2, expect.stringMatching(/^grade: --out .* is one of the shards: merge into a folder of its own$/)]);

    // Another class (one more learner): its shards do not go with these.
    cpSync(join(klass, 'class'), join(klass, 'class-b'), { recursive: true });
    mkdirSync(join(klass, 'class-b', 'Late Joiner'));
    const other = await grade([join(klass, 'class-b'), '--unit', '01,02', '--quiet', '--out', dir('b2'), '--shard', `${shardOf('Late Joiner', 2) === 1 ? 2 : 1}/2`]);
    expect(other.status).toBe(0);
    await refused(shardOf('Late Joiner', 2) === 1 ? [dir('s1'), dir('b2')] : [dir('b2'), dir('s2')], /are parts of different classes \([78] learners in .*, [78] in .*\): grade every shard from the same submissions/);

    // Another commit of the hidden suites (as the gradebook records it): refused.
    cpSync(dir('s2'), dir('s2-other-suite'), { recursive: true });
    const book = JSON.parse(read('s2-other-suite', 'gradebook.json')) as { suites: Record<string, string> };
    book.suites['02-chain-rule'] = 'f'.repeat(64);
    writeFileSync(join(dir('s2-other-suite'), 'gradebook.json'), `${JSON.stringify(book)}\n`);
    await refused([dir('s1'), dir('s2-other-suite')], /were graded with different hidden suites \(02-chain-rule differs\)/);
  }, 900_000);
});

describe('the distributed workflows shipped in grader/distributed', () => {
  const distributed = join(repoRoot, 'grader', 'distributed');

  test('the GitHub Actions matrix grades every shard once and merges all of them', () => {
    const workflow = parse(readFileSync(join(distributed, 'github-actions.yml'), 'utf8')) as {
      env: Record<string, string | number>;
      jobs: Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] }>;
    };
    const n = Number(workflow.env.SHARDS);
    const { grade: gradeJob, merge } = workflow.jobs;
    expect(gradeJob!.strategy!.matrix.shard).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(merge!.needs).toBe('grade');
    const command = gradeJob!.steps.find((s) => s.run?.includes('--shard'))!.run!;
    for (const k of gradeJob!.strategy!.matrix.shard) {
      // What the runner's shell receives, split as it would split it.
      const line = command.replace(/\$\{\{ matrix\.shard \}\}/g, String(k)).replace(/\$SHARDS/g, String(n)).replace(/"\$SUBMISSIONS"/, 'submissions');
      const argv = line.replace(/^npm run grade -- /, '').replace(/"/g, '').split(/\s+/);
      const args = parseGradeArgs(argv);
      expect(args.shard).toEqual({ index: k, count: n });
      expect(args.out).toBe(`shard-${k}`);
    }
    const upload = gradeJob!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload.with!.path).toBe('shard-${{ matrix.shard }}');
    const download = merge!.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
    expect(download.with).toMatchObject({ pattern: 'shard-*', path: 'shards' });
    expect(merge!.steps.some((s) => s.run === 'npm run grade -- merge shards/shard-* --out grades')).toBe(true);
  });

  test('the Kubernetes Indexed Job runs one pod per shard from JOB_COMPLETION_INDEX, and the merge Job waits for all of them', () => {
    const docs = parseAllDocuments(readFileSync(join(distributed, 'kubernetes-job.yaml'), 'utf8')).map((d) => d.toJS() as {
      kind: string;
      metadata: { name: string };
      spec: { completionMode?: string; completions?: number; parallelism?: number; template: { spec: { restartPolicy: string; containers: { args: string[]; env?: { name: string; value: string }[] }[]; initContainers?: { args: string[]; env?: { name: string; value: string }[] }[] } } };
    });
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Job/grade-class', 'Job/merge-grades']);
    const [indexed, merge] = docs as [(typeof docs)[number], (typeof docs)[number]];
    expect(indexed.spec.completionMode).toBe('Indexed');
    const container = indexed.spec.template.spec.containers[0]!;
    const shards = Number(container.env!.find((e) => e.name === 'SHARDS')!.value);
    expect(indexed.spec.completions).toBe(shards);
    expect(indexed.spec.parallelism).toBe(shards);
    expect(indexed.spec.template.spec.restartPolicy).toBe('Never');
    const script = container.args[0]!;
    expect(script).toContain('JOB_COMPLETION_INDEX');
    for (let index = 0; index < shards; index++) {
      const k = index + 1;
      const line = script.replace(/^k=\$\(\(JOB_COMPLETION_INDEX \+ 1\)\); exec /, '').replace(/\$k/g, String(k)).replace(/\$SHARDS/g, String(shards));
      const args = parseGradeArgs(line.replace(/^npm run grade -- /, '').replace(/"/g, '').split(/\s+/));
      expect(args.shard).toEqual({ index: k, count: shards });
      expect(args.out).toBe(`/class/shards/shard-${k}`);
    }
    expect(Number(merge.spec.template.spec.initContainers![0]!.env!.find((e) => e.name === 'SHARDS')!.value)).toBe(shards);
    expect(merge.spec.template.spec.containers[0]!.args[0]).toBe('exec npm run grade -- merge /class/shards/shard-* --out /class/grades');
  });
});
