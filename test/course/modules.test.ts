import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULE_ALIASES, resolveAlias, resolveImport, tsconfigPaths, vitestAliases } from '../../src/course/modules';
import { repoRoot } from '../../src/course/paths';

describe('the module-alias table', () => {
  it('is what tsconfig.json says (TypeScript reads the file, so the table is checked against it)', () => {
    const tsconfig = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: unknown } };
    expect(tsconfig.compilerOptions.paths).toEqual(tsconfigPaths());
  });

  it('resolves @impl to one unit entry and @course into lib/', () => {
    const roots = { root: '/r', implRoot: '/sub/alice' };
    expect(resolveAlias('@impl/04-backprop-mlp', roots)).toBe('/sub/alice/04-backprop-mlp/index.ts');
    expect(resolveAlias('@impl/04-backprop-mlp', { root: '/r' })).toBe('/r/exercises/04-backprop-mlp/index.ts');
    expect(resolveAlias('@course/testing', roots)).toBe('/r/lib/testing');
    expect(resolveAlias('@impl/04-backprop-mlp/inner', roots)).toBeUndefined();
    expect(resolveAlias('@impl/', roots)).toBeUndefined();
    expect(resolveAlias('./local', roots)).toBeUndefined();
    expect(resolveAlias('mathjs', roots)).toBeUndefined();
  });

  it("gives vitest the same answers as resolveAlias", () => {
    const roots = { root: '/r', implRoot: '/impl' };
    const aliases = vitestAliases(roots);
    expect(aliases).toHaveLength(MODULE_ALIASES.length);
    for (const specifier of ['@impl/01-sigmoid', '@course/testing', '@course/misconceptions/01-sigmoid']) {
      const entry = aliases.find((a) => a.find.test(specifier))!;
      expect(specifier.replace(entry.find, entry.replacement)).toBe(resolveAlias(specifier, roots));
    }
    expect(aliases.some((a) => a.find.test('@impl/01-sigmoid/deeper'))).toBe(false);
  });

  it('finds the file an import names as the bundler does: as is, .ts, a folder index.ts, .js read as .ts', () => {
    const root = mkdtempSync(join(tmpdir(), 'course-modules-'));
    try {
      const files = ['exercises/04-backprop-mlp/index.ts', 'exercises/04-backprop-mlp/helper.ts', 'exercises/04-backprop-mlp/data.json', 'exercises/04-backprop-mlp/util/index.ts', 'exercises/04-backprop-mlp/compiled.ts', 'lib/testing.ts', 'elsewhere/index.ts'];
      for (const file of files) {
        mkdirSync(join(root, file, '..'), { recursive: true });
        writeFileSync(join(root, file), '');
      }
      const from = join(root, 'exercises/04-backprop-mlp/index.ts');
      const resolve = (specifier: string) => resolveImport(specifier, from, { root })?.slice(root.length + 1);
      expect(resolve('./helper')).toBe('exercises/04-backprop-mlp/helper.ts');
      expect(resolve('./helper.ts')).toBe('exercises/04-backprop-mlp/helper.ts');
      expect(resolve('./data.json')).toBe('exercises/04-backprop-mlp/data.json');
      expect(resolve('./util')).toBe('exercises/04-backprop-mlp/util/index.ts');
      expect(resolve('./compiled.js')).toBe('exercises/04-backprop-mlp/compiled.ts');
      expect(resolve('../../elsewhere')).toBe('elsewhere/index.ts');
      expect(resolve('@impl/04-backprop-mlp')).toBe('exercises/04-backprop-mlp/index.ts');
      expect(resolve('@course/testing')).toBe('lib/testing.ts');
      expect(resolveImport('@impl/04-backprop-mlp', from, { root, implRoot: join(root, 'elsewhere') })).toBeUndefined();
      for (const none of ['./missing', '@impl/05-vanishing-gradients', '@course/nothing', 'mathjs', 'node:fs']) expect(resolve(none), none).toBeUndefined();
      expect(resolve('./util/')).toBe('exercises/04-backprop-mlp/util/index.ts');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('a graded copy with its own lib/', () => {
  it('resolves @course into that lib (libRoot) and never above it', () => {
    expect(resolveAlias('@course/testing', { root: '/r', libRoot: '/copy/lib' })).toBe('/copy/lib/testing');
    // the bundler's confinement (src/course/bundle.ts) refuses what lands outside; the table itself only joins
    expect(resolveAlias('@course/../secret', { root: '/r', libRoot: '/copy/lib' })).toBe('/copy/secret');
  });
});
