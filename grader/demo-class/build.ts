/**
 * Writes the demo class (grader/demo-class/students.ts) into a folder, from solutions/ and the stubs
 * in exercises/: `npx tsx grader/demo-class/build.ts [<dir>]` (default .cache/grader/demo-class).
 * The output depends only on the repository's files, so grading it twice hits the cache.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { zipSync } from 'fflate';
import { repoRoot } from '../../src/course/paths';
import type { Unit } from '../../src/course/course';
import { DEMO_STUDENTS, type DemoStudent, type UnitSource } from './students';

export const DEFAULT_DEMO_DIR = join(repoRoot, '.cache', 'grader', 'demo-class');
/** Marks a folder as one this script may empty and rewrite. */
const MARKER = '.demo-class';

/** Files of a unit's folder as handed to learners, with `index.ts` as this learner wrote it. */
function unitFiles(unit: Unit, source: UnitSource): Record<string, string> {
  const files: Record<string, string> = {};
  const exerciseDir = join(repoRoot, unit.exerciseDir);
  for (const name of readdirSync(exerciseDir)) files[name] = readFileSync(join(exerciseDir, name), 'utf8');
  if ('code' in source) files['index.ts'] = source.code.replace(/@@REPO@@/g, repoRoot);
  else if ('from' in source && source.from === 'solution') files['index.ts'] = readFileSync(join(repoRoot, unit.paths.solution), 'utf8');
  else if ('symlinkTo' in source) delete files['index.ts'];
  return files;
}

function writeTree(root: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

function writeStudent(dir: string, student: DemoStudent, units: Unit[]): void {
  const path = join(dir, student.entry);
  const shape = student.shape;
  switch (shape.kind) {
    case 'folder': {
      units.forEach((unit, position) => {
        const source = shape.units(unit.slug, position, units);
        writeTree(join(path, 'exercises', unit.slug), unitFiles(unit, source));
        if ('symlinkTo' in source) symlinkSync(resolve(repoRoot, unit.paths.solution), join(path, 'exercises', unit.slug, 'index.ts'));
      });
      if (shape.extraFiles) writeTree(path, shape.extraFiles);
      return;
    }
    case 'zip': {
      const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
      const mtime = new Date('2026-01-01T00:00:00Z');
      for (const unit of units) {
        for (const [name, content] of Object.entries(unitFiles(unit, shape.units(unit.slug)))) {
          entries[`${shape.top}/exercises/${unit.slug}/${name}`] = [new TextEncoder().encode(content), { mtime }];
        }
      }
      writeFileSync(path, zipSync(entries, { level: 6 }));
      return;
    }
    case 'raw-file':
      writeFileSync(path, shape.content);
      return;
    case 'raw-zip':
      writeFileSync(path, Uint8Array.from(shape.bytes));
      return;
    case 'bare-folder':
      writeTree(path, shape.files);
      return;
  }
}

/** Write the demo class for `units` into `dir` (emptied first if it is a demo class folder). */
export function buildDemoClass(units: Unit[], dir = DEFAULT_DEMO_DIR): string {
  if (existsSync(dir)) {
    if (!existsSync(join(dir, MARKER)) && readdirSync(dir).length > 0) {
      throw new Error(`${dir} exists and is not a demo class folder; choose an empty or new folder`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), 'Written by grader/demo-class/build.ts; rewritten on every build.\n');
  for (const student of DEMO_STUDENTS) writeStudent(dir, student, units);
  return dir;
}

async function main(): Promise<void> {
  const { loadUnits } = await import('../../src/course/course');
  const { unitsToGrade } = await import('../grade');
  const dir = resolve(process.argv[2] ?? DEFAULT_DEMO_DIR);
  const graded = unitsToGrade(loadUnits());
  buildDemoClass(graded, dir);
  console.log(`Wrote ${DEMO_STUDENTS.length} demo submissions for ${graded.length} units to ${dir}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(repoRoot, 'grader', 'demo-class', 'build.ts')) {
  main().catch((error: unknown) => {
    console.error(`demo-class: ${(error as Error).message}`);
    process.exitCode = 1;
  });
}
