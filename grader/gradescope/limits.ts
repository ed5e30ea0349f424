/**
 * How many sandboxes a Gradescope container can run, and with how much memory each. Node's
 * `availableParallelism()` counts the CPUs the process may be scheduled on, not a CPU quota, and
 * `os.totalmem()` is the host's memory, so the container's cgroup limits are read instead:
 * cgroup v2's `cpu.max` and `memory.max`, or v1's `cpu.cfs_quota_us`/`cpu.cfs_period_us` and
 * `memory.limit_in_bytes`. Measured (issue 13): the grading process tree peaks near 475 MB with one
 * sandbox and 832 MB with ten, so the parent keeps a base and each sandbox gets its heap plus room.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';

export interface ContainerLimits {
  /** CPUs the quota allows (fractional), or undefined without a quota */
  cpuQuota?: number;
  /** bytes, or undefined without a limit */
  memoryBytes?: number;
  /** where the numbers came from, for the log */
  source: string;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** v1 and v2 write "no limit" as a number near 2^63; anything past a petabyte is no limit. */
const NO_LIMIT = 2 ** 50;

/** The cgroup limits of this process, read under `root` (normally /sys/fs/cgroup; tests pass a fake tree). */
export function readContainerLimits(root = '/sys/fs/cgroup', selfCgroup = read('/proc/self/cgroup') ?? ''): ContainerLimits {
  // cgroup v2: one hierarchy; this process's group is the "0::<path>" line, the limits sit in that folder or the root.
  const v2Path = /^0::(\/.*)$/m.exec(selfCgroup)?.[1] ?? '/';
  for (const dir of [...new Set([join(root, v2Path), root])]) {
    const cpu = read(join(dir, 'cpu.max'));
    const memory = read(join(dir, 'memory.max'));
    if (cpu === undefined && memory === undefined) continue;
    const [quota, period] = (cpu ?? 'max').split(/\s+/);
    const q = quota === 'max' ? undefined : Number(quota) / Number(period ?? 100000);
    const m = memory === undefined || memory === 'max' ? undefined : Number(memory);
    return { cpuQuota: q !== undefined && q > 0 ? q : undefined, memoryBytes: m !== undefined && m > 0 && m < NO_LIMIT ? m : undefined, source: `cgroup v2 (${dir})` };
  }
  // cgroup v1: one folder per controller.
  const quota = Number(read(join(root, 'cpu', 'cpu.cfs_quota_us')) ?? read(join(root, 'cpu,cpuacct', 'cpu.cfs_quota_us')) ?? -1);
  const period = Number(read(join(root, 'cpu', 'cpu.cfs_period_us')) ?? read(join(root, 'cpu,cpuacct', 'cpu.cfs_period_us')) ?? 100000);
  const memory = Number(read(join(root, 'memory', 'memory.limit_in_bytes')) ?? NaN);
  return {
    cpuQuota: quota > 0 && period > 0 ? quota / period : undefined,
    memoryBytes: memory > 0 && memory < NO_LIMIT ? memory : undefined,
    source: 'cgroup v1',
  };
}

export interface Budget {
  jobs: number;
  /** heap limit per sandbox, MB */
  memoryMb: number;
  reason: string;
}

/** What the grading parent (bundler, type checker, reports) keeps for itself, MB. */
export const PARENT_MB = 450;
/** A sandbox's own use beyond its heap (code, buffers, the learner's mathjs), MB. */
export const SANDBOX_OVERHEAD_MB = 64;
/** The smallest heap a sandbox is given; below it the hidden suites themselves do not fit. */
export const MIN_SANDBOX_MB = 128;

/**
 * Sandboxes and heap size for a container: no more sandboxes than the CPU quota (at least one) or the
 * CPUs, and no more than fit in memory at `memoryMb` each; with room for one only, that one's heap
 * shrinks to fit (never below MIN_SANDBOX_MB).
 */
export function budgetFor(limits: ContainerLimits, { cpus = availableParallelism(), memoryMb = 512, hostBytes = totalmem() } = {}): Budget {
  const byCpu = Math.max(1, Math.min(cpus, limits.cpuQuota === undefined ? cpus : Math.floor(limits.cpuQuota + 1e-9)));
  const totalMb = Math.floor((limits.memoryBytes ?? hostBytes) / 2 ** 20);
  const spare = totalMb - PARENT_MB;
  const byMemory = Math.floor(spare / (memoryMb + SANDBOX_OVERHEAD_MB));
  const jobs = Math.max(1, Math.min(byCpu, byMemory));
  const heap = byMemory >= 1 ? memoryMb : Math.max(MIN_SANDBOX_MB, Math.min(memoryMb, spare - SANDBOX_OVERHEAD_MB));
  const cpuText = limits.cpuQuota === undefined ? `${cpus} CPUs, no quota` : `a quota of ${formatCpus(limits.cpuQuota)} CPUs`;
  return { jobs, memoryMb: heap, reason: `${cpuText}, ${totalMb} MB${limits.memoryBytes === undefined ? ' (no memory limit: the machine)' : ''} (${limits.source}) → ${jobs} sandbox${jobs === 1 ? '' : 'es'} of ${heap} MB` };
}

function formatCpus(x: number): string {
  return String(Math.round(x * 100) / 100);
}
