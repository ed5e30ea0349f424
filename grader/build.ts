/**
 * Turning source into what a sandbox runs, with esbuild: the harness, each unit's hidden suite, and
 * each unit of a submission. A submission's unit is bundled on its own, so a syntax error in one
 * unit costs that unit only, and it may import nothing outside its own submission (the bundler runs
 * unsandboxed: an `import '../../../solutions/…'` must fail here, not be inlined).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { common, confine } from '../src/course/bundle';
import { unitPaths, UNIT_SLUG_IN_TEXT } from '../src/course/course';
import { repoRoot } from '../src/course/paths';

// A unit of a submission is bundled by the code the learner's tools share (src/course/bundle.ts).
export { bundleUnit, libDir, type UnitBuild } from '../src/course/bundle';

export const harnessEntry = join(repoRoot, 'grader', 'sandbox', 'harness.ts');
/** A unit's hidden suite as the grader bundles it: its entry, which imports the suite's other parts. */
export const suiteFile = (slug: string): string => join(repoRoot, unitPaths(slug).hiddenSuite);
export const mathjsBundlePath = join(repoRoot, 'node_modules', 'mathjs', 'lib', 'browser', 'math.js');

/** The harness as a script body (see boot.cjs). `plugins` as for bundleSuite. */
export async function bundleHarness(plugins: Plugin[] = []): Promise<string> {
  const out = await build({ ...common, platform: 'node', entryPoints: [harnessEntry], format: 'iife', target: 'node20', plugins });
  return out.outputFiles![0]!.text;
}

/** The module the sandbox's harness answers with its oracle table (grader/oracle/table.ts). */
export const ORACLE_MODULE = '@grader/oracle';
const oracleSupport = join(repoRoot, 'grader', 'checks', 'support', 'oracle.ts');
const engineIndex = join(repoRoot, 'grader', 'engine', 'index.ts');
const catalogueDir = join(repoRoot, 'lib', 'misconceptions') + sep;

/**
 * The oracle boundary, at the imports of a suite: `grader/checks/support/oracle` becomes the sandbox's table,
 * and the engine's index and each misconception catalogue become their memoising faces
 * (`oracleModule`), so every unit's expected values are memoised without a line of its checks
 * changing. The engine's own files import each other directly and are not wrapped: only what a
 * suite calls is a table entry.
 */
const boundarySpecifier = new RegExp(`(support/oracle|engine(/index)?|misconceptions/${UNIT_SLUG_IN_TEXT.source})(\\.[jt]s)?$`);

function oracleBoundary(): Plugin {
  return {
    name: 'oracle-boundary',
    setup(b) {
      b.onResolve({ filter: /^@grader\/oracle$/ }, () => ({ path: ORACLE_MODULE, external: true }));
      // A first sieve on the specifier (`./support/oracle`, `../engine/index`, `…/misconceptions/04-backprop-mlp`); the resolved path decides.
      b.onResolve({ filter: boundarySpecifier }, async (args) => {
        if (args.namespace === 'oracle' || args.pluginData?.oracleReal) return undefined;
        const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { oracleReal: true } });
        if (found.errors.length > 0) return undefined;
        if (found.path === oracleSupport) return { path: found.path, namespace: 'oracle', pluginData: { api: true } };
        if (found.path === engineIndex) return { path: found.path, namespace: 'oracle', pluginData: { id: 'engine' } };
        if (found.path.startsWith(catalogueDir)) return { path: found.path, namespace: 'oracle', pluginData: { id: `misconceptions/${found.path.slice(catalogueDir.length).replace(/\.ts$/, '')}` } };
        return undefined;
      });
      b.onLoad({ filter: /./, namespace: 'oracle' }, (args) => {
        const data = args.pluginData as { api?: boolean; id?: string };
        const contents = data.api
          ? `module.exports = require(${JSON.stringify(ORACLE_MODULE)});`
          : `module.exports = require(${JSON.stringify(ORACLE_MODULE)}).oracleModule(${JSON.stringify(data.id)}, require(${JSON.stringify(args.path)}));`;
        return { contents, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/**
 * A unit's hidden suite and everything it imports except mathjs (and the oracle table), as CommonJS.
 * `plugins` run first (a test changes an engine file as it is read, to see what depends on it).
 */
export async function bundleSuite(slug: string, plugins: Plugin[] = []): Promise<string> {
  const out = await build({ ...common, entryPoints: [suiteFile(slug)], format: 'cjs', plugins: [...plugins, oracleBoundary(), confine(undefined)], absWorkingDir: repoRoot });
  return out.outputFiles![0]!.text;
}

export function readMathjsBundle(): string {
  return readFileSync(mathjsBundlePath, 'utf8');
}
