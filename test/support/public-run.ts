/**
 * Run a unit's PUBLIC tests (exercises/<slug>/*.test.ts, exactly as `npm test` runs them) against
 * planted implementations, all in one vitest process: one project per plant, each with its own
 * `@impl/<slug>` (the way COURSE_IMPL points the public tests at another folder). Used by the
 * misconception tests to prove that a slip the grader names is named by `npm test` too.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../src/course/paths';
import { unitPaths } from '../../src/course/course';

export interface PublicFailure {
  test: string;
  message: string;
}

/**
 * `plantsModule` (an absolute path) exports `plants: Record<id, module>`; `exportsOf` lists the
 * unit's exported names. Returns, per plant id, the failure messages of the public tests.
 */
export function runPublicTests(slug: string, plantsModule: string, ids: string[], exportsOf: string[]): Record<string, PublicFailure[]> {
  const dir = mkdtempSync(join(tmpdir(), `public-plants-${slug}-`));
  try {
    const projects = ids.map((id, k) => {
      const folder = join(dir, `p${k}`, slug);
      mkdirSync(folder, { recursive: true });
      const lines = [`import { plants } from ${JSON.stringify(plantsModule)};`, `const m = plants[${JSON.stringify(id)}] as Record<string, any>;`];
      for (const name of exportsOf) lines.push(`export const ${name} = m[${JSON.stringify(name)}];`);
      writeFileSync(join(folder, 'index.ts'), `${lines.join('\n')}\n`);
      return { id, name: `p${k}`, impl: join(folder, 'index.ts') };
    });
    // The plants' config resolves @impl and @course by the course's one alias table, each project's
    // implementation root being its plant folder (p<k>/<slug>/index.ts).
    const config = `import { vitestAliases } from ${JSON.stringify(join(repoRoot, 'src', 'course', 'modules.ts'))};
export default ({
  test: {
    reporters: [${JSON.stringify(join(repoRoot, 'test', 'support', 'plant-reporter.ts'))}],
    projects: ${JSON.stringify(projects.map((p) => p.name))}.map((name) => ({
      resolve: { alias: vitestAliases({ root: ${JSON.stringify(repoRoot)}, implRoot: ${JSON.stringify(dir)} + '/' + name }) },
      test: { name, root: ${JSON.stringify(repoRoot)}, include: [${JSON.stringify(`${unitPaths(slug).exerciseDir}/*.test.ts`)}] },
    })),
  },
});
`;
    const configFile = join(dir, 'vitest.plants.config.ts');
    writeFileSync(configFile, config);
    const out = join(dir, 'results.json');
    const run = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', configFile, '--root', repoRoot], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...withoutImpl(process.env), PLANT_RESULTS: out, NO_COLOR: '1' },
      timeout: 300_000,
    });
    let rows: { project: string; test: string; messages: string[] }[];
    try {
      rows = JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      throw new Error(`the public tests did not run against the plants of ${slug}:\n${run.stdout}\n${run.stderr}`.slice(0, 4000));
    }
    const byName = Object.fromEntries(projects.map((p) => [p.name, p.id]));
    const result: Record<string, PublicFailure[]> = Object.fromEntries(ids.map((id) => [id, []]));
    for (const row of rows) for (const message of row.messages) result[byName[row.project]!]!.push({ test: row.test, message });
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function withoutImpl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.COURSE_IMPL;
  delete copy.FORCE_COLOR;
  delete copy.VITEST;
  delete copy.VITEST_POOL_ID;
  delete copy.VITEST_WORKER_ID;
  return copy;
}
