/**
 * Reads the running daemon into a DaemonSnapshot, at scrape time and only then: no timer, no
 * subscription, so an idle daemon nobody scrapes does no work for metrics. One pass over
 * /proc/[pid]/stat (proc-stats.ts) gives every process tree's CPU ticks and resident pages.
 */
import { TICKS_PER_SECOND, readPageSize, readProcUsageTable, treeUsage, type ProcUsage } from '../../system/proc-stats.js';
import type { ProcessStateName } from '../../protocol/states.js';
import type { DaemonSnapshot, PoolSnapshot, ProcessSnapshot } from './metrics-model.js';

/** What metrics read of a supervised process (SupervisedProcess satisfies it). */
export interface MetricsProcess {
  readonly name: string;
  readonly groupName: string;
  readonly state: ProcessStateName;
  readonly pid: number;
  /** Epoch seconds of the last spawn (0 = never). */
  readonly laststart: number;
  readonly exitstatus: number | null;
}

/** What metrics read of the running supervisor (Supervisor satisfies it). */
export interface MetricsSupervisor {
  readonly groups: ReadonlyMap<string, { readonly processes: ReadonlyMap<string, MetricsProcess> }>;
  readonly pools: ReadonlyMap<string, { readonly settings: { readonly name: string; readonly bufferSize: number }; readonly buffered: readonly unknown[]; readonly droppedEvents: number }>;
  readonly tally: { of(group: string, name: string): { spawns: number; expectedExits: number; unexpectedExits: number } };
  readonly config: { readonly supervisord: { readonly identifier: string } };
  readonly moodCode: number;
  /** A liveness check's verdict on a process: false while it fails, undefined without a check (counts as healthy). */
  healthOf?(process: MetricsProcess): boolean | undefined;
}

export interface CollectOptions {
  version: string;
  /** Epoch seconds the daemon process started. */
  startedAt: number;
  now?: number;
  readTable?: () => ReadonlyMap<number, ProcUsage>;
  pageSize?: number;
}

export function collectDaemonSnapshot(supervisor: MetricsSupervisor, options: CollectOptions): DaemonSnapshot {
  const processes: ProcessSnapshot[] = [];
  const all: MetricsProcess[] = [];
  for (const group of supervisor.groups.values()) for (const process of group.processes.values()) all.push(process);
  // /proc is read only when some process has a child to measure.
  const table = all.some((p) => p.pid > 0) ? (options.readTable ?? readProcUsageTable)() : undefined;
  const pageSize = table ? (options.pageSize ?? readPageSize()) : 0;
  for (const process of all) {
    const counts = supervisor.tally.of(process.groupName, process.name);
    const tree = table && process.pid > 0 ? treeUsage(process.pid, table) : undefined;
    processes.push({
      group: process.groupName,
      name: process.name,
      state: process.state,
      startedAt: process.laststart,
      exitStatus: process.exitstatus ?? 0,
      spawns: counts.spawns,
      expectedExits: counts.expectedExits,
      unexpectedExits: counts.unexpectedExits,
      usage: tree && { cpuSeconds: tree.cpuTicks / TICKS_PER_SECOND, rssBytes: tree.rssPages * pageSize, processes: tree.pids.length },
      healthy: supervisor.healthOf?.(process) ?? true,
    });
  }
  processes.sort((a, b) => (a.group === b.group ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.group < b.group ? -1 : 1));
  const pools: PoolSnapshot[] = [...supervisor.pools.values()].map((pool) => ({
    pool: pool.settings.name,
    queued: pool.buffered.length,
    bufferSize: pool.settings.bufferSize,
    dropped: pool.droppedEvents,
  }));
  return {
    version: options.version,
    pid: process.pid,
    identifier: supervisor.config.supervisord.identifier,
    stateCode: supervisor.moodCode,
    startedAt: options.startedAt,
    now: options.now ?? Date.now() / 1000,
    processes,
    pools,
  };
}
