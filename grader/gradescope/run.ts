/**
 * What Gradescope's `run_autograder` runs: grade the one submission in /autograder/submission with
 * the same pipeline as `npm run grade` and write /autograder/results/results.json. Usage: see
 * RUN_USAGE in options.ts. The units and the visibility come from the bundle's config.json; the
 * number of sandboxes and their memory from the container's cgroup limits (limits.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadUnits } from '../../src/course/course';
import { cliMain } from '../../src/course/cli-main';
import { gradeClass, unitsToGrade } from '../grade';
import { studentRow } from '../reports/gradebook';
import { toGradescope } from '../reports/gradescope';
import { budgetFor, readContainerLimits } from './limits';
import { parseRunArgs, readBundleConfig, RUN_USAGE } from './options';

export interface GradescopeRunOptions {
  jobs?: number;
  memoryMb?: number;
  /** for the log line; default: console.log */
  log?: (line: string) => void;
}

export async function gradeForGradescope(submission: string, resultsFile: string, options: GradescopeRunOptions = {}): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const classDir = mkdtempSync(join(tmpdir(), 'gradescope-class-'));
  try {
    // The pipeline grades a folder of submissions: this one is a folder holding a link to the upload.
    symlinkSync(resolve(submission), join(classDir, 'submission'));
    const config = readBundleConfig();
    const graded = unitsToGrade(loadUnits().filter((u) => config.units.includes(u.slug)));
    const budget = budgetFor(readContainerLimits(), { memoryMb: options.memoryMb ?? 512 });
    const jobs = options.jobs ?? budget.jobs;
    const memoryMb = options.memoryMb ?? budget.memoryMb;
    log(`Grading ${graded.map((u) => u.slug).join(', ')} with ${jobs} sandbox${jobs === 1 ? '' : 'es'} of ${memoryMb} MB (${options.jobs || options.memoryMb ? 'from the command line' : budget.reason}).`);
    const result = await gradeClass({ submissionsDir: classDir, units: graded, jobs, memoryMb });
    const results = toGradescope(studentRow(result.students[0]!, graded), { checks: config.checks, summary: config.summary });
    mkdirSync(dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 1)}\n`);
    log(`Score ${results.score} / ${results.max_score}`);
    return 0;
  } catch (error) {
    // Gradescope shows results.json to the learner: say that the grader failed, not that they did.
    mkdirSync(dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify({ score: 0, output: `The autograder itself failed (${(error as Error).message}); please tell your teacher.`, output_format: 'text', tests: [] }, null, 1)}\n`);
    console.error(error);
    return 1;
  } finally {
    rmSync(classDir, { recursive: true, force: true });
  }
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const root = process.env.AUTOGRADER_ROOT ?? '/autograder';
  return cliMain(argv, parseRunArgs, async (args) => {
    if (args.help) {
      console.log(RUN_USAGE);
      return 0;
    }
    return gradeForGradescope(args.submission ?? join(root, 'submission'), args.results ?? join(root, 'results', 'results.json'), { jobs: args.jobs, memoryMb: args.memoryMb });
  }, { name: 'run_autograder', usage: RUN_USAGE });
}

if (process.argv[1] && resolve(process.argv[1]).endsWith(join('grader', 'gradescope', 'run.ts'))) process.exitCode = await main();
