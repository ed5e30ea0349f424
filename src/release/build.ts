/**
 * `npm run release -- <dir> [--self-study]`: write the learner's repository. It holds the lessons,
 * the units' stubs, public tests and metadata, lib/, the source of the learner's tools (course CLI,
 * lesson site), a learner README, a vitest config with only the public project, a package.json
 * without the maintainer's scripts and dependencies, and `.course/release.json` saying its kind.
 * It never holds solutions/, hidden suites, the grader, bench/ or scripts/.
 *
 * Two kinds. A **class** release (the default: a teacher grades it) adds GitHub Classroom's
 * autograding config and holds no reference answers. A **self-study** release has no teacher: no
 * Classroom files, and every reference answer sealed (gzip) in `.course/solutions/<slug>.ts.gz`,
 * which `npm run course -- solution <unit>` opens once the unit passes (src/cli/solution.ts).
 */
import { makeFolder } from '../course/folders';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { repoRoot } from '../course/paths';
import { CourseError, courseTitle, loadUnits } from '../course/course';
import { STUBS_DIR } from '../cli/reset';
import { releaseFiles } from './files';
import { learnerPackageJson, pruneLockfile } from './package';
import { classroomWorkflow, UNIT_STEP_PATH, UNIT_STEP_SCRIPT } from './classroom';
import { autogradingConfig, conventionsFrom, learnerGitignore, learnerReadme, learnerVitestConfig } from './readme';
import { RELEASE_INFO, seal, sealedPath, type ReleaseInfo } from '../cli/solution';

export type ReleaseKind = ReleaseInfo['kind'];

export interface ReleaseOptions {
  root?: string;
  outDir: string;
  /** write into a non-empty folder, replacing everything in it except .git/ */
  force?: boolean;
  /** 'class' (default: Classroom files, no answers) or 'self-study' (sealed answers, no Classroom files) */
  kind?: ReleaseKind;
}

export interface ReleaseResult {
  outDir: string;
  files: string[];
  units: string[];
  kind: ReleaseKind;
}

function prepare(outDir: string, force: boolean, root: string): void {
  const out = resolve(outDir);
  if (out === resolve(root) || resolve(root).startsWith(`${out}/`)) throw new CourseError(`Refusing to release into ${outDir}: it holds the course itself.`);
  if (!existsSync(out)) {
    makeFolder(out);
    return;
  }
  if (!statSync(out).isDirectory()) throw new CourseError(`${outDir} is a file, not a folder.`);
  const entries = readdirSync(out);
  if (entries.length === 0) return;
  if (!force) throw new CourseError(`${outDir} is not empty. Choose a new folder, or add --force to replace its contents (a .git folder is kept).`);
  for (const entry of entries) if (entry !== '.git') rmSync(join(out, entry), { recursive: true, force: true });
}

export function buildRelease({ root = repoRoot, outDir, force = false, kind = 'class' }: ReleaseOptions): ReleaseResult {
  const units = loadUnits(root);
  // Read every answer before writing anything, so a missing one stops the release with nothing written.
  const answers = kind === 'self-study' ? units.map((u) => {
    const path = join(root, u.paths.solution);
    if (!existsSync(path)) throw new CourseError(`A self-study release needs every reference answer, and ${u.paths.solution} is missing.`);
    return { unit: u, source: readFileSync(path, 'utf8') };
  }) : [];
  const { files, packages } = releaseFiles(root, units);
  const coursePackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const pkg = learnerPackageJson(coursePackage, packages);
  const lock = pruneLockfile(JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')), pkg);
  const title = courseTitle(root);
  const conventions = conventionsFrom(existsSync(join(root, 'README.md')) ? readFileSync(join(root, 'README.md'), 'utf8') : '');

  prepare(outDir, force, root);
  const written: string[] = [];
  const write = (path: string, text: string | Uint8Array) => {
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeFileSync(join(outDir, path), text);
    written.push(path);
  };
  for (const file of files) {
    mkdirSync(dirname(join(outDir, file)), { recursive: true });
    cpSync(join(root, file), join(outDir, file));
    written.push(file);
  }
  // The original stubs a second time, for `course reset` (see src/cli/reset.ts).
  for (const unit of units) write(join(STUBS_DIR, unit.slug, 'index.ts'), readFileSync(join(root, unit.paths.stub), 'utf8'));
  write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  write('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
  write('vitest.config.ts', learnerVitestConfig());
  write('README.md', learnerReadme(title, pkg.description as string | undefined, units, conventions, kind));
  write('.gitignore', learnerGitignore(kind));
  write(RELEASE_INFO, `${JSON.stringify({ kind } satisfies ReleaseInfo, null, 2)}\n`);
  if (kind === 'class') {
    write('.github/classroom/autograding.json', `${JSON.stringify(autogradingConfig(units), null, 2)}\n`);
    write('.github/workflows/classroom.yml', classroomWorkflow(units));
    write(UNIT_STEP_PATH, UNIT_STEP_SCRIPT);
  }
  for (const { unit, source } of answers) write(sealedPath(unit), seal(source));
  return { outDir, files: [...new Set(written)].sort(), units: units.map((u) => u.slug), kind };
}
