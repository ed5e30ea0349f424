/**
 * A throw-away copy of the course for CLI tests: the learner's side of the repository (course list,
 * unit 01, lessons, lib, src, vitest config) plus a tiny synthetic unit 02, with node_modules linked
 * from the real checkout. Tests edit and reset files here, never in the real exercises/.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { repoRoot } from '../../src/course/paths';
import { RELEASE_INFO, seal, SEALED_DIR } from '../../src/cli/solution';

export const SOLUTION_01 = readFileSync(join(repoRoot, 'solutions/01-sigmoid/index.ts'), 'utf8');
export const STUB_01 = readFileSync(join(repoRoot, 'exercises/01-sigmoid/index.ts'), 'utf8');

const DOUBLE_STUB = `/** Unit 02 (a test fixture). */
export function double(x: number): number {
  throw new Error('TODO: write double(x) — see lessons/02-double.md#doubling');
}
`;
export const DOUBLE_SOLUTION = 'export function double(x: number): number {\n  return 2 * x;\n}\n';

const DOUBLE_TEST = `import { test } from 'vitest';
import { double } from '@impl/02-double';
import { expectClose } from '@course/testing';
test('double(2) = 4', () => {
  expectClose(() => double(2), 4, { call: 'double(2)', lesson: '02-double#doubling' });
});
test('double(-1.5) = -3', () => {
  expectClose(() => double(-1.5), -3, { call: 'double(-1.5)', lesson: '02-double#doubling' });
});
`;

export interface Sandbox {
  root: string;
  write(path: string, text: string): void;
  read(path: string): string;
  /** run the course CLI to completion, in a child process as `npm run course` does */
  course(args: string[], options?: { input?: string; env?: NodeJS.ProcessEnv }): { status: number | null; stdout: string; stderr: string };
  /** run `npm test` (its launcher, src/cli/test.mjs) to completion, as a learner's terminal would */
  npmTest(args: string[], options?: { env?: NodeJS.ProcessEnv }): { status: number | null; stdout: string; stderr: string };
  /** start the course CLI and keep it running (for `watch`) */
  spawnCourse(args: string[], env?: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams;
  /** run the course CLI in this process (only for commands that run no tests), capturing its output */
  courseInProcess(args: string[]): Promise<{ status: number; stdout: string; stderr: string }>;
  remove(): void;
}


export function makeSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'course-cli-'));
  for (const path of ['src', 'lib', 'exercises/01-sigmoid', 'lessons/01-sigmoid.md', 'lessons/figures', 'vitest.config.ts', 'tsconfig.json', 'package.json']) {
    cpSync(join(repoRoot, path), join(root, path), { recursive: true });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'course.json'), JSON.stringify({ title: 'Sandbox course', units: ['01-sigmoid', '02-double'] }, null, 2));
  mkdirSync(join(root, 'exercises/02-double'), { recursive: true });
  writeFileSync(join(root, 'exercises/02-double/index.ts'), DOUBLE_STUB);
  writeFileSync(join(root, 'exercises/02-double/double.test.ts'), DOUBLE_TEST);
  writeFileSync(
    join(root, 'exercises/02-double/meta.json'),
    JSON.stringify({ title: 'Doubling', points: 5, hints: ['Multiply by two.', 'return 2 * x'] }),
  );
  writeFileSync(join(root, 'lessons/02-double.md'), '# 02 · Doubling\n\n## Doubling\n\n$2x$ is $x + x$.\n\n## The exercise\n\nWrite `double(x)`.\n');
  // The original stubs, as a learner's repository ships them (see src/cli/reset.ts).
  for (const slug of ['01-sigmoid', '02-double']) {
    mkdirSync(join(root, '.course/stubs', slug), { recursive: true });
    cpSync(join(root, 'exercises', slug, 'index.ts'), join(root, '.course/stubs', slug, 'index.ts'));
  }
  const env = (extra: NodeJS.ProcessEnv = {}) => {
    const base: NodeJS.ProcessEnv = { ...process.env };
    delete base.FORCE_COLOR;
    delete base.NO_COLOR;
    // verify runs the project's tests with COURSE_IMPL=solutions; the learner in the sandbox has no solutions/.
    delete base.COURSE_IMPL;
    return { ...base, ...extra };
  };
  return {
    root,
    write: (path, text) => writeFileSync(join(root, path), text),
    read: (path) => readFileSync(join(root, path), 'utf8'),
    course(args, { input, env: extra } = {}) {
      const run = spawnSync(process.execPath, ['src/cli/course.mjs', ...args], { cwd: root, encoding: 'utf8', input: input ?? '', env: env(extra), timeout: 60_000 });
      return { status: run.status, stdout: run.stdout, stderr: run.stderr };
    },
    npmTest(args, { env: extra } = {}) {
      const run = spawnSync(process.execPath, ['src/cli/test.mjs', ...args], { cwd: root, encoding: 'utf8', env: env(extra), timeout: 120_000 });
      return { status: run.status, stdout: run.stdout, stderr: run.stderr };
    },
    spawnCourse(args, extra) {
      return spawn(process.execPath, ['src/cli/course.mjs', ...args], { cwd: root, env: env(extra), stdio: 'pipe' });
    },
    async courseInProcess(args) {
      const { cli } = await import('../../src/cli/main');
      let stdout = '';
      let stderr = '';
      const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
      const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
      const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
      process.env.NO_COLOR = '1'; // like a pipe: vitest workers may have FORCE_COLOR set
      delete process.env.FORCE_COLOR;
      try {
        const status = await cli(args, {
          root,
          loadVitest: () => {
            throw new Error('courseInProcess is only for commands that run no tests');
          },
        });
        return { status, stdout, stderr };
      } finally {
        out.mockRestore();
        err.mockRestore();
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * Make the sandbox a release of the given kind, as `npm run release` does: `.course/release.json`,
 * and for self-study the answers sealed in `.course/solutions/<slug>.ts.gz`.
 */
export function makeRelease(box: Sandbox, kind: 'self-study' | 'class', answers: Record<string, string> = { '01-sigmoid': SOLUTION_01, '02-double': DOUBLE_SOLUTION }): void {
  mkdirSync(join(box.root, '.course'), { recursive: true });
  writeFileSync(join(box.root, RELEASE_INFO), `${JSON.stringify({ kind })}\n`);
  rmSync(join(box.root, SEALED_DIR), { recursive: true, force: true });
  if (kind !== 'self-study') return;
  mkdirSync(join(box.root, SEALED_DIR), { recursive: true });
  for (const [slug, source] of Object.entries(answers)) writeFileSync(join(box.root, SEALED_DIR, `${slug}.ts.gz`), seal(source));
}
