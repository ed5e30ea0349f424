import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/course/atomic';
import { fileProblem } from '../../src/course/folders';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'course-atomic-'));
});
afterEach(() => {
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('makes the folder, replaces the old content whole, and leaves no temporary file', () => {
    const path = join(dir, 'deep', 'er', 'state.json');
    writeFileAtomic(path, 'old');
    writeFileAtomic(path, new TextEncoder().encode('new'));
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(join(dir, 'deep', 'er'))).toEqual(['state.json']);
  });

  it('a write that fails keeps the old file, removes its temporary one, and names the real path', () => {
    const path = join(dir, 'state.json');
    writeFileSync(path, 'old');
    mkdirSync(join(dir, 'state.json.dir'));
    // A folder where the file should go: the rename fails after the temporary file was written.
    const blocked = join(dir, 'state.json.dir');
    let error: unknown;
    try {
      writeFileAtomic(blocked, 'new');
    } catch (e) {
      error = e;
    }
    expect(error).toBeDefined();
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['state.json', 'state.json.dir']);
    expect(fileProblem(error) ?? String(error)).toContain('state.json.dir');
    expect(fileProblem(error) ?? '').not.toMatch(/\.tmp/);
  });
});
