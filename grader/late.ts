/**
 * Late submissions. What counts as late comes from the export: Gradescope's created_at against the
 * due date (`--due`, or one the export carries), or Canvas's LATE marker (no time: it counts as one
 * day). What it costs is the teacher's `--late-policy`:
 *
 *   --late-policy 10%/day                 10% of the learner's score per day (or part of a day) late
 *   --late-policy 10%/day,grace=2h        the first two hours after the due date are free
 *   --late-policy 10%/day,floor=50%       never lose more than half (the score keeps at least 50%)
 *
 * Without a policy nothing is deducted, but lateness is still recorded. Applied when the reports are
 * written, so a new policy needs no regrading.
 */
export interface LatePolicy {
  /** fraction of the score lost per day late */
  perDay: number;
  /** milliseconds after the due date that are not late */
  graceMs: number;
  /** the lowest fraction of the score a late learner keeps */
  floor: number;
}

export interface LateOutcome {
  /** whole days late (a part of a day counts as a day), after the grace period; 0 when on time */
  days: number;
  /** fraction of the score deducted */
  fraction: number;
  /** one line for the notes: "late: 2 days after 2026-03-01T08:00Z, −20%" */
  note?: string;
}

export class LatePolicyError extends Error {
  override name = 'LatePolicyError';
}

const DAY_MS = 86_400_000;

function percent(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
  const n = m ? Number(m[1]) / 100 : NaN;
  if (!(n >= 0 && n <= 1)) throw new LatePolicyError(`${what} must be a percentage from 0% to 100%, not "${text}"`);
  return n;
}

function duration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(m|min|h|d)$/.exec(text.trim());
  if (!m) throw new LatePolicyError(`grace must be a duration such as 30m, 2h or 1d, not "${text}"`);
  return Number(m[1]) * { m: 60_000, min: 60_000, h: 3_600_000, d: DAY_MS }[m[2] as 'm' | 'min' | 'h' | 'd'];
}

export function parseLatePolicy(text: string): LatePolicy {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const policy: LatePolicy = { perDay: NaN, graceMs: 0, floor: 0 };
  for (const part of parts) {
    const [key, value] = part.includes('=') ? (part.split('=', 2) as [string, string]) : ['rate', part];
    if (key === 'rate' || key === 'per-day') {
      const m = /^(.+?)(?:\/day|\/d)?$/.exec(value);
      policy.perDay = percent(m![1]!, 'the deduction per day');
    } else if (key === 'grace') policy.graceMs = duration(value);
    else if (key === 'floor') policy.floor = percent(value, 'floor');
    else throw new LatePolicyError(`--late-policy takes <n>%/day, grace=<duration> and floor=<n>%, not "${part}"`);
  }
  if (Number.isNaN(policy.perDay)) throw new LatePolicyError(`--late-policy needs a deduction per day, such as 10%/day (got "${text}")`);
  return policy;
}

/** A due date from the command line: ISO 8601; without a zone it is UTC, without a time the end of that day. */
export function parseDue(text: string): string {
  const t = text.trim();
  const withTime = /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T23:59:59Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(t) ? t : `${t}Z`;
  const date = new Date(withTime);
  if (Number.isNaN(date.getTime())) throw new LatePolicyError(`--due needs a date such as 2026-03-01 or 2026-03-01T23:59-08:00, not "${text}"`);
  return date.toISOString();
}

export interface Timing {
  submittedAt?: string;
  markedLate?: boolean;
  dueAt?: string;
}

export function lateOutcome(timing: Timing, policy: LatePolicy | undefined): LateOutcome {
  let days = 0;
  let why = '';
  if (timing.submittedAt && timing.dueAt) {
    const over = Date.parse(timing.submittedAt) - Date.parse(timing.dueAt) - (policy?.graceMs ?? 0);
    if (over > 0) {
      days = Math.ceil(over / DAY_MS);
      why = `submitted ${timing.submittedAt.replace(/:\d\d\.\d{3}Z$/, 'Z')}, due ${timing.dueAt.replace(/:\d\d\.\d{3}Z$/, 'Z')}`;
    }
  } else if (timing.markedLate) {
    days = 1;
    why = 'marked LATE by Canvas (no time given: counted as 1 day)';
  }
  if (days === 0) return { days: 0, fraction: 0 };
  const fraction = policy ? Math.min(days * policy.perDay, 1 - policy.floor) : 0;
  const cost = policy ? `, −${Math.round(fraction * 1000) / 10}%` : ' (no --late-policy: nothing deducted)';
  return { days, fraction, note: `late by ${days} day${days === 1 ? '' : 's'}: ${why}${cost}` };
}
