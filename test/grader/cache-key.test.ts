// What the result cache's key is made of: the bundled harness and hidden suites (each bundle is its
// import closure), and the grading process's own import closure, found by esbuild rather than listed
// by hand. A file imported by a suite or by the harness, edited or newly added, changes the key; a
// new grader file is covered as soon as something imports it; a lesson is none of these.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { cacheKey } from '../../grader/cache';
import { DEFAULTS } from '../../grader/grade';
import { prepareArtifacts } from '../../grader/session';
import { graderSources, hashSources, importClosure, startedByUrl } from '../../grader/sources';
import { repoRoot } from '../../src/course/paths';

const rel = (files: string[]) => files.map((f) => f.slice(repoRoot.length + 1));

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'closure-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("the grading process's import closure", () => {
  const files = {
    'grade.ts': "import { b } from './lib/b';\nimport type { T } from './types';\nexport const a: T = b;\n",
    'lib/b.ts': "import { Worker } from 'node:worker_threads';\nimport ts from 'typescript';\nexport const b = 1;\nexport const start = () => new Worker(new URL('../thread.mjs', import.meta.url));\nvoid ts;\n",
    'thread.mjs': "import { helper } from './helper.mjs';\nhelper();\n",
    'helper.mjs': 'export function helper() {}\n',
    'types.ts': 'export type T = number;\n',
    'lessons/01-sigmoid.md': '# A lesson\n',
    'unrelated.ts': 'export const x = 1;\n',
  };

  test('is what the entry imports and what it starts by URL, transitively; not types, packages, or anything else', async () => {
    const dir = folder(files);
    expect((await importClosure([join(dir, 'grade.ts')], dir)).map((f) => f.slice(dir.length + 1))).toEqual(['grade.ts', 'helper.mjs', 'lib/b.ts', 'thread.mjs']);
    expect(startedByUrl(join(dir, 'lib', 'b.ts'), files['lib/b.ts'])).toEqual([join(dir, 'thread.mjs')]);
  });

  test('its hash changes when a file of it is edited or a new file is imported, and not when a lesson changes', async () => {
    const dir = folder(files);
    const entry = join(dir, 'grade.ts');
    const key = async () => hashSources(await importClosure([entry], dir), dir);
    const first = await key();
    expect(await key()).toBe(first);
    writeFileSync(join(dir, 'lessons', '01-sigmoid.md'), '# A lesson, rewritten\n');
    writeFileSync(join(dir, 'unrelated.ts'), 'export const x = 2;\n');
    expect(await key()).toBe(first);
    writeFileSync(join(dir, 'helper.mjs'), 'export function helper() { return 1; }\n');
    const edited = await key();
    expect(edited).not.toBe(first);
    writeFileSync(join(dir, 'lib', 'c.ts'), 'export const c = 3;\n');
    expect(await key()).toBe(edited); // not imported yet
    writeFileSync(join(dir, 'lib', 'b.ts'), `import { c } from './c';\n${files['lib/b.ts']}export const d = c;\n`);
    const withC = await importClosure([entry], dir);
    expect(withC).toContain(join(dir, 'lib', 'c.ts'));
    const imported = hashSources(withC, dir);
    expect(imported).not.toBe(edited);
    writeFileSync(join(dir, 'lib', 'c.ts'), 'export const c = 4;\n');
    expect(await key()).not.toBe(imported);
  });

  test("in this repository: every file the hand-kept list named, the course helpers, and no report, CLI or lesson", async () => {
    const sources = rel(await graderSources());
    const handKept = ['build.ts', 'discover.ts', 'scratch.ts', 'typecheck.ts', 'grade.ts', 'outcome.ts', 'cache.ts', 'sandbox/pool.ts', 'sandbox/boot.cjs', 'oracle/memo.ts', 'oracle/store.ts'].map((f) => `grader/${f}`);
    const shared = ['bundle.ts', 'import-rules.ts', 'typecheck.ts', 'typecheck-thread.mjs'].map((f) => `src/course/${f}`);
    expect(sources).toEqual(expect.arrayContaining([...handKept, ...shared, 'grader/session.ts', 'grader/sources.ts', 'lib/random.ts', 'lib/types.ts']));
    expect(sources.filter((f) => /^(lessons|exercises|solutions)\/|^grader\/(reports|ingest)\/|^grader\/(cli|args|merge|publish)\.ts$/.test(f))).toEqual([]);
  });
});

/** Records every file a bundle reads. */
function recorder(seen: Set<string>): Plugin {
  return { name: 'recorder', setup: (b) => b.onLoad({ filter: /./, namespace: 'file' }, (args) => void seen.add(args.path)) };
}

/** `file` as read, with `code` appended. */
function appendTo(file: RegExp, code: string): Plugin {
  return {
    name: 'append',
    setup: (b) => b.onLoad({ filter: file, namespace: 'file' }, (args) => ({ contents: `${readFileSync(args.path, 'utf8')}\n${code}\n`, loader: 'ts' })),
  };
}

/** A new file, imported by `importer` (as if it had been added to the repository and imported there). */
function newImport(importer: RegExp): Plugin {
  return {
    name: 'new-import',
    setup(b) {
      b.onResolve({ filter: /^\.\/added-by-the-test$/ }, () => ({ path: 'added-by-the-test.ts', namespace: 'added' }));
      b.onLoad({ filter: /./, namespace: 'added' }, () => ({ contents: '(globalThis as Record<string, unknown>).addedByTheTest = 1;\n', loader: 'ts' }));
      b.onLoad({ filter: importer, namespace: 'file' }, (args) => ({ contents: `import './added-by-the-test';\n${readFileSync(args.path, 'utf8')}`, loader: 'ts' }));
    },
  };
}

describe("a unit's result key", () => {
  const units = [{ slug: '01-sigmoid' }] as Parameters<typeof prepareArtifacts>[0];
  const key = (a: Awaited<ReturnType<typeof prepareArtifacts>>) => cacheKey({ submission: 'same files', unit: '01-sigmoid', suite: a.suiteHash['01-sigmoid']!, environment: a.environment });

  test('changes when a file the suite or the harness imports is edited or added, and with nothing else', async () => {
    const seen = new Set<string>();
    const [base, again, suiteEdited, suiteAdded, harnessEdited, harnessAdded] = await Promise.all([
      prepareArtifacts(units, DEFAULTS, [recorder(seen)]),
      prepareArtifacts(units, DEFAULTS),
      prepareArtifacts(units, DEFAULTS, [appendTo(/grader[\\/]engine[\\/]ops-activation\.ts$/, 'console.log("a bug fix in the engine");')]),
      prepareArtifacts(units, DEFAULTS, [newImport(/01-sigmoid\.checks\.ts$/)]),
      prepareArtifacts(units, DEFAULTS, [appendTo(/grader[\\/]oracle[\\/]table\.ts$/, 'console.log("a change in the table");')]),
      prepareArtifacts(units, DEFAULTS, [newImport(/grader[\\/]sandbox[\\/]harness\.ts$/)]),
    ]);
    expect(key(again)).toBe(key(base));
    for (const changed of [suiteEdited, suiteAdded]) {
      expect(changed.environment).toBe(base.environment);
      expect(key(changed)).not.toBe(key(base));
    }
    for (const changed of [harnessEdited, harnessAdded]) {
      expect(changed.suiteHash).toEqual(base.suiteHash);
      expect(key(changed)).not.toBe(key(base));
    }
    // The limits are part of it too; a lesson is read by none of the bundles and is no grader source.
    expect(key(await prepareArtifacts(units, { ...DEFAULTS, timeoutMs: DEFAULTS.timeoutMs + 1 }))).not.toBe(key(base));
    const read = [...rel([...seen]), ...rel(await graderSources())];
    expect(read).toEqual(expect.arrayContaining(['grader/sandbox/harness.ts', 'grader/oracle/table.ts', 'grader/engine/ops-activation.ts']));
    expect(read.filter((f) => f.startsWith('lessons/'))).toEqual([]);
  }, 120_000);
});
