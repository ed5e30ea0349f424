import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULE_ALIASES, resolveAlias, tsconfigPaths, vitestAliases } from '../../src/course/modules';
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
});
