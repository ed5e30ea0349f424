/**
 * The reports written for people, when `--format` includes html: report.html (with the similar pairs)
 * and each learner's feedback.md and feedback.html beside their results.json. All through the output
 * folder's manifest, so none replaces a file the grader did not write.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/course/paths';
import type { Unit } from '../../src/course/course';
import type { Submission } from '../discover';
import { OutputDir } from '../outdir';
import { groupPairs, similarPairs } from '../similarity';
import { feedbackHtml, feedbackMarkdown } from './feedback';
import type { Gradebook } from './gradebook';
import { toHtml } from './html';

/** The files of one learner's feedback, relative to the output folder. */
export function feedbackPaths(student: string): string[] {
  const folder = OutputDir.studentFolder(student);
  return [join(folder, 'feedback.md'), join(folder, 'feedback.html')];
}

export function courseStubs(units: Unit[], root = repoRoot): Map<string, string> {
  const stubs = new Map<string, string>();
  for (const u of units) {
    const path = join(root, u.paths.stub);
    if (existsSync(path)) stubs.set(u.slug, readFileSync(path, 'utf8'));
  }
  return stubs;
}

export interface HumanReports {
  out: OutputDir;
  book: Gradebook;
  /** the page title, e.g. "Grades — <course>" */
  title: string;
  course: string;
  /** every submission of the class, for the similarity section (none: the section is left out, as in a merge of shards given no --submissions) */
  submissions?: Submission[];
  generatedAt?: Date;
}

/** Writes report.html and every learner's feedback; returns how many groups of similar submissions it lists. */
export function writeHumanReports({ out, book, title, course, submissions, generatedAt = new Date() }: HumanReports): { similarGroups: number | undefined } {
  const similar = submissions ? similarPairs(submissions, book.units.map((u) => u.slug), courseStubs(book.units)) : undefined;
  out.write('report.html', toHtml(book, title, generatedAt, { similar, feedbackLink: (s) => OutputDir.studentFolder(s) }));
  for (const row of book.students) {
    const [md, html] = feedbackPaths(row.result.student);
    const text = feedbackMarkdown(row, course);
    out.write(md!, text);
    out.write(html!, feedbackHtml(text, `${course}: feedback for ${row.result.student}`));
  }
  return { similarGroups: similar ? groupPairs(similar).length : undefined };
}
