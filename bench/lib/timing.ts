/**
 * Timing helpers shared by every benchmark in bench/.
 *
 * The machine is shared and noisy, so a benchmark never trusts one run: each case is run
 * several times, *interleaved* with the cases it is compared against (A B A B …, not A A … B B …),
 * so a burst of load from someone else lands on both sides. We report the minimum (the best the
 * code can do) and the median (what you typically get); ratios are taken between cases measured
 * in the same call.
 */

export interface Stats {
  name: string;
  /** Every run, in milliseconds, in the order they ran. */
  times: number[];
  min: number;
  median: number;
}

export function stats(name: string, times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { name, times, min: sorted[0] ?? NaN, median };
}

/** Milliseconds taken by one call of `fn` (awaited if it returns a promise). */
export async function timeOnce(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export interface CompareOptions {
  /** Timed rounds; each round runs every case once. */
  runs: number;
  /** Untimed rounds first (JIT warm-up, disk cache). */
  warmup?: number;
}

/**
 * Runs the cases in interleaved rounds and returns one Stats per case, in the given order.
 * A case may be sync or async; it is timed from call to settle.
 */
export async function compare(cases: Record<string, () => unknown>, { runs, warmup = 0 }: CompareOptions): Promise<Stats[]> {
  const names = Object.keys(cases);
  const times: number[][] = names.map(() => []);
  for (let round = 0; round < warmup + runs; round++) {
    for (let c = 0; c < names.length; c++) {
      const t = await timeOnce(cases[names[c]!]!);
      if (round >= warmup) times[c]!.push(t);
    }
  }
  return names.map((name, c) => stats(name, times[c]!));
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** "0.42×" — how many times the baseline's time `ms` is. */
export function formatRatio(ms: number, baselineMs: number): string {
  return `${(ms / baselineMs).toFixed(2)}×`;
}

/**
 * Prints one line per case (min, median, runs) and, against `baseline` (a case name), the ratio
 * of mins and of medians. Ratios < 1 mean faster than the baseline.
 */
export function printComparison(title: string, results: Stats[], baseline?: string): void {
  const base = baseline === undefined ? undefined : results.find((r) => r.name === baseline);
  if (baseline !== undefined && base === undefined) throw new Error(`printComparison: no case named '${baseline}'`);
  const width = Math.max(...results.map((r) => r.name.length));
  console.log(`\n${title}`);
  for (const r of results) {
    let line = `  ${r.name.padEnd(width)}  min ${formatMs(r.min).padStart(8)}  median ${formatMs(r.median).padStart(8)}  (${r.times.length} runs)`;
    if (base && r !== base) {
      line += `  vs ${base.name}: min ${formatRatio(r.min, base.min)}, median ${formatRatio(r.median, base.median)}`;
    }
    console.log(line);
  }
}
