/**
 * What Gradescope's `run_autograder` runs: grade the one submission in /autograder/submission with
 * the same pipeline as `npm run grade` and write /autograder/results/results.json. Usage:
 * `node --import tsx grader/gradescope/run.ts [<submission dir> [<results.json>]]`.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadUnits } from '../../src/course/units';
import { gradeClass, unitsWithSuites } from '../grade';
import { studentRow } from '../reports/gradebook';
import { toGradescope } from '../reports/gradescope';

export async function gradeForGradescope(submission: string, resultsFile: string): Promise<number> {
  const classDir = mkdtempSync(join(tmpdir(), 'gradescope-class-'));
  try {
    // The pipeline grades a folder of submissions: this one is a folder holding a link to the upload.
    symlinkSync(resolve(submission), join(classDir, 'submission'));
    const { graded } = unitsWithSuites(loadUnits());
    const result = await gradeClass({ submissionsDir: classDir, units: graded });
    const results = toGradescope(studentRow(result.students[0]!, graded));
    mkdirSync(dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 1)}\n`);
    console.log(`Score ${results.score} / ${results.max_score}`);
    return 0;
  } catch (error) {
    // Gradescope shows results.json to the learner: say that the grader failed, not that they did.
    mkdirSync(dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify({ score: 0, output: `The autograder itself failed (${(error as Error).message}); please tell your teacher.`, tests: [] }, null, 1)}\n`);
    console.error(error);
    return 1;
  } finally {
    rmSync(classDir, { recursive: true, force: true });
  }
}

const root = process.env.AUTOGRADER_ROOT ?? '/autograder';
if (process.argv[1] && resolve(process.argv[1]).endsWith(join('grader', 'gradescope', 'run.ts'))) {
  const [submission = join(root, 'submission'), resultsFile = join(root, 'results', 'results.json')] = process.argv.slice(2);
  process.exitCode = await gradeForGradescope(submission, resultsFile);
}
