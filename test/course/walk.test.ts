import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesUnder } from '../../src/course/walk';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'course-walk-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text = 'x'): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
}

describe('filesUnder', () => {
  it("gives every regular file below a folder, '/'-joined and relative to the root, sorted", () => {
    for (const rel of ['a/z.ts', 'a/b/c.ts', 'a/b.ts', 'a/B.md', 'other/x.ts']) write(rel);
    expect(filesUnder(root, 'a')).toEqual(['a/B.md', 'a/b.ts', 'a/b/c.ts', 'a/z.ts']);
    expect(filesUnder(root, '')).toEqual(['a/B.md', 'a/b.ts', 'a/b/c.ts', 'a/z.ts', 'other/x.ts']);
  });

  it('never enters node_modules, nor follows a symbolic link (to a file or a folder)', () => {
    write('a/index.ts');
    write('a/node_modules/pkg/index.js');
    write('elsewhere/secret.ts');
    symlinkSync(join(root, 'elsewhere'), join(root, 'a', 'linked-folder'));
    symlinkSync(join(root, 'elsewhere', 'secret.ts'), join(root, 'a', 'linked-file.ts'));
    symlinkSync(join(root, 'a'), join(root, 'a', 'loop'));
    expect(filesUnder(root, 'a')).toEqual(['a/index.ts']);
  });

  it('skips the folders it is told to, and a missing folder has no files', () => {
    write('a/keep/x.ts');
    write('a/.git/HEAD');
    expect(filesUnder(root, 'a', (name) => name.startsWith('.'))).toEqual(['a/keep/x.ts']);
    expect(filesUnder(root, 'absent')).toEqual([]);
  });
});
