// Finding learners in a folder, reading each one safely (links, zips, limits), and bundling a unit
// so that it can import nothing outside its own submission.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { beforeEach, describe, expect, test } from 'vitest';
import { bundleUnit } from '../../grader/build';
import { discover, DiscoverError, type Submission } from '../../grader/discover';
import { hashFiles, readSubmission, type Snapshot, unitHash, writeScratch } from '../../grader/scratch';
import { repoRoot } from '../../src/course/paths';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'grader-submissions-'));
});

function write(rel: string, content: string | Uint8Array): string {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new TextEncoder().encode(v)])));
const folder = (name: string): Submission => ({ student: name, path: join(dir, name), kind: 'folder' });
const snapshotOf = (s: Submission): Snapshot => {
  const read = readSubmission(s);
  if (!read.ok) throw new Error(read.reason);
  return read.snapshot;
};
const text = (snapshot: Snapshot, path: string) => new TextDecoder().decode(snapshot.files.get(path));

describe('discover', () => {
  test('every folder or zip is a learner; stray files are listed as unusable; hidden entries are not learners', () => {
    write('ann/exercises/01-sigmoid/index.ts', 'x');
    write('ann.zip', zip({ 'exercises/01-sigmoid/index.ts': 'x' }));
    write('bob.ZIP', zip({ 'exercises/01-sigmoid/index.ts': 'x' }));
    write('notes.txt', 'hello');
    write('.DS_Store', '');
    mkdirSync(join(dir, '__MACOSX'));
    const found = discover(dir);
    expect(found.map((s) => [s.student, s.kind])).toEqual([
      ['ann', 'folder'],
      ['ann.zip', 'zip'],
      ['bob', 'zip'],
      ['notes.txt', 'unusable'],
    ]);
    expect(found[3]!.reason).toContain('is a file, not a folder or a .zip');
  });

  test('a missing folder is one clear error', () => {
    expect(() => discover(join(dir, 'nope'))).toThrow(DiscoverError);
    expect(() => discover(join(dir, 'nope'))).toThrow(/there is no folder/);
  });
});

describe('reading a submission', () => {
  test('finds exercises/ at the top, one level down, or unit folders at the top', () => {
    write('a/exercises/01-sigmoid/index.ts', 'A');
    write('b/deep-nets-main/exercises/01-sigmoid/index.ts', 'B');
    write('c/01-sigmoid/index.ts', 'C');
    expect(text(snapshotOf(folder('a')), '01-sigmoid/index.ts')).toBe('A');
    expect(snapshotOf(folder('b')).foundAt).toBe('deep-nets-main/exercises');
    expect(snapshotOf(folder('c')).foundAt).toBe('.');
  });

  test('symbolic links are not followed, and node_modules is skipped', () => {
    write('a/exercises/02-chain-rule/index.ts', 'mine');
    write('a/exercises/node_modules/x/index.js', 'skip');
    mkdirSync(join(dir, 'a/exercises/01-sigmoid'), { recursive: true });
    symlinkSync(join(repoRoot, 'solutions/01-sigmoid/index.ts'), join(dir, 'a/exercises/01-sigmoid/index.ts'));
    symlinkSync('/etc', join(dir, 'a/exercises/etc'));
    const snapshot = snapshotOf(folder('a'));
    expect([...snapshot.files.keys()]).toEqual(['02-chain-rule/index.ts']);
    expect(snapshot.links.sort()).toEqual(['01-sigmoid/index.ts', 'etc']);
    expect(snapshot.notes.join('\n')).toContain('symbolic link');
  });

  test('unusable folders say why', () => {
    write('a/README.md', 'no code');
    write('b/exercises', 'a file');
    mkdirSync(join(dir, 'c'));
    symlinkSync(join(repoRoot, 'solutions'), join(dir, 'c', 'exercises'));
    expect(readSubmission(folder('a'))).toEqual({ ok: false, reason: expect.stringContaining('no exercises/ folder found') });
    expect(readSubmission(folder('b'))).toEqual({ ok: false, reason: 'exercises is a file where the exercises/ folder belongs' });
    expect(readSubmission(folder('c'))).toEqual({ ok: false, reason: expect.stringContaining('is a symbolic link') });
  });

  test('zips: nested folders are found, paths that climb out are ignored, broken zips are reported', () => {
    write('good.zip', zip({ 'ann-main/exercises/01-sigmoid/index.ts': 'Z', '../../escape.ts': 'no', 'ann-main/exercises/../../../x.ts': 'no' }));
    write('bad.zip', 'PK\u0003\u0004 not really a zip');
    const good = snapshotOf({ student: 'good', path: join(dir, 'good.zip'), kind: 'zip' });
    expect([...good.files.keys()]).toEqual(['01-sigmoid/index.ts']);
    expect(good.notes.join('\n')).toMatch(/ignored 2 zip entries with an absolute path or '\.\.'/);
    expect(readSubmission({ student: 'bad', path: join(dir, 'bad.zip'), kind: 'zip' })).toEqual({ ok: false, reason: expect.stringContaining('is not a readable zip file') });
  });

  test('zip bombs are not inflated: a huge entry is skipped, too much in all refuses the zip', () => {
    const zeros = (n: number) => new Uint8Array(n);
    write('one.zip', zipSync({ 'exercises/01-sigmoid/index.ts': new TextEncoder().encode('x'), 'exercises/big.bin': zeros(21_000_000) }, { level: 9 }));
    const one = snapshotOf({ student: 'one', path: join(dir, 'one.zip'), kind: 'zip' });
    expect([...one.files.keys()]).toEqual(['01-sigmoid/index.ts']);
    expect(one.notes).toContain('skipped exercises/big.bin: larger than 1 MB');
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`exercises/part-${i}.bin`, zeros(900_000)]));
    write('many.zip', zipSync(many, { level: 9 }));
    expect(readSubmission({ student: 'many', path: join(dir, 'many.zip'), kind: 'zip' })).toEqual({ ok: false, reason: expect.stringContaining('MB unpacked') });
  });

  test('the content hash depends on names and contents only', () => {
    write('a/exercises/01-sigmoid/index.ts', 'same');
    write('b/exercises/01-sigmoid/index.ts', 'same');
    write('c/exercises/01-sigmoid/index.ts', 'other');
    const [a, b, c] = ['a', 'b', 'c'].map((s) => snapshotOf(folder(s)).hash);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(hashFiles(new Map([['x', new Uint8Array([1])], ['y', new Uint8Array([2])]]))).toBe(hashFiles(new Map([['y', new Uint8Array([2])], ['x', new Uint8Array([1])]])));
  });
});

describe("a unit's cache hash", () => {
  const hashes = (files: Record<string, string>) => {
    const name = `s${Math.random().toString(36).slice(2)}`;
    for (const [rel, content] of Object.entries(files)) write(`${name}/exercises/${rel}`, content);
    const snapshot = snapshotOf(folder(name));
    return { one: unitHash(snapshot, '01-sigmoid'), two: unitHash(snapshot, '02-chain-rule'), all: snapshot.hash };
  };
  const base = { '01-sigmoid/index.ts': 'one', '02-chain-rule/index.ts': 'two', 'README.md': 'shared' };

  test("changes with the unit's own files and shared ones, not with another unit's", () => {
    const a = hashes(base);
    const b = hashes({ ...base, '02-chain-rule/index.ts': 'two, resubmitted' });
    const c = hashes({ ...base, 'README.md': 'shared, edited' });
    expect(b.one).toBe(a.one);
    expect(b.two).not.toBe(a.two);
    expect(c.one).not.toBe(a.one);
  });

  test("a unit importing an earlier unit's entry depends on that unit's files too, not on the others", () => {
    const uses = { ...base, '03-gradient-check/index.ts': 'three', '02-chain-rule/index.ts': "export * from '../01-sigmoid/index';" };
    const a = hashes(uses);
    const b = hashes({ ...uses, '01-sigmoid/index.ts': 'one, changed' });
    const c = hashes({ ...uses, '03-gradient-check/index.ts': 'three, changed' });
    expect(a.two).not.toBe(a.all);
    expect(b.two).not.toBe(a.two);
    expect(c.two).toBe(a.two);
  });

  test('a unit importing from a parent folder in any other way depends on the whole submission', () => {
    const a = hashes({ ...base, '02-chain-rule/index.ts': "export * from '../01-sigmoid/helper';" });
    const b = hashes({ ...base, '02-chain-rule/index.ts': "export * from '../01-sigmoid/helper';", 'README.md': 'shared, edited' });
    expect(a.two).toBe(a.all);
    expect(b.two).not.toBe(a.two);
  });

  test('however the import is written (a comment inside it, escapes, require, a template), and even when the scanner could be misled', () => {
    for (const code of [
      "import { f } from/* inside */'../01-sigmoid/helper';",
      "import '\\x2e\\x2e/01-sigmoid/helper';",
      "const h = require('../01-sigmoid/helper');",
      'const h = await import(`../01-sigmoid/helper`);',
      "export * from '../01-sigmoid/index'; // and, commented out: import x from '../03-gradient-check/index';",
    ]) {
      const a = hashes({ ...base, '02-chain-rule/index.ts': code });
      expect(a.two, code).toBe(a.all);
    }
    // ...while what is not an import never costs the unit its own hash
    const prose = hashes({ ...base, '02-chain-rule/index.ts': "// the lesson's ../01-sigmoid is only mentioned\nconst s = 'from ./here';\nexport * from '../01-sigmoid/index';" });
    expect(prose.two).not.toBe(prose.all);
    expect(prose.two).toBe(hashes({ ...base, '02-chain-rule/index.ts': "// the lesson's ../01-sigmoid is only mentioned\nconst s = 'from ./here';\nexport * from '../01-sigmoid/index';", '03-gradient-check/index.ts': 'three' }).two);
  });
});

describe('bundling a unit', () => {
  function scratchWith(files: Record<string, string>): string {
    for (const [rel, content] of Object.entries(files)) write(`src/exercises/${rel}`, content);
    return writeScratch(snapshotOf(folder('src')), join(dir, 'scratch'));
  }

  test('course helpers are bundled in; mathjs stays an import the sandbox answers', async () => {
    const root = scratchWith({ '01-sigmoid/index.ts': "import { seededRng } from '@course/random';\nimport { exp } from 'mathjs';\nexport const f = () => exp(seededRng(1)());\n" });
    const unit = await bundleUnit(root, '01-sigmoid');
    expect(unit.ok).toBe(true);
    if (!unit.ok) return;
    expect(unit.code).toContain('function seededRng');
    expect(unit.code).toContain('require("mathjs")');
    expect(unit.inputs).toEqual(['exercises/01-sigmoid/index.ts']);
  });

  test('a missing unit and a syntax error are reported as such', async () => {
    const root = scratchWith({ '01-sigmoid/index.ts': 'export const f = (;\n' });
    expect(await bundleUnit(root, '02-chain-rule')).toEqual({ ok: false, kind: 'missing', message: 'there is no exercises/02-chain-rule/index.ts in the submission' });
    const broken = await bundleUnit(root, '01-sigmoid');
    expect(broken).toMatchObject({ ok: false, kind: 'build', message: expect.stringContaining('01-sigmoid/index.ts:1:') });
  });

  test('nothing outside the submission can be imported: not by a relative path, an absolute one, or through @course', async () => {
    const root = scratchWith({
      '01-sigmoid/index.ts': "export * from '../../../../solutions/01-sigmoid/index';\n",
      '02-chain-rule/index.ts': `export * from '${join(repoRoot, 'solutions', '02-chain-rule', 'index')}';\n`,
      '03-gradient-check/index.ts': "export * from '@course/../solutions/03-gradient-check/index';\n",
      '04-backprop-mlp/index.ts': "export * from '../01-sigmoid/helper';\n",
      '01-sigmoid/helper.ts': 'export const ok = 1;\n',
    });
    for (const slug of ['01-sigmoid', '02-chain-rule']) {
      expect(await bundleUnit(root, slug)).toMatchObject({ ok: false, kind: 'forbidden', message: expect.stringContaining('outside the submission') });
    }
    expect(await bundleUnit(root, '03-gradient-check')).toMatchObject({ ok: false, message: expect.stringContaining('no such course helper') });
    expect(await bundleUnit(root, '04-backprop-mlp')).toMatchObject({ ok: false, kind: 'forbidden', message: expect.stringContaining("only as '../NN-slug/index'") });
  });

  test("a unit may import an earlier unit's index (unit 12 uses 04, 05, …), and nothing else of another unit", async () => {
    const root = scratchWith({
      '01-sigmoid/index.ts': 'export const one = 1;\n',
      '01-sigmoid/helper.ts': 'export const two = 2;\n',
      '04-backprop-mlp/index.ts': "export { one } from '../01-sigmoid/index';\n",
      '05-vanishing-gradients/index.ts': "export { two } from '../01-sigmoid/helper';\n",
      '02-chain-rule/index.ts': "export { one } from '../04-backprop-mlp/index';\n",
    });
    expect(await bundleUnit(root, '04-backprop-mlp')).toMatchObject({ ok: true, inputs: ['exercises/01-sigmoid/index.ts', 'exercises/04-backprop-mlp/index.ts'] });
    expect(await bundleUnit(root, '05-vanishing-gradients')).toMatchObject({ ok: false, kind: 'forbidden', message: expect.stringContaining('05-vanishing-gradients cannot import 01-sigmoid/helper') });
    expect(await bundleUnit(root, '02-chain-rule')).toMatchObject({ ok: false, kind: 'forbidden', message: expect.stringContaining('only an earlier unit (02-chain-rule cannot import 04-backprop-mlp/index') });
  });
});
