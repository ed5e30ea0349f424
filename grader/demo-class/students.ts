/**
 * The demo class: who is in it, how each submission is made from solutions/ and the stubs in
 * exercises/, and the score and reason the grader must give it. build.ts writes it out; the grader
 * tests assert these expectations. Everything except unit 01 is taken from solutions/ (or the stubs),
 * so the class follows the course as units are added; the planted mistakes and attacks live in unit 01.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/course/paths';
import type { Unit } from '../../src/course/course';
import type { ProblemKind } from '../outcome';

/** Unit 01 as a learner might write it: stable σ, the given σ′ body, and tanh′. */
function sigmoidModule(sigmoidPrimeBody: string, extra = ''): string {
  return `// Unit 01, as submitted.
${extra}
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function sigmoidPrime(z: number): number {
  ${sigmoidPrimeBody}
}

export function tanhPrime(z: number): number {
  const t = Math.tanh(z);
  return 1 - t * t;
}
`;
}

const SOLVED_PRIME = 'return sigmoid(z) * sigmoid(-z);';

/** What a submission holds: per unit, the index.ts to write, or where to take it from. */
export type UnitSource = { from: 'solution' | 'stub' } | { code: string } | { symlinkTo: 'solution' };

export type DemoShape =
  | { kind: 'folder'; units: (slug: string, position: number, all: Unit[]) => UnitSource; extraFiles?: Record<string, string> }
  | { kind: 'zip'; top: string; units: (slug: string) => UnitSource }
  | { kind: 'raw-file'; content: string }
  | { kind: 'raw-zip'; bytes: number[] }
  | { kind: 'bare-folder'; files: Record<string, string> };

export interface UnitExpectation {
  /** checks passed (out of the suite's count); the unit's score is points × passed / total */
  passed?: number | ((total: number) => number);
  /** the unit scores 0 for this reason */
  problem?: ProblemKind;
  /** a phrase the unit's feedback must contain */
  says?: string;
}

export interface DemoStudent {
  /** the entry's name in the class folder */
  entry: string;
  /** the learner's name in the grades */
  student: string;
  about: string;
  shape: DemoShape;
  /** the whole submission cannot be graded, for this reason */
  unusable?: string;
  /** expectations for unit 01 (and, for `base: stub`, every unit) */
  unit01?: UnitExpectation;
  /** expectations for other units, by slug (the units the later course adds plant their mistakes here) */
  unitsExpected?: Record<string, UnitExpectation>;
  /** how units other than 01 are expected to score */
  others: 'full' | 'zero' | 'first-half';
}

const only01 = (code: string) => (slug: string): UnitSource => (slug === '01-sigmoid' ? { code } : { from: 'solution' });

/** The solution of `slug` with one replacement made (a planted mistake). */
const solutionWith = (slug: string, from: string, to: string) => (s: string): UnitSource => {
  if (s !== slug) return { from: 'solution' };
  const code = readFileSync(join(repoRoot, 'solutions', slug, 'index.ts'), 'utf8');
  if (!code.includes(from)) throw new Error(`demo class: solutions/${slug}/index.ts no longer contains ${JSON.stringify(from)}`);
  return { code: code.replace(from, to) };
};

export const DEMO_STUDENTS: DemoStudent[] = [
  {
    entry: 'ada-perfect', student: 'ada-perfect', about: 'every unit solved',
    shape: { kind: 'folder', units: () => ({ from: 'solution' }) },
    unit01: { passed: (n) => n }, others: 'full',
  },
  {
    entry: 'ben-untouched', student: 'ben-untouched', about: 'the stubs as handed out',
    shape: { kind: 'folder', units: () => ({ from: 'stub' }) },
    unit01: { passed: 0, says: 'is not written yet: TODO' }, others: 'zero',
  },
  {
    entry: 'cleo-partial', student: 'cleo-partial', about: 'the first half of the course, with tanhPrime still a TODO',
    shape: {
      kind: 'folder',
      units: (slug, position, all) => {
        if (slug === '01-sigmoid') {
          return { code: sigmoidModule(SOLVED_PRIME).replace(/export function tanhPrime[\s\S]*$/, "export function tanhPrime(z: number): number {\n  throw new Error('TODO: write tanhPrime(z)');\n}\n") };
        }
        return position < Math.ceil(all.length / 2) ? { from: 'solution' } : { from: 'stub' };
      },
    },
    unit01: { passed: (n) => n - 2, says: 'tanhPrime(' }, others: 'first-half',
  },
  {
    entry: 'dev-one-minus-z', student: 'dev-one-minus-z', about: "misconception: σ'(z) = σ(z)(1 − z)",
    shape: { kind: 'folder', units: only01(sigmoidModule('return sigmoid(z) * (1 - z);')) },
    unit01: { passed: 4, says: 'It looks like σ(z)·(1−z) instead of σ(z)·(1−σ(z))' }, others: 'full',
  },
  {
    entry: 'eve-a-on-z', student: 'eve-a-on-z', about: 'misconception: a(1 − a) applied to z',
    shape: { kind: 'folder', units: only01(sigmoidModule('return z * (1 - z);')) },
    unit01: { passed: 4, says: 'It looks like a(1−a) applied to z instead of to a = σ(z)' }, others: 'full',
  },
  {
    entry: 'finn-plus-sign', student: 'finn-plus-sign', about: "misconception: σ'(z) = σ(z)(1 + σ(z))",
    shape: { kind: 'folder', units: only01(sigmoidModule('const s = sigmoid(z);\n  return s * (1 + s);')) },
    unit01: { passed: 4, says: 'It looks like σ(z)·(1+σ(z)) instead of σ(z)·(1−σ(z))' }, others: 'full',
  },
  {
    entry: 'gus-overflow', student: 'gus-overflow', about: "misconception: e^(−z) overflows, σ'(−1000) is NaN",
    shape: { kind: 'folder', units: only01(sigmoidModule('return Math.exp(-z) / (1 + Math.exp(-z)) ** 2;')) },
    unit01: { passed: 8, says: 'overflowing to Infinity' }, others: 'full',
  },
  {
    entry: 'hal-syntax-error', student: 'hal-syntax-error', about: 'a syntax error in unit 01',
    shape: { kind: 'folder', units: only01(sigmoidModule(SOLVED_PRIME).replace('return 1 / (1 + Math.exp(-z));', 'return 1 / (1 + Math.exp(-z);')) },
    unit01: { problem: 'build', says: 'does not compile' }, others: 'full',
  },
  {
    entry: 'ivy-type-error', student: 'ivy-type-error', about: 'a type error in unit 01 (the code itself runs)',
    shape: { kind: 'folder', units: only01(sigmoidModule(SOLVED_PRIME).replace('const t = Math.tanh(z);', 'const t: number = String(Math.tanh(z));')) },
    unit01: { problem: 'types', says: "TS2322: Type 'string' is not assignable to type 'number'" }, others: 'full',
  },
  {
    entry: 'jay-missing-export', student: 'jay-missing-export', about: 'tanhPrime exported under another name',
    shape: { kind: 'folder', units: only01(sigmoidModule(SOLVED_PRIME).replace('export function tanhPrime', 'export function tanPrime')) },
    unit01: { passed: (n) => n - 2, says: 'must export a function named `tanhPrime`' }, others: 'full',
  },
  {
    entry: 'kai-infinite-loop', student: 'kai-infinite-loop', about: 'an infinite loop in sigmoid',
    shape: { kind: 'folder', units: only01(sigmoidModule(SOLVED_PRIME).replace('if (z >= 0) return', 'while (z === z) z = z + 0;\n  if (z >= 0) return')) },
    unit01: { problem: 'timeout', says: 'the time limit per unit' }, others: 'full',
  },
  {
    entry: 'lea-memory-bomb', student: 'lea-memory-bomb', about: 'allocates until memory runs out',
    shape: { kind: 'folder', units: only01(sigmoidModule(SOLVED_PRIME, 'const hoard: number[][] = [];\nwhile (hoard.length >= 0) hoard.push(new Array(1_000_000).fill(hoard.length));')) },
    unit01: { problem: 'memory', says: 'ran out of memory' }, others: 'full',
  },
  {
    entry: 'max-process-exit', student: 'max-process-exit', about: 'calls process.exit while loading',
    shape: { kind: 'folder', units: only01(sigmoidModule(SOLVED_PRIME, 'process.exit(0);')) },
    unit01: { problem: 'exit', says: 'called process.exit(0)' }, others: 'full',
  },
  {
    entry: 'nia-reads-hidden-tests', student: 'nia-reads-hidden-tests', about: 'reads the hidden suite from disk',
    shape: { kind: 'folder', units: only01(sigmoidModule(SOLVED_PRIME, "import { readFileSync } from 'node:fs';\nconsole.log(readFileSync('../../grader/checks/01-sigmoid.checks.ts', 'utf8'));")) },
    unit01: { problem: 'forbidden', says: "imports 'node:fs'" }, others: 'full',
  },
  {
    entry: 'oli-patches-expect', student: 'oli-patches-expect', about: "patches vitest's expect so every assertion passes",
    shape: {
      kind: 'folder',
      units: only01(`import { expect } from 'vitest';\n\nexpect.extend({ toBeCloseTo: () => ({ pass: true, message: () => '' }) });\n\nexport const sigmoid = (z: number): number => 0.5 + 0 * z;\nexport const sigmoidPrime = (z: number): number => 0.25 + 0 * z;\nexport const tanhPrime = (z: number): number => 1 + 0 * z;\n`),
    },
    unit01: { problem: 'forbidden', says: "imports 'vitest'" }, others: 'full',
  },
  {
    entry: 'pia-patches-math', student: 'pia-patches-math', about: 'patches Math.abs so every comparison passes',
    shape: {
      kind: 'folder',
      units: only01('// Every |actual − expected| is now 0.\nMath.abs = () => 0;\n\nexport const sigmoid = (z: number): number => 0.5 + 0 * z;\nexport const sigmoidPrime = (z: number): number => 0.25 + 0 * z;\nexport const tanhPrime = (z: number): number => 1 + 0 * z;\n'),
    },
    unit01: { problem: 'forbidden', says: 'changed built-ins (Math.abs)' }, others: 'full',
  },
  {
    entry: 'quinn-floods-stdout', student: 'quinn-floods-stdout', about: 'prints 200 000 lines while loading (the output is capped; the work still counts)',
    shape: { kind: 'folder', units: only01(sigmoidModule(SOLVED_PRIME, "for (let i = 0; i < 200_000; i++) console.log('debug: sigmoid module loaded, line', i);")) },
    unit01: { passed: (n) => n, says: 'debug: sigmoid module loaded, line 0' }, others: 'full',
  },
  {
    entry: 'rex-imports-solution', student: 'rex-imports-solution', about: "re-exports the course's own solution by path",
    shape: { kind: 'folder', units: only01("export * from '@@REPO@@/solutions/01-sigmoid/index';\n") },
    unit01: { problem: 'forbidden', says: 'outside the submission' }, others: 'full',
  },
  {
    entry: 'sam-symlink', student: 'sam-symlink', about: "unit 01's index.ts is a symbolic link to the solution",
    shape: { kind: 'folder', units: (slug) => (slug === '01-sigmoid' ? { symlinkTo: 'solution' } : { from: 'solution' }) },
    unit01: { problem: 'missing', says: 'symbolic link' }, others: 'full',
  },
  {
    entry: 'yan-unit04-unfinished', student: 'yan-unit04-unfinished', about: 'everything solved but unit 04, which units 07, 09 and 12 train with',
    shape: { kind: 'folder', units: (slug) => ({ from: slug === '04-backprop-mlp' ? 'stub' : 'solution' }) },
    unit01: { passed: (n) => n }, others: 'full',
    unitsExpected: {
      '04-backprop-mlp': { passed: 0, says: 'is not written yet: TODO' },
      // Unit 07's three symmetry checks train a 2-layer net with unit 04; its other checks do not.
      '07-weight-init': { passed: (n) => n - 3, says: 'uses your unit 04-backprop-mlp, which is not finished yet' },
      // Unit 09 watches units die in unit 04's net: its four trainAndWatchDeadUnits checks name unit 04.
      '09-relu-family': { passed: (n) => n - 4, says: 'uses your unit 04-backprop-mlp, which is not finished yet' },
      // The spirals and the config checks do not train; every training check names unit 04.
      '12-deep-training': { passed: 3, says: 'uses your unit 04-backprop-mlp, which is not finished yet' },
    },
  },
  {
    entry: 'zoe-forgets-the-skip', student: 'zoe-forgets-the-skip', about: "unit 11's misconception: the local factor w·σ'(z) without the skip's 1",
    shape: { kind: 'folder', units: solutionWith('11-residual-connections', 'return z.map((zk, k) => 1 + weights[k]! * sigmoidPrime(zk));', 'return z.map((zk, k) => weights[k]! * sigmoidPrime(zk));') },
    unit01: { passed: (n) => n }, others: 'full',
    unitsExpected: { '11-residual-connections': { passed: (n) => n - 2, says: "It looks like the skip's 1 forgotten" } },
  },
  {
    entry: 'tess.zip', student: 'tess', about: 'a zip of a whole repository folder, every unit solved',
    shape: { kind: 'zip', top: 'deep-nets-main', units: () => ({ from: 'solution' }) },
    unit01: { passed: (n) => n }, others: 'full',
  },
  {
    entry: 'uma-no-exercises', student: 'uma-no-exercises', about: 'a folder without exercises/',
    shape: { kind: 'bare-folder', files: { 'README.md': '# My homework\n\nI did it on paper.\n' } },
    unusable: 'no exercises/ folder found', others: 'zero',
  },
  {
    entry: 'vic.zip', student: 'vic', about: 'a zip file that is not a zip',
    shape: { kind: 'raw-zip', bytes: [0x50, 0x4b, 0x03, 0x04, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03] },
    unusable: 'is not a readable zip file', others: 'zero',
  },
  {
    entry: 'wes.txt', student: 'wes.txt', about: 'a stray file where a folder belongs',
    shape: { kind: 'raw-file', content: 'sigmoid(z) = 1 / (1 + e^-z)\n' },
    unusable: 'is a file, not a folder or a .zip', others: 'zero',
  },
  {
    entry: 'xan-exercises-is-a-file', student: 'xan-exercises-is-a-file', about: 'exercises is a file, not a folder',
    shape: { kind: 'bare-folder', files: { exercises: 'see attached\n' } },
    unusable: 'a file where the exercises/ folder belongs', others: 'zero',
  },
];

/** The score a demo student must get for a unit, from the unit's points and its number of checks. */
export function expectedUnitScore(student: DemoStudent, unit: Unit, position: number, units: Unit[], checks: number): number {
  if (student.unusable) return 0;
  const e = unit.slug === '01-sigmoid' ? student.unit01 : student.unitsExpected?.[unit.slug];
  if (e) {
    if (e.problem) return 0;
    const passed = typeof e.passed === 'function' ? e.passed(checks) : (e.passed ?? checks);
    return (unit.points * passed) / checks;
  }
  if (student.others === 'full') return unit.points;
  if (student.others === 'first-half') return position < Math.ceil(units.length / 2) ? unit.points : 0;
  return 0;
}
