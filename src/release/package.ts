/**
 * The learner's package.json and package-lock.json: the course's, minus the maintainer's scripts
 * and every dev dependency the learner's files do not use, with the lockfile pruned to exactly
 * what the remaining dependencies need (so `npm ci` installs it as is).
 */
import { CourseError } from '../course/course';

/** Scripts a learner has: tests, the course CLI, the lesson site, the test UI, a typecheck. */
export const LEARNER_SCRIPTS = ['test', 'typecheck', 'course', 'lessons', 'ui'];

/** Packages the learner needs that no shipped file imports: the tools the scripts run. */
export const TOOL_PACKAGES = ['vitest', '@vitest/ui', 'tsx', 'typescript', '@types/node'];

interface PackageJson {
  name?: string;
  version?: string;
  description?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

export function learnerPackageJson(course: PackageJson, imported: string[]): PackageJson {
  const keep = new Set([...TOOL_PACKAGES, ...imported]);
  // A kept package's type definitions come with it.
  for (const name of [...keep]) keep.add(`@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`);
  const scripts = Object.fromEntries(LEARNER_SCRIPTS.filter((s) => course.scripts?.[s]).map((s) => [s, course.scripts![s]!]));
  const devDependencies = Object.fromEntries(Object.entries(course.devDependencies ?? {}).filter(([name]) => keep.has(name)));
  const missing = [...keep].filter((name) => !name.startsWith('@types/') && !(name in devDependencies) && !(name in (course.dependencies ?? {})));
  if (missing.length > 0) throw new CourseError(`The learner's files use ${missing.join(', ')}, which package.json does not list.`);
  const result: PackageJson = {};
  // Same key order as the course's file, with scripts and dependencies replaced.
  for (const [key, value] of Object.entries(course)) {
    if (key === 'scripts') result.scripts = scripts;
    else if (key === 'devDependencies') result.devDependencies = devDependencies;
    else result[key] = value;
  }
  return result;
}

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  link?: boolean;
  resolved?: string;
  [key: string]: unknown;
}

interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
  [key: string]: unknown;
}

/** Where Node finds `name` from the package installed at `location` (the lockfile's keys). */
function locate(packages: Record<string, LockEntry>, location: string, name: string): string | undefined {
  let base = location;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** Keep the lockfile entries reachable from the new root; a required one that is missing is an error. */
export function pruneLockfile(lock: Lockfile, pkg: PackageJson): Lockfile {
  if (lock.lockfileVersion < 2 || !lock.packages) throw new CourseError('package-lock.json must be lockfileVersion 2 or 3');
  const rootEntry: LockEntry = { ...lock.packages[''], name: pkg.name, version: pkg.version, dependencies: pkg.dependencies, devDependencies: pkg.devDependencies };
  if (!pkg.dependencies) delete rootEntry.dependencies;
  const packages: Record<string, LockEntry> = { '': rootEntry };
  const queue: [string, Record<string, string>, Set<string>][] = [['', { ...pkg.dependencies, ...pkg.devDependencies }, new Set()]];
  while (queue.length > 0) {
    const [location, deps, optional] = queue.shift()!;
    for (const name of Object.keys(deps)) {
      const found = locate(lock.packages, location, name);
      if (!found) {
        if (optional.has(name)) continue;
        throw new CourseError(`package-lock.json has no entry for ${name} (needed by ${location || 'the root'}); run npm install in the course first`);
      }
      if (packages[found]) continue;
      const entry = lock.packages[found]!;
      packages[found] = entry;
      const optionalHere = new Set([...Object.keys(entry.optionalDependencies ?? {}), ...Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n)]);
      queue.push([found, { ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies }, optionalHere]);
    }
  }
  const ordered = Object.fromEntries(Object.keys(lock.packages).filter((k) => packages[k]).map((k) => [k, k === '' ? rootEntry : packages[k]!]));
  return { ...lock, name: pkg.name, version: pkg.version, packages: ordered };
}
