/**
 * Results cached per unit of each submission, keyed by a hash of everything that decides them: the
 * unit's files (see unitHash in scratch.ts), the unit's bundled hidden suite (with the engine and helpers it imports), the
 * grader's own code, the lockfile, the compiler settings, the Node version and the limits. Changing
 * any of them regrades exactly what it affects. Entries are written atomically, so a grader killed
 * halfway leaves only whole entries, and a re-run picks up where it stopped.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
  /** grader code + lockfile + tsconfig + node version + limits, computed once per run */
  environment: string;
}

export function cacheKey(parts: KeyParts): string {
  return sha256(String(CACHE_VERSION), parts.environment, parts.unit, parts.suite, parts.submission);
}

let tmpCounter = 0;

/** Write a file so that readers see the old content or the new, never half of it. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${tmpCounter++}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

export class ResultCache {
  hits = 0;
  writes = 0;

  constructor(readonly dir: string) {}

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): UnitOutcome | undefined {
    try {
      const outcome = JSON.parse(readFileSync(this.path(key), 'utf8')) as UnitOutcome;
      if (typeof outcome?.slug !== 'string' || !Array.isArray(outcome.checks)) return undefined;
      this.hits++;
      return outcome;
    } catch {
      return undefined; // absent or damaged: grade again
    }
  }

  put(key: string, outcome: UnitOutcome): void {
    // A crashed sandbox says something about the machine, not the submission: try again next time.
    if (outcome.problem?.kind === 'crash') return;
    writeFileAtomic(this.path(key), JSON.stringify(outcome));
    this.writes++;
  }
}
