/**
 * Runs a release's .github/workflows/classroom.yml the way GitHub Actions and Classroom's actions
 * do, for the release test. What it mirrors, read from the actions' source:
 * - a `run:` step: Actions writes the script to a file and runs `bash --noprofile --norc -eo pipefail
 *   <file>` in the checkout, with GITHUB_OUTPUT naming a file of `name=value` lines (or
 *   `name<<DELIMITER` blocks) that become `steps.<id>.outputs.<name>`;
 * - classroom-resources/autograding-grading-reporter@v1 (src/main.js, src/notify-classroom.js,
 *   src/helpers/test-helpers.js at 43c2d9f): for each id of its comma-separated `runners` input it
 *   base64-decodes the JSON in env `<ID upper-cased>_RESULTS`; Classroom's points are the sum over
 *   runners with a max_score of every test's `score`, out of the sum of their `max_score`s (the
 *   "Autograding report" notice); the console table shows passed/total × max_score per runner; the
 *   step fails when a runner's status is "fail" or "error".
 * `actions/checkout` and `actions/setup-node` are the folder and this Node; `npm ci` is done by the
 * caller (installRelease), as it would be by the workflow's install step.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'timeout-minutes'?: number;
}

export interface ClassroomResult {
  version: number;
  status: 'pass' | 'fail' | 'error';
  max_score: number;
  tests: { name: string; status: 'pass' | 'fail' | 'error'; score: number; message: string; test_code: string; filename: string; line_no: number; duration: number }[];
}

export interface WorkflowRun {
  steps: Step[];
  outputs: Record<string, Record<string, string>>;
  /** per runner id: its decoded result, and the console table's score */
  runners: { id: string; results: ClassroomResult; tableScore: number }[];
  totalPoints: number;
  maxPoints: number;
  reporterFailed: boolean;
  logs: string[];
}

/** The workflow as GitHub reads it: a YAML parse error is thrown as it would stop the run. */
export function readWorkflow(text: string): { on: unknown; steps: Step[] } {
  const doc = parse(text, { strict: true, uniqueKeys: true }) as { on: unknown; jobs: Record<string, { steps: Step[] }> };
  const jobs = Object.values(doc.jobs);
  if (jobs.length !== 1) throw new Error(`expected one job, got ${jobs.length}`);
  return { on: doc.on, steps: jobs[0]!.steps };
}

function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const block = /^([\w-]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1);
      outputs[block[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

/** `${{ steps.<id>.outputs.<name> }}` expressions, the only kind the generated workflow uses. */
function evaluate(value: string, outputs: WorkflowRun['outputs']): string {
  return value.replace(/\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g, (_, id: string, name: string) => outputs[id]?.[name] ?? '');
}

export function runWorkflow(dir: string, workflowText: string, env: NodeJS.ProcessEnv): WorkflowRun {
  const { steps } = readWorkflow(workflowText);
  const outputs: WorkflowRun['outputs'] = {};
  const logs: string[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'actions-'));
  let reporter: Omit<WorkflowRun, 'steps' | 'outputs' | 'logs'> | undefined;
  try {
    steps.forEach((step, index) => {
      if (step.uses?.startsWith('actions/checkout@') || step.uses?.startsWith('actions/setup-node@') || step.run === 'npm ci') return;
      if (step.run !== undefined) {
        const script = join(scratch, `step-${index}.sh`);
        const outputFile = join(scratch, `output-${index}`);
        writeFileSync(script, step.run);
        writeFileSync(outputFile, '');
        const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...env, ...step.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: outputFile },
          timeout: (step['timeout-minutes'] ?? 360) * 60_000,
        });
        logs.push(`${step.name}: exit ${run.status}\n${run.stdout}${run.stderr}`);
        if (run.status !== 0) throw new Error(`step "${step.name}" failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
        if (step.id) outputs[step.id] = readOutputs(outputFile);
        return;
      }
      if (step.uses === 'classroom-resources/autograding-grading-reporter@v1') {
        const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v), outputs)]));
        const runners = String(step.with?.runners ?? '').split(',').map((id) => {
          const encoded = stepEnv[`${id.trim().toUpperCase()}_RESULTS`];
          if (encoded === undefined) throw new Error(`the reporter finds no ${id.trim().toUpperCase()}_RESULTS in its env`);
          const results = JSON.parse(Buffer.from(encoded, 'base64').toString('utf-8')) as ClassroomResult;
          const passed = results.tests.filter((t) => t.status === 'pass').length;
          return { id: id.trim(), results, tableScore: (passed / results.tests.length) * (results.max_score || 0) };
        });
        let totalPoints = 0;
        let maxPoints = 0;
        for (const { results } of runners) {
          if (!results.max_score) continue;
          maxPoints += results.max_score;
          for (const t of results.tests) totalPoints += t.score;
        }
        reporter = { runners, totalPoints, maxPoints, reporterFailed: runners.some((r) => r.results.status === 'fail' || r.results.status === 'error') };
        return;
      }
      throw new Error(`the test runner does not know the step ${JSON.stringify(step)}`);
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!reporter) throw new Error('the workflow has no Autograding Reporter step');
  return { steps, outputs, logs, ...reporter };
}
