// The live figures' bundles ship to learners (lessons/figures/live/, in every release): the pack
// refuses to put a unit's code (`@impl/`) or a reference answer into them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { livePack } from '../../src/figures/live/pack';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A one-unit course whose live figures module is `module`. */
function course(module: string): string {
  const root = mkdtempSync(join(tmpdir(), 'course-live-pack-'));
  roots.push(root);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('course.json', JSON.stringify({ title: 'T', units: ['01-a'] }));
  write('exercises/01-a/meta.json', JSON.stringify({ title: 'A', points: 1, hints: ['one', 'two'] }));
  write('solutions/01-a/index.ts', 'export const f = (z: number): number => 2 * z;\n');
  write('lessons/experiments/live/01-a.ts', module);
  return root;
}

describe('the live pack', () => {
  test('bundles a unit whose live figures use only what they are given', async () => {
    const pack = await livePack(course('export const live = [];\nexport const reference = { f: (z: number) => 2 * z };\n'));
    expect(pack.map((p) => p.file)).toEqual(['live/live.js', 'live/live-worker.js']);
    expect(pack[0]!.text).toContain('2*');
  });

  test("refuses a live figure that imports a unit's code through @impl/", async () => {
    const root = course("import { sigmoid } from '@impl/01-sigmoid';\nexport const live = [];\nexport const reference = { sigmoid };\n");
    await expect(livePack(root)).rejects.toThrow("@impl/01-sigmoid: a live figure may not import a unit's code (the bundle ships to learners)");
  });

  test('refuses a bundle that would hold a reference answer, however it is imported', async () => {
    const root = course("import { f } from '../../../solutions/01-a/index';\nexport const live = [];\nexport const reference = { f };\n");
    await expect(livePack(root)).rejects.toThrow("the live figures' page.ts would bundle solutions/01-a/index.ts, a reference answer");
  });
});
