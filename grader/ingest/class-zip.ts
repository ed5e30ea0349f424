/**
 * A whole class as one zip (Canvas's "Download Submissions" gives `submissions.zip`; a folder holding
 * just that zip is the same): unpacked into a scratch folder so each learner's entry is graded like
 * any other. Entries are checked (no absolute paths, no '..') and sizes capped before anything inflates.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';

export const CLASS_ZIP_LIMITS = { entries: 20_000, bytes: 2_000_000_000 };

export class ClassZipError extends Error {
  override name = 'ClassZipError';
}

function segments(name: string): string[] | null {
  const normal = name.replace(/\\/g, '/');
  if (normal.startsWith('/') || /^[a-zA-Z]:/.test(normal) || normal.includes('\0')) return null;
  const parts = normal.split('/').filter((s) => s !== '' && s !== '.');
  return parts.some((s) => s === '..') ? null : parts;
}

/** The entries of a zip, listed without inflating any. */
export function listZip(data: Uint8Array): { name: string; size: number }[] {
  const names: { name: string; size: number }[] = [];
  unzipSync(data, {
    filter(file) {
      names.push({ name: file.name, size: file.originalSize });
      return false;
    },
  });
  return names;
}

/** Unpack `zipPath` into a new folder under the system's temp folder and return it. */
export function unpackClassZip(zipPath: string): string {
  let data: Uint8Array;
  try {
    data = readFileSync(zipPath);
  } catch (error) {
    throw new ClassZipError(`cannot read ${zipPath} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let listing: { name: string; size: number }[];
  try {
    listing = listZip(data);
  } catch (error) {
    throw new ClassZipError(`${zipPath} is not a readable zip file (${(error as Error).message})`);
  }
  const total = listing.reduce((s, e) => s + e.size, 0);
  if (listing.length > CLASS_ZIP_LIMITS.entries || total > CLASS_ZIP_LIMITS.bytes) {
    throw new ClassZipError(`${zipPath} holds ${listing.length} entries and ${Math.round(total / 1e6)} MB unpacked, more than the grader unpacks (${CLASS_ZIP_LIMITS.entries} entries, ${CLASS_ZIP_LIMITS.bytes / 1e9} GB)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'grader-class-zip-'));
  const files = unzipSync(data, { filter: (file) => !file.name.endsWith('/') && segments(file.name) !== null });
  for (const [name, content] of Object.entries(files)) {
    const target = join(dir, ...segments(name)!);
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    } catch {
      // a file and a folder sharing a path: the first one wins, and the learner's entry says what is missing
    }
  }
  return dir;
}
