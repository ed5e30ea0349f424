/** Who a submission belongs to, as far as the export (or the teacher's roster) says. */

export interface Person {
  /** full name as the LMS shows it ("Ada Lovelace"), or the slug Canvas writes ("lovelaceada") */
  name?: string;
  /** the LMS's id for the person: Gradescope's SID, Canvas's user id, Moodle's participant id, a GitHub username */
  id?: string;
  email?: string;
  /** from a roster only */
  sisId?: string;
  /** the school login Canvas calls SIS Login ID (roster only) */
  sisLogin?: string;
  /** a GitHub (or other) username */
  login?: string;
  section?: string;
}

export interface Identity {
  /** one person, or several for a Gradescope group submission */
  people: Person[];
  /** which export named them */
  source: 'folder' | 'gradescope' | 'classroom' | 'canvas' | 'moodle' | 'repository';
  /** when the LMS says it was submitted (ISO 8601) */
  submittedAt?: string;
  /** Canvas writes LATE into the file name of a late submission */
  markedLate?: boolean;
  /** a due date the export itself carries (ISO 8601) */
  dueAt?: string;
}

/** A learner's name safe as a folder name and a CSV key: no path separators or control characters. */
export function safeName(name: string): string {
  const cleaned = name.replace(/[\\/\0-\x1f\x7f]/g, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  return cleaned || 'unnamed';
}

/** Names of everyone in the submission, for display: "Ada Lovelace & Ben Bitdiddle". */
export function displayName(identity: Identity | undefined, fallback: string): string {
  const names = identity?.people.map((p) => p.name).filter((n): n is string => Boolean(n)) ?? [];
  return names.length > 0 ? names.join(' & ') : fallback;
}
