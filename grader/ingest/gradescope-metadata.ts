/**
 * Gradescope's "Export Submissions" holds one `submission_<id>/` folder per submission and a
 * `submission_metadata.yml` keyed by those folder names. Gradescope writes it from Ruby, so its keys
 * are symbols with a leading colon:
 *
 *   submission_111111:
 *     :submitters:
 *     - :name: Ada Lovelace
 *       :sid: '1001'
 *       :email: ada@example.edu
 *     :created_at: 2026-03-01 12:34:56.789012000 -08:00
 *     :score: ...
 *
 * A group submission lists several submitters.
 */
import { parse } from 'yaml';
import type { Identity, Person } from './identity';

export const GRADESCOPE_METADATA = 'submission_metadata.yml';

export class MetadataError extends Error {
  override name = 'MetadataError';
}

type Loose = Record<string, unknown>;

/** A value under `:key` (Gradescope's form) or `key` (the same file rewritten by another tool). */
function field(record: unknown, key: string): unknown {
  if (!record || typeof record !== 'object') return undefined;
  const r = record as Loose;
  return r[`:${key}`] ?? r[key];
}

const text = (value: unknown): string | undefined => (value === undefined || value === null || value === '' ? undefined : String(value));

/**
 * A Ruby/YAML timestamp ("2026-03-01 12:34:56.789012000 -08:00", ISO 8601, or a Date the parser made)
 * as ISO 8601, or undefined when it is not one.
 */
export function isoTime(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  const s = text(value);
  if (!s) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(s.trim());
  if (!m) return undefined;
  const zone = m[4] === undefined ? 'Z' : m[4] === 'Z' ? 'Z' : m[4].includes(':') ? m[4] : `${m[4].slice(0, 3)}:${m[4].slice(3)}`;
  const millis = m[3] ? `.${m[3].slice(1, 4).padEnd(3, '0')}` : '';
  const date = new Date(`${m[1]}T${m[2]!.length === 5 ? `${m[2]}:00` : m[2]}${millis}${zone}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Each submission folder's identity, by folder name. */
export function parseGradescopeMetadata(yamlText: string): Map<string, Identity> {
  let doc: unknown;
  try {
    doc = parse(yamlText);
  } catch (error) {
    throw new MetadataError(`${GRADESCOPE_METADATA} is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new MetadataError(`${GRADESCOPE_METADATA} does not map submission folders to their submitters`);
  const out = new Map<string, Identity>();
  for (const [folder, record] of Object.entries(doc as Loose)) {
    const submitters = field(record, 'submitters');
    const people: Person[] = (Array.isArray(submitters) ? submitters : []).map((s) => ({ name: text(field(s, 'name')), id: text(field(s, 'sid')), email: text(field(s, 'email')) }));
    const assignment = field(record, 'assignment');
    const dueAt = isoTime(field(record, 'due_date') ?? field(assignment, 'due_date'));
    out.set(folder, { people, source: 'gradescope', submittedAt: isoTime(field(record, 'created_at')), ...(dueAt ? { dueAt } : {}) });
  }
  return out;
}
