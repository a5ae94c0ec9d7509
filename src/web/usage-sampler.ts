/**
 * CPU % and resident memory of every supervised process tree, sampled from /proc by the live
 * feed while a page is connected (and never otherwise), with a short history per process for the
 * page's sparklines. Pure bookkeeping around one reader call per sample.
 */
import { cpuPercent, readPageSize, readProcUsageTable, treeUsage, type ProcUsage } from '../system/proc-stats.js';

export interface UsagePoint {
  /** Epoch ms. */
  at: number;
  cpu: number;
  rssBytes: number;
}

export interface UsageNow extends UsagePoint {
  pids: number;
}

/** About 5 minutes at one sample every 3 seconds. */
export const HISTORY_POINTS = 100;

export interface UsageSampler {
  /** Sample every given tree now; namespec → its usage (absent when the process has no live child). */
  sample(roots: ReadonlyMap<string, number>, at?: number): Map<string, UsageNow>;
  history(): Record<string, UsagePoint[]>;
}

export function createUsageSampler(options: { readTable?: () => ReadonlyMap<number, ProcUsage>; pageSize?: number } = {}): UsageSampler {
  const readTable = options.readTable ?? (() => readProcUsageTable());
  let pageSize = options.pageSize;
  const previous = new Map<string, { pid: number; ticks: number; at: number }>();
  const points = new Map<string, UsagePoint[]>();

  return {
    sample(roots, at = Date.now()) {
      pageSize ??= readPageSize();
      const table = readTable();
      const result = new Map<string, UsageNow>();
      for (const [spec, pid] of roots) {
        const tree = pid > 0 ? treeUsage(pid, table) : undefined;
        if (!tree) {
          previous.delete(spec);
          continue;
        }
        const before = previous.get(spec);
        // A new pid (restart) has no interval yet: its first CPU figure comes with the next sample.
        const cpu = before && before.pid === pid ? cpuPercent(before.ticks, tree.cpuTicks, at - before.at) : 0;
        previous.set(spec, { pid, ticks: tree.cpuTicks, at });
        const now: UsageNow = { at, cpu: Math.round(cpu * 10) / 10, rssBytes: tree.rssPages * pageSize, pids: tree.pids.length };
        result.set(spec, now);
        const list = points.get(spec) ?? [];
        list.push({ at, cpu: now.cpu, rssBytes: now.rssBytes });
        if (list.length > HISTORY_POINTS) list.splice(0, list.length - HISTORY_POINTS);
        points.set(spec, list);
      }
      for (const spec of points.keys()) if (!roots.has(spec)) points.delete(spec);
      return result;
    },
    history() {
      return Object.fromEntries(points);
    },
  };
}
