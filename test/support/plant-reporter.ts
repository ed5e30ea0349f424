// A vitest reporter for runPublicTests (public-run.ts): every failed test with its project and messages, as JSON.
import { writeFileSync } from 'node:fs';
import type { Reporter, TestCase } from 'vitest/node';

const rows: { project: string; test: string; messages: string[] }[] = [];

export default class PlantReporter implements Reporter {
  onTestCaseResult(testCase: TestCase): void {
    const result = testCase.result();
    if (result.state !== 'failed') return;
    rows.push({ project: testCase.project.name, test: testCase.fullName, messages: (result.errors ?? []).map((e) => e.message) });
  }
  onTestRunEnd(): void {
    writeFileSync(process.env.PLANT_RESULTS!, JSON.stringify(rows));
  }
}
