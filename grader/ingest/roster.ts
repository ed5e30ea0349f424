/**
 * `--roster <csv>`: the teacher's class list, so the grades carry the names, ids and emails the LMS
 * knows. Columns are found by their header (any case): a name (`name`, `full name`, `student`, or
 * `first name` + `last name`), an id (`id`, `sid`, `student id`, `user id`, `canvas id`, `identifier`),
 * `email`, a GitHub or login name (`github`, `username`, `login`, `sis login id`), `sis user id`,
 * `section`. A submission is matched by email, then id, then login, then name; a Canvas gradebook
 * export works as a roster as it is.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Identity, Person } from './identity';

export class RosterError extends Error {
  override name = 'RosterError';
}

const COLUMNS: Record<keyof Person | 'first' | 'last', string[]> = {
  name: ['name', 'full name', 'student', 'student name', 'display name'],
  first: ['first name', 'firstname', 'given name'],
  last: ['last name', 'lastname', 'surname', 'family name'],
  id: ['id', 'sid', 'student id', 'user id', 'canvas id', 'canvas user id', 'identifier', 'participant id'],
  email: ['email', 'email address', 'e-mail'],
  login: ['github', 'github username', 'username', 'login'],
  sisLogin: ['sis login id', 'login id'],
  sisId: ['sis user id', 'sis id', 'id number', 'student number'],
  section: ['section', 'group'],
};

export interface Roster {
  people: Person[];
  file: string;
}

export function readRoster(file: string): Roster {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RosterError(`cannot read the roster ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    throw new RosterError(`the roster ${file} is not a CSV file (${(error as Error).message.split('\n')[0]})`);
  }
  const [header, ...body] = rows;
  if (!header) throw new RosterError(`the roster ${file} is empty`);
  const lower = header.map((h) => h.toLowerCase().replace(/\s+/g, ' ').trim());
  const col = (key: keyof typeof COLUMNS) => lower.findIndex((h) => COLUMNS[key].includes(h));
  const at = Object.fromEntries(Object.keys(COLUMNS).map((k) => [k, col(k as keyof typeof COLUMNS)])) as Record<keyof typeof COLUMNS, number>;
  if (at.name < 0 && at.first < 0 && at.id < 0 && at.email < 0 && at.login < 0 && at.sisLogin < 0) {
    throw new RosterError(`the roster ${file} has no name, id, email or username column (its header: ${header.join(', ')})`);
  }
  const cell = (row: string[], i: number) => (i >= 0 && row[i] ? row[i] : undefined);
  const people: Person[] = [];
  for (const row of body) {
    // Canvas's gradebook export has a "Points Possible" row and a test student; neither is a learner.
    if (/points possible/i.test(row[0] ?? '') || /^student,\s*test$/i.test(row[0] ?? '')) continue;
    let name = cell(row, at.name);
    if (!name && (at.first >= 0 || at.last >= 0)) name = [cell(row, at.first), cell(row, at.last)].filter(Boolean).join(' ') || undefined;
    // "Lovelace, Ada" (Canvas's sortable name) reads as "Ada Lovelace".
    if (name && /^[^,]+,\s*[^,]+$/.test(name)) name = name.split(',').map((p) => p.trim()).reverse().join(' ');
    const person: Person = { name, id: cell(row, at.id), email: cell(row, at.email), login: cell(row, at.login), sisLogin: cell(row, at.sisLogin), sisId: cell(row, at.sisId), section: cell(row, at.section) };
    if (Object.values(person).some(Boolean)) people.push(person);
  }
  return { people, file };
}

const norm = (s: string | undefined) => s?.toLowerCase().replace(/\s+/g, ' ').trim();
/** Canvas's file names spell "Ada Lovelace" as "lovelaceada". */
const squash = (s: string | undefined) => s?.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The roster entry for one person of a submission, if any. */
export function findInRoster(roster: Roster, person: Person): Person | undefined {
  const by = (pred: (r: Person) => boolean) => roster.people.find(pred);
  return (
    (person.email && by((r) => norm(r.email) === norm(person.email))) ||
    (person.id && by((r) => r.id === person.id || r.sisId === person.id || norm(r.login) === norm(person.id))) ||
    (person.login && by((r) => norm(r.login) === norm(person.login) || norm(r.sisLogin) === norm(person.login))) ||
    (person.name && by((r) => norm(r.name) === norm(person.name))) ||
    (person.name && by((r) => r.name !== undefined && r.name.includes(' ') && squash(r.name.split(' ').reverse().join('')) === squash(person.name))) ||
    undefined
  );
}

/** The identity with what the roster knows filled in (the export's values win where both have one). */
export function applyRoster(roster: Roster, identity: Identity | undefined, folderName: string): { identity: Identity; matched: boolean } {
  const base: Identity = identity ?? { people: [{ name: folderName }], source: 'folder' };
  const people = base.people.length > 0 ? base.people : [{ name: folderName }];
  let matched = false;
  const merged = people.map((p) => {
    const r = findInRoster(roster, p) ?? (identity ? undefined : findInRoster(roster, { id: folderName, login: folderName }));
    if (!r) return p;
    matched = true;
    // The roster's name is the one the teacher knows; the export's id stays (it is what the LMS imports by).
    return { ...r, ...Object.fromEntries(Object.entries(p).filter(([k, v]) => v !== undefined && k !== 'name')), name: r.name ?? p.name };
  });
  return { identity: { ...base, people: merged }, matched };
}
