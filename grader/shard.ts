/**
 * A class split across machines: `--shard k/n` grades the learners whose part is k, and
 * `npm run grade -- merge` (grader/merge.ts) joins the n outputs. A learner's part is a hash of
 * their name (the name the grader gives the submission, also their results folder), not their
 * position in the class, so adding or removing learners moves nobody else to another part (vitest's
 * and Playwright's --shard cut a sorted list instead, which shifts when the list grows).
 */
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based, as typed */
  index: number;
  count: number;
}

/** Errors of --shard and of merge: one line each. */
export class ShardError extends Error {
  override name = 'ShardError';
}

export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count || count > 10_000) {
    throw new ShardError(`--shard takes k/n with 1 ≤ k ≤ n (e.g. 2/4 for the second of four parts), not "${text}"`);
  }
  return { index, count };
}

export const shardLabel = (shard: Shard): string => `${shard.index}/${shard.count}`;

/** The part (1…count) a learner belongs to: the first 48 bits of SHA-256 of their name, modulo count. */
export function shardOf(student: string, count: number): number {
  const head = createHash('sha256').update(student, 'utf8').digest().readUIntBE(0, 6);
  return (head % count) + 1;
}

export function inShard(student: string, shard: Shard): boolean {
  return shardOf(student, shard.count) === shard.index;
}

/** What makes two shards parts of one class: the same learners (all of them, not just the shard's). */
export function classFingerprint(students: string[]): string {
  const hash = createHash('sha256');
  for (const s of [...students].sort()) hash.update(s, 'utf8').update('\0');
  return hash.digest('hex');
}
