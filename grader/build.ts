/**
 * Turning source into what a sandbox runs, with esbuild: the harness, each unit's hidden suite, and
 * each unit of a submission. A submission's unit is bundled on its own, so a syntax error in one
 * unit costs that unit only, and it may import nothing outside its own submission (the bundler runs
 * unsandboxed: an `import '../../../solutions/…'` must fail here, not be inlined).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { common, confine } from '../src/course/bundle';
import { repoRoot } from '../src/course/paths';

// A unit of a submission is bundled by the code the learner's tools share (src/course/bundle.ts).
export { bundleUnit, libDir, type UnitBuild } from '../src/course/bundle';

export const harnessEntry = join(repoRoot, 'grader', 'sandbox', 'harness.ts');
export const suiteFile = (slug: string): string => join(repoRoot, 'test', 'hidden', `${slug}.checks.ts`);
export const mathjsBundlePath = join(repoRoot, 'node_modules', 'mathjs', 'lib', 'browser', 'math.js');

/** The harness as a script body (see boot.cjs). */
export async function bundleHarness(): Promise<string> {
  const out = await build({ ...common, platform: 'node', entryPoints: [harnessEntry], format: 'iife', target: 'node20' });
  return out.outputFiles![0]!.text;
}

/** A unit's hidden suite and everything it imports except mathjs, as CommonJS. */
export async function bundleSuite(slug: string): Promise<string> {
  const out = await build({ ...common, entryPoints: [suiteFile(slug)], format: 'cjs', plugins: [confine(undefined)], absWorkingDir: repoRoot });
  return out.outputFiles![0]!.text;
}

export function readMathjsBundle(): string {
  return readFileSync(mathjsBundlePath, 'utf8');
}
