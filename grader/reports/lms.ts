/**
 * Gradebooks an LMS imports (`--format canvas`, `--format moodle`).
 *
 * canvas.csv: Canvas's gradebook import ("Grades › Import"): the five student columns its importer
 * requires, in its order (Student, ID, SIS User ID, SIS Login ID, Section), one assignment column
 * "<Assignment> (<assignment id>)" (without an id Canvas creates a new assignment of that name), and a
 * "Points Possible" row. Canvas finds each learner by ID (its user id, which its download names carry),
 * then the SIS ids, then the name.
 *
 * moodle.csv: the assignment's offline grading worksheet ("Upload grading worksheet"), whose importer
 * needs the columns Identifier ("Participant <id>", the id in Moodle's download folder names), Grade
 * and "Last modified (grade)", and reads "Feedback comments"; Full name and Email address let
 * Moodle's general CSV grade import map learners by email when there is no participant id.
 */
import { formatScore } from '../outcome';
import { csvLines, peopleOf } from './csv';
import type { Gradebook, StudentRow } from './gradebook';

export interface AssignmentRef {
  name: string;
  /** Canvas's assignment id, from its URL (…/assignments/<id>) */
  id?: string;
}

/** "Ada Lovelace" → "Lovelace, Ada" (how Canvas lists students); a single word stays. */
function sortableName(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts.length < 2 || name.includes(',') ? name : `${parts.at(-1)}, ${parts.slice(0, -1).join(' ')}`;
}

export function toCanvasCsv(book: Gradebook, assignment: AssignmentRef): string {
  const column = assignment.id ? `${assignment.name} (${assignment.id})` : assignment.name;
  const rows: (string | number)[][] = [
    ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', column],
    ['    Points Possible', '', '', '', '', formatScore(book.maxScore)],
  ];
  for (const s of book.students) {
    for (const p of peopleOf(s)) {
      // Canvas's own ids are numbers; a Gradescope SID is the school's id (Canvas's SIS User ID), and a
      // Moodle participant id means nothing to Canvas.
      const source = s.result.identity?.source;
      const canvasId = p.id && /^\d+$/.test(p.id) && source !== 'gradescope' && source !== 'moodle' ? p.id : '';
      const sisUser = p.sisId ?? (source === 'gradescope' && p.id ? p.id : '');
      rows.push([sortableName(p.name ?? s.result.student), canvasId, sisUser, p.sisLogin ?? '', p.section ?? '', formatScore(s.score)]);
    }
  }
  return csvLines(rows);
}

function feedback(s: StudentRow): string {
  const units = s.units.map((u) => `${u.unit.slug} ${formatScore(u.score)}/${u.unit.points}`).join(', ');
  return [`${formatScore(s.score)} / ${formatScore(s.maxScore)} (${units})`, ...s.notes].join('. ');
}

/** Moodle reads the time with PHP's strtotime: "2026-03-01 12:34:56 UTC". */
function moodleTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function toMoodleCsv(book: Gradebook, gradedAt: Date): string {
  const rows: (string | number)[][] = [['Identifier', 'Full name', 'Email address', 'Grade', 'Maximum Grade', 'Last modified (grade)', 'Feedback comments']];
  for (const s of book.students) {
    for (const p of peopleOf(s)) {
      const participant = s.result.identity?.source === 'moodle' && p.id ? `Participant ${p.id}` : '';
      rows.push([participant, p.name ?? s.result.student, p.email ?? '', formatScore(s.score), formatScore(s.maxScore), moodleTime(gradedAt), feedback(s)]);
    }
  }
  return csvLines(rows);
}
