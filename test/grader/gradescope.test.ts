// The Gradescope autograder is built from this repository and grades with the same pipeline: the
// bundle holds no solutions, and its run_autograder writes a results.json for the submission.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildGradescope } from '../../grader/gradescope/build';
import type { GradescopeResults } from '../../grader/reports/gradescope';
import { repoRoot } from '../../src/course/paths';

let built: ReturnType<typeof buildGradescope>;
beforeAll(() => {
  built = buildGradescope(mkdtempSync(join(tmpdir(), 'gradescope-')));
});

describe('the Gradescope bundle', () => {
  test('holds setup.sh and run_autograder (executable), the hidden suites and the grader, and no solutions', () => {
    const names = Object.keys(unzipSync(readFileSync(built.zip)));
    expect(names).toEqual(expect.arrayContaining(['setup.sh', 'run_autograder', 'package-lock.json', 'course.json', 'test/hidden/01-sigmoid.checks.ts', 'grader/cli.ts', 'grader/sandbox/boot.cjs', 'exercises/01-sigmoid/meta.json']));
    expect(names.filter((n) => n.startsWith('solutions/') || n.endsWith('/index.ts') && n.startsWith('exercises/') || n.includes('demo-class') || n.startsWith('lessons/'))).toEqual([]);
    expect(statSync(join(built.dir, 'run_autograder')).mode & 0o111).toBe(0o111);
    expect(readFileSync(join(built.dir, 'setup.sh'), 'utf8')).toContain('npm ci');
  });

  test('run_autograder grades /autograder/submission into /autograder/results/results.json', () => {
    const root = mkdtempSync(join(tmpdir(), 'autograder-'));
    cpSync(built.dir, join(root, 'source'), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'source', 'node_modules'));
    mkdirSync(join(root, 'submission', 'exercises', '01-sigmoid'), { recursive: true });
    cpSync(join(repoRoot, 'solutions', '01-sigmoid', 'index.ts'), join(root, 'submission', 'exercises', '01-sigmoid', 'index.ts'));
    const run = spawnSync('bash', [join(root, 'source', 'run_autograder')], { encoding: 'utf8', env: { ...process.env, AUTOGRADER_ROOT: root } });
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(root, 'results', 'results.json'), 'utf8')) as GradescopeResults;
    const unit01 = results.tests.filter((t) => t.name.startsWith('01-sigmoid:'));
    expect(unit01.length).toBeGreaterThan(0);
    expect(unit01.every((t) => t.status === 'passed')).toBe(true);
    expect(results.tests.filter((t) => !t.name.startsWith('01-sigmoid:')).every((t) => t.status === 'failed' && t.output.includes('there is no exercises/'))).toBe(true);
    expect(results.score).toBe(10);
  }, 60_000);
});
