/**
 * `memory_limit` (issue 17, superlance memmon's job without an event listener): the resident
 * memory of a running program's whole process tree is sampled from /proc every
 * `memory_limit_check_period` seconds, and a tree above the limit is restarted. Only programs
 * with the key have a timer; one sample is one pass over /proc/[pid]/stat.
 */
import { readPageSize, readProcUsageTable, treeUsage } from '../system/proc-stats.js';

/** Resident bytes of the tree rooted at pid, or undefined when it is gone. */
export function treeRssBytes(pid: number, pageSize: number): number | undefined {
  const tree = treeUsage(pid, readProcUsageTable());
  return tree ? tree.rssPages * pageSize : undefined;
}

/** `212.4 MB`: bytes in the units memory_limit is written in. */
export function formatBytes(bytes: number): string {
  const units: [string, number][] = [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ];
  for (const [unit, size] of units) if (bytes >= size) return `${(bytes / size).toFixed(1)} ${unit}`;
  return `${bytes} B`;
}

export interface MemoryCheckTarget {
  readonly name: string;
  readonly pid: number;
}

/**
 * One periodic check of one process: `over(rss)` is called when the tree holds more than the
 * limit. The timer runs only between start() and stop() (the process is STARTING or RUNNING).
 */
export class MemoryLimitCheck {
  private timer: NodeJS.Timeout | undefined;
  private static pageSize: number | undefined;

  constructor(
    private readonly target: MemoryCheckTarget,
    readonly limitBytes: number,
    private readonly periodSeconds: number,
    private readonly over: (rssBytes: number) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), this.periodSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    if (!this.target.pid) return;
    MemoryLimitCheck.pageSize ??= readPageSize();
    const rss = treeRssBytes(this.target.pid, MemoryLimitCheck.pageSize);
    if (rss !== undefined && rss > this.limitBytes) this.over(rss);
  }
}
