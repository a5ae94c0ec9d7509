/**
 * CPU time and resident memory of process trees, from /proc. The parsers are pure (text in,
 * numbers out); the reader is one pass over /proc/[pid]/stat, which holds the parent pid, the
 * CPU ticks and the resident pages of every process, so a whole tree costs one small read per
 * process on the machine and no child process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listPids, parseProcStat } from './processes.js';

/** Linux reports CPU times in USER_HZ ticks, which is 100 on every architecture it runs on. */
export const TICKS_PER_SECOND = 100;

export interface ProcUsage {
  pid: number;
  ppid: number;
  state: string;
  /** utime + stime of the process itself, in ticks. */
  cpuTicks: number;
  /** Resident set size in pages (field 24 of stat, the same counter as statm's second field). */
  rssPages: number;
}

/** The usage fields of /proc/PID/stat (fields 14, 15 and 24, counted after the comm's last ')'). */
export function parseProcStatUsage(text: string): ProcUsage | undefined {
  const base = parseProcStat(text);
  if (!base) return undefined;
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is stat field 3 (state), so stat field N is fields[N - 3].
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rss = Number(fields[21]);
  if (![utime, stime, rss].every(Number.isFinite)) return undefined;
  return { pid: base.pid, ppid: base.ppid, state: base.state, cpuTicks: utime + stime, rssPages: rss };
}

/** /proc/PID/statm: size resident shared text lib data dt, all in pages. */
export function parseStatm(text: string): { sizePages: number; residentPages: number } | undefined {
  const [size, resident] = text.trim().split(/\s+/).map(Number);
  return Number.isFinite(size) && Number.isFinite(resident) ? { sizePages: size!, residentPages: resident! } : undefined;
}

/** `VmRSS:   1234 kB` of /proc/PID/status, in kB. */
export function parseVmRssKb(statusText: string): number | undefined {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(statusText);
  return match ? Number(match[1]) : undefined;
}

/**
 * The kernel's page size, from one process's RSS seen in kB (status) and in pages (statm). Node
 * has no getpagesize(), and it is not always 4 KiB: a Raspberry Pi 5 kernel uses 16 KiB pages.
 */
export function pageSizeFrom(vmRssKb: number, residentPages: number): number {
  if (!(residentPages > 0) || !(vmRssKb > 0)) return 4096;
  const ratio = (vmRssKb * 1024) / residentPages;
  const candidates = [4096, 16384, 65536];
  return candidates.reduce((best, size) => (Math.abs(Math.log2(size / ratio)) < Math.abs(Math.log2(best / ratio)) ? size : best));
}

export interface TreeUsage {
  /** Every live process of the tree, the root first. */
  pids: number[];
  cpuTicks: number;
  rssPages: number;
}

/** Sum a process and all its descendants (zombies hold no memory and are skipped, as gone). */
export function treeUsage(rootPid: number, table: ReadonlyMap<number, ProcUsage>): TreeUsage | undefined {
  const root = table.get(rootPid);
  if (!root || root.state === 'Z' || root.state === 'X') return undefined;
  const children = new Map<number, ProcUsage[]>();
  for (const usage of table.values()) {
    if (usage.pid === rootPid) continue;
    const siblings = children.get(usage.ppid);
    if (siblings) siblings.push(usage);
    else children.set(usage.ppid, [usage]);
  }
  const result: TreeUsage = { pids: [], cpuTicks: 0, rssPages: 0 };
  const queue = [root];
  // Bounded: a pid is visited once even if the table were inconsistent (pid reuse mid-read).
  const seen = new Set<number>();
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next.pid)) continue;
    seen.add(next.pid);
    if (next.state !== 'Z' && next.state !== 'X') {
      result.pids.push(next.pid);
      result.cpuTicks += next.cpuTicks;
      result.rssPages += next.rssPages;
    }
    queue.push(...(children.get(next.pid) ?? []));
  }
  return result;
}

/** One pass over /proc/[pid]/stat: every process's parent, CPU ticks and resident pages. */
export function readProcUsageTable(procRoot = '/proc'): Map<number, ProcUsage> {
  const table = new Map<number, ProcUsage>();
  for (const pid of listPids(procRoot)) {
    try {
      const usage = parseProcStatUsage(readFileSync(path.join(procRoot, String(pid), 'stat'), 'utf8'));
      if (usage) table.set(pid, usage);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return table;
}

/** This machine's page size, read once from our own process. */
export function readPageSize(procRoot = '/proc'): number {
  try {
    const vmRss = parseVmRssKb(readFileSync(path.join(procRoot, 'self', 'status'), 'utf8'));
    const statm = parseStatm(readFileSync(path.join(procRoot, 'self', 'statm'), 'utf8'));
    return vmRss && statm ? pageSizeFrom(vmRss, statm.residentPages) : 4096;
  } catch {
    return 4096;
  }
}

/**
 * CPU % (of one core, as top and ps print it) between two readings of the same tree. A tree
 * whose members changed (a child exited and took its ticks along) can read lower the second
 * time; that interval counts as 0 rather than negative.
 */
export function cpuPercent(previousTicks: number, currentTicks: number, elapsedMs: number): number {
  if (!(elapsedMs > 0)) return 0;
  const ticks = currentTicks - previousTicks;
  return ticks <= 0 ? 0 : (ticks / TICKS_PER_SECOND / (elapsedMs / 1000)) * 100;
}
