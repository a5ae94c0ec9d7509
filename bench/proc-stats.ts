/** What the harness reads about processes from /proc, the way a user's `top` would. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let clockTicks: number | undefined;

/** USER_HZ (almost always 100): /proc/PID/stat counts CPU time in these ticks. */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses); index 0 is the state.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie (PID 1 here does not reap orphans, so a zombie counts as gone). */
export function isRunning(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** CPU seconds (user + system) the process itself has used. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  if (!fields) return Number.NaN;
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

export interface ResidentMemory {
  /** VmRSS: every resident page. */
  rss: number;
  /** RssAnon: heap, stacks, malloc; the kernel cannot drop these without swap. */
  anon: number;
  /** RssFile + RssShmem: mapped files (the executable, libraries), clean and shared, reclaimable. */
  file: number;
}

const NO_MEMORY: ResidentMemory = { rss: Number.NaN, anon: Number.NaN, file: Number.NaN };

/** The /proc/PID/status fields behind `top`'s RES, SHR and their difference, in MB (2^20 bytes). */
export function residentMemory(pid: number): ResidentMemory {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return NO_MEMORY;
  }
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : Number.NaN;
  };
  return { rss: field('VmRSS'), anon: field('RssAnon'), file: field('RssFile') + field('RssShmem') };
}

/** Resident set size in MB (VmRSS, 1 MB = 2^20 bytes). */
export function rssMegabytes(pid: number): number {
  return residentMemory(pid).rss;
}

/** Every live process's parent, read once from /proc. */
export function parentTable(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields) parents.set(Number(entry), Number(fields[1]));
  }
  return parents;
}

/** All descendants of `root` (children first level first), from one /proc snapshot. */
export function descendants(root: number, parents = parentTable()): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, parent] of parents) {
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** CPU use in % of one core between two readings. */
export function cpuPercent(cpuStart: number, cpuEnd: number, wallMs: number): number {
  return wallMs > 0 ? ((cpuEnd - cpuStart) * 100_000) / wallMs : Number.NaN;
}
