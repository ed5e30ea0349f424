/**
 * Writes the adversarial class (cases.ts plus a few control learners) into a temp folder, grades it
 * in ONE run of the grader's command line (as a teacher would, in a child process, so an attack on
 * the grader's own process would show), and reads back what the grader wrote.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_STUDENTS } from '../../grader/demo-class/students';
import type { GradescopeResults } from '../../grader/reports/gradescope';
import { repoRoot } from '../../src/course/paths';
import { type AdversarialCase, CASES, type Context, GRADED_UNITS } from './cases';
import { perfectExercises, writeTree } from './submission';

export const SECRET = `adversarial-secret-${process.pid}-${Date.now()}`;
/** Per unit: time limit for the corpus run (seconds), the grader's default; perfect units of GRADED_UNITS take under 1 s, on a busy machine several. */
export const TIMEOUT_SECONDS = 10;

/** Learners whose scores are known, graded before and after the hostile ones in the same sandboxes. */
export const CONTROLS: { name: string; exercises: () => Record<string, string>; passed: Record<string, 'all' | number> }[] = [
  { name: 'aa-control-perfect', exercises: () => perfectExercises(), passed: {} },
  { name: 'zz-control-perfect', exercises: () => perfectExercises(), passed: {} },
  { name: 'zz-control-stubs', exercises: () => perfectExercises('stub'), passed: Object.fromEntries(GRADED_UNITS.map((u) => [u, 0])) },
  {
    name: 'zz-control-misconception',
    exercises: () => {
      const dev = DEMO_STUDENTS.find((s) => s.entry === 'dev-one-minus-z')!;
      const source = dev.shape.kind === 'folder' ? dev.shape.units('01-sigmoid', 0, []) : undefined;
      return { ...perfectExercises(), '01-sigmoid/index.ts': source && 'code' in source ? source.code : '' };
    },
    passed: { '01-sigmoid': 4 },
  },
];

export function fill(text: string, ctx: Context): string {
  return text
    .replace(/@@UP@@/g, '../'.repeat(20))
    .replace(/@@REPO@@/g, ctx.repo.replace(/^\//, '/'))
    .replace(/@@CLASS@@/g, ctx.classDir)
    .replace(/@@OUT@@/g, ctx.outDir)
    .replace(/@@MARK@@/g, ctx.markDir)
    .replace(/@@PORT@@/g, String(ctx.port));
}

/** Write one case into the class; returns the learner's name as the grader will see it. */
function writeCase(c: AdversarialCase, ctx: Context): string {
  if (c.entry) return c.entry(ctx.classDir, ctx);
  const dir = join(ctx.classDir, c.name);
  const base = perfectExercises();
  writeTree(join(dir, 'exercises'), base);
  for (const [rel, planted] of Object.entries(c.files ?? {})) {
    const old = rel.startsWith('exercises/') ? (base[rel.slice('exercises/'.length)] ?? '') : '';
    writeTree(dir, { [rel]: fill(typeof planted === 'string' ? planted : planted(old), ctx) });
  }
  c.make?.(dir, ctx);
  return c.name;
}

export interface CsvRow {
  student: string;
  score: number;
  units: Record<string, number>;
  notes: string;
}

/** RFC 4180 fields (the grader quotes commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

export function readGrades(outDir: string): CsvRow[] {
  const [header, ...rows] = parseCsv(readFileSync(join(outDir, 'grades.csv'), 'utf8').replace(/^\uFEFF/, ''));
  const first = header!.indexOf('max_score') + 1;
  const slugs = header!.slice(first, -1);
  const score = header!.indexOf('score');
  return rows.map((r) => ({
    // A name that would start a spreadsheet formula is written with a leading quote.
    student: /^'[=+\-@]/.test(r[0]!) ? r[0]!.slice(1) : r[0]!,
    score: Number(r[score]),
    units: Object.fromEntries(slugs.map((s, i) => [s, Number(r[first + i])])),
    notes: r[r.length - 1]!,
  }));
}

/** A unit's part of a results.json: its block of the summary text and its failed checks' feedback. */
export function unitText(results: GradescopeResults, slug: string): { text: string; passed: number; total: number } {
  const lines = results.output.split('\n');
  // Each unit's block starts with its Markdown heading, "### 01 · <title>: <score> / <points>".
  const start = lines.findIndex((l) => l.startsWith(`### ${slug.slice(0, 2)} · `));
  let end = lines.findIndex((l, i) => i > start && /^### \d\d · /.test(l));
  if (end < 0) end = lines.length;
  const tests = results.tests.filter((t) => t.name.startsWith(`${slug}: `));
  const feedback = tests.filter((t) => t.status === 'failed').map((t) => t.output);
  const notes = lines.filter((l) => l.startsWith('Note: '));
  return { text: [...lines.slice(start, end), ...feedback, ...notes].join('\n'), passed: tests.filter((t) => t.status === 'passed').length, total: tests.length };
}

export interface CorpusRun {
  ctx: Context;
  /** case name → learner name */
  learners: Map<string, string>;
  entries: number;
  status: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  rows: CsvRow[];
  results: (student: string) => GradescopeResults;
  /** TCP connections the listening server saw */
  connections: () => number;
  close: () => Promise<void>;
}

function listen(): Promise<{ server: Server; port: number; count: () => number }> {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve({ server, port: typeof address === 'object' && address ? address.port : 0, count: () => connections });
  }));
}

export function runGrader(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 600_000): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; wallMs: number }> {
  const started = performance.now();
  const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['grader/cli.ts', ...args], { cwd: repoRoot, env: { ...process.env, ...env, FORCE_COLOR: '0' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => child.on('close', (status, signal) => {
    clearTimeout(timer);
    resolve({ status, signal, stdout, stderr, wallMs: performance.now() - started });
  }));
}

export async function gradeCorpus(cases: AdversarialCase[] = CASES): Promise<CorpusRun> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'adversarial-')));
  const { server, port, count } = await listen();
  const ctx: Context = { repo: repoRoot, classDir: join(root, 'class'), outDir: join(root, 'out'), markDir: join(root, 'must-stay-empty'), port };
  mkdirSync(ctx.classDir, { recursive: true });
  mkdirSync(ctx.markDir, { recursive: true });
  const learners = new Map<string, string>();
  for (const control of CONTROLS) {
    writeTree(join(ctx.classDir, control.name, 'exercises'), control.exercises());
    learners.set(control.name, control.name);
  }
  for (const c of cases) learners.set(c.name, writeCase(c, ctx));
  const ran = await runGrader([ctx.classDir, '--out', ctx.outDir, '--unit', GRADED_UNITS.join(','), '--timeout', String(TIMEOUT_SECONDS), '--quiet'], { ADVERSARIAL_SECRET: SECRET });
  const rows = existsSync(join(ctx.outDir, 'grades.csv')) ? readGrades(ctx.outDir) : [];
  return {
    ctx,
    learners,
    entries: readdirSync(ctx.classDir).length,
    ...ran,
    rows,
    results: (student) => JSON.parse(readFileSync(join(ctx.outDir, student, 'results.json'), 'utf8')) as GradescopeResults,
    connections: count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
