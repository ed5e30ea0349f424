/**
 * Writing a class's reports from its gradebook: gradebook.json (the state), grades.csv, report.html,
 * each learner's results.json and the LMS gradebooks. One function for a run and for a merge of
 * shards, so that both write the same bytes from the same gradebook.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../src/course/paths';
import { courseTitle, type Unit } from '../src/course/course';
import type { ReportFormat } from './args';
import type { ClassResult, StudentResult } from './grade';
import { OutputDir } from './outdir';
import { toCsv } from './reports/csv';
import { type Gradebook, gradebook, studentRow } from './reports/gradebook';
import { toGradescope } from './reports/gradescope';
import { toCanvasCsv, toMoodleCsv } from './reports/lms';
import type { Submission } from './discover';
import { feedbackPaths, writeHumanReports } from './reports/teacher';
import { GRADEBOOK_FILE, type GradebookOrigin, savedGradebook } from './state';

export function reportPaths(students: string[], formats: ReportFormat[]): string[] {
  return [
    ...(formats.includes('csv') ? ['grades.csv'] : []),
    ...(formats.includes('html') ? ['report.html', ...students.flatMap(feedbackPaths)] : []),
    ...(formats.includes('json') ? students.map((s) => join(OutputDir.studentFolder(s), 'results.json')) : []),
    ...(formats.includes('canvas') ? ['canvas.csv'] : []),
    ...(formats.includes('moodle') ? ['moodle.csv'] : []),
  ];
}


export function writeResultsJson(out: OutputDir, r: StudentResult, rowUnits: Unit[]): void {
  out.write(join(OutputDir.studentFolder(r.student), 'results.json'), `${JSON.stringify(toGradescope(studentRow(r, rowUnits)), null, 1)}\n`);
}

export interface Publication {
  source: string;
  merged: { units: Unit[]; students: StudentResult[]; checkNames: Record<string, string[]> };
  origin: GradebookOrigin;
  stats: ClassResult['stats'];
  formats: ReportFormat[];
  assignment?: string;
  assignmentId?: string;
  /** the learners' files, for report.html's similar pairs (a merge has them only when given --submissions) */
  submissions?: Submission[];
}

export interface Published {
  book: Gradebook;
  /** groups of similar submissions in report.html; undefined when it was not written or had no files to compare */
  similarGroups?: number;
}

/** Write every report of the class (the caller has claimed the paths); returns the numbers they show. */
export function publish(out: OutputDir, p: Publication): Published {
  const { merged, formats } = p;
  const book = gradebook({ units: merged.units, students: merged.students, checkNames: merged.checkNames, stats: p.stats });
  out.write(GRADEBOOK_FILE, `${JSON.stringify(savedGradebook(p.source, merged, p.origin))}\n`);
  if (formats.includes('csv')) out.write('grades.csv', toCsv(book));
  // report.html (with the similar pairs) and each learner's feedback.md and feedback.html
  const human = formats.includes('html') ? writeHumanReports({ out, book, title: `Grades — ${courseTitle()}`, course: courseTitle(), submissions: p.submissions }) : undefined;
  if (formats.includes('json')) for (const r of merged.students) writeResultsJson(out, r, merged.units);
  if (formats.includes('canvas')) out.write('canvas.csv', toCanvasCsv(book, { name: p.assignment ?? courseTitle(), id: p.assignmentId }));
  if (formats.includes('moodle')) out.write('moodle.csv', toMoodleCsv(book, new Date()));
  return { book, similarGroups: human?.similarGroups };
}
