/**
 * Results cached per unit of each submission, keyed by a hash of everything that decides them: the
 * unit's files (see unitHash in scratch.ts), the unit's bundled hidden suite (with the engine and helpers it imports), the
 * bundled harness, the grader's own code (its import closure, sources.ts), the course helpers graded code
 * may import, the lockfile, the compiler settings, the Node version and the limits. Changing
 * any of them regrades exactly what it affects. Entries are written atomically, so a grader killed
 * halfway leaves only whole entries, and a re-run picks up where it stopped.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/course/atomic';
import type { UnitOutcome } from './outcome';

export const CACHE_VERSION = 1;

export function sha256(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(typeof part === 'string' ? part : Buffer.from(part));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export interface KeyParts {
  /** the hash of the submission's files this unit depends on */
  submission: string;
  unit: string;
  suite: string;
  /** harness + grader code + lib/ + lockfile + tsconfig + node version + limits, computed once per session (session.ts) */
  environment: string;
}

export function cacheKey(parts: KeyParts): string {
  return sha256(String(CACHE_VERSION), parts.environment, parts.unit, parts.suite, parts.submission);
}

// The atomic write is shared with the learner's tools (src/course/atomic.ts).
export { writeFileAtomic } from '../src/course/atomic';

/**
 * A cache file: a checksum of the key and the JSON on the first line, then the JSON. Atomic writes
 * mean a killed grader leaves whole files; the checksum catches the rest (a damaged disk, an edit by
 * hand, a file copied under another key's name), so what comes back is exactly what was put.
 */
export function writeChecked(path: string, key: string, value: unknown): void {
  const body = JSON.stringify(value);
  writeFileAtomic(path, `${sha256(key, body)}\n${body}`);
}

/** The value writeChecked stored under `key`; `corrupt` when the file is there but is not that. */
export function readChecked(path: string, key: string): { value: unknown } | 'absent' | 'corrupt' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return 'absent';
  }
  const newline = text.indexOf('\n');
  const body = text.slice(newline + 1);
  if (newline < 0 || text.slice(0, newline) !== sha256(key, body)) return 'corrupt';
  try {
    return { value: JSON.parse(body) as unknown };
  } catch {
    return 'corrupt';
  }
}

/** A list of strings writeChecked stored under `key` (type errors, check names); undefined when absent or damaged. */
export function readCheckedStrings(path: string, key: string): string[] | undefined {
  const read = readChecked(path, key);
  const value = typeof read === 'object' ? read.value : undefined;
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

export class ResultCache {
  hits = 0;
  writes = 0;
  /** entries found damaged (and so graded again) */
  corrupt = 0;

  constructor(readonly dir: string) {}

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): UnitOutcome | undefined {
    const read = readChecked(this.path(key), key);
    if (read === 'absent') return undefined;
    const outcome = read === 'corrupt' ? undefined : (read.value as UnitOutcome | null);
    if (typeof outcome?.slug !== 'string' || !Array.isArray(outcome.checks)) {
      this.corrupt++; // damaged: grade again (and overwrite it)
      return undefined;
    }
    this.hits++;
    return outcome;
  }

  put(key: string, outcome: UnitOutcome): void {
    // A crashed sandbox says something about the machine, not the submission: try again next time.
    if (outcome.problem?.kind === 'crash') return;
    writeChecked(this.path(key), key, outcome);
    this.writes++;
  }
}
