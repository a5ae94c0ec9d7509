/**
 * What /metrics says, as data: a snapshot of the daemon (plain values, read by metrics-collect.ts)
 * in, metric families out. Pure, so the names, types and labels are pinned by table tests.
 *
 * Two sets of names:
 *   svwiz_*              this daemon's own families (states one-hot, counters, usage, pools)
 *   node_supervisord_*   the families node_exporter's supervisord collector (and ochinchina's
 *                        supervisord, which exposes the same ones) publish, with the same types
 *                        and the labels name and group, so existing dashboards and alerts work
 *                        when svwizd replaces supervisord (or its exporter). node_supervisord_uptime
 *                        is node_exporter's older name (before start_time_seconds), kept for
 *                        older dashboards.
 */
import { ProcessState, type ProcessStateName } from '../../protocol/states.js';
import type { MetricFamily, Sample } from './prometheus-text.js';

export interface ProcessSnapshot {
  group: string;
  name: string;
  state: ProcessStateName;
  /** Epoch seconds of the last spawn; 0 = never started. */
  startedAt: number;
  exitStatus: number;
  spawns: number;
  expectedExits: number;
  unexpectedExits: number;
  /** The live process tree's usage; absent when no child is alive. */
  usage?: { cpuSeconds: number; rssBytes: number; processes: number };
  /** Health-check verdict: true until a check says otherwise (no check = healthy). */
  healthy: boolean;
}

export interface PoolSnapshot {
  pool: string;
  queued: number;
  bufferSize: number;
  dropped: number;
}

export interface DaemonSnapshot {
  version: string;
  pid: number;
  identifier: string;
  /** supervisor.getState's code (1 RUNNING, 0 RESTARTING, -1 SHUTDOWN, 2 FATAL). */
  stateCode: number;
  /** Epoch seconds the daemon process started, and now. */
  startedAt: number;
  now: number;
  processes: readonly ProcessSnapshot[];
  pools: readonly PoolSnapshot[];
}

/** node_exporter's notion of "up": the process has (or is about to have, or still has) a child. */
const UP_STATES: ReadonlySet<ProcessStateName> = new Set(['STARTING', 'RUNNING', 'STOPPING']);
const STATE_NAMES = Object.keys(ProcessState) as ProcessStateName[];

type Labels = Record<string, string>;

function family(name: string, type: MetricFamily['type'], help: string, samples: Sample[]): MetricFamily {
  return { name, type, help, samples };
}

function perProcess(processes: readonly ProcessSnapshot[], value: (p: ProcessSnapshot) => number | undefined, labels: (p: ProcessSnapshot) => Labels): Sample[] {
  const samples: Sample[] = [];
  for (const process of processes) {
    const v = value(process);
    if (v !== undefined) samples.push({ labels: labels(process), value: v });
  }
  return samples;
}

export function buildMetricFamilies(snapshot: DaemonSnapshot): MetricFamily[] {
  const ps = snapshot.processes;
  const ours = (p: ProcessSnapshot): Labels => ({ group: p.group, name: p.name });
  // node_exporter declares its labels as name, group (that order is what its output shows).
  const theirs = (p: ProcessSnapshot): Labels => ({ name: p.name, group: p.group });
  const up = (p: ProcessSnapshot) => (UP_STATES.has(p.state) ? 1 : 0);
  const uptime = (p: ProcessSnapshot) => Math.max(0, snapshot.now - p.startedAt);

  const stateSamples: Sample[] = [];
  for (const p of ps) for (const state of STATE_NAMES) stateSamples.push({ labels: { ...ours(p), state }, value: p.state === state ? 1 : 0 });
  const exitSamples: Sample[] = [];
  for (const p of ps) {
    exitSamples.push({ labels: { ...ours(p), expected: 'true' }, value: p.expectedExits });
    exitSamples.push({ labels: { ...ours(p), expected: 'false' }, value: p.unexpectedExits });
  }

  return [
    family('svwiz_daemon_info', 'gauge', 'The daemon: svwiz version, pid and [supervisord] identifier (always 1).', [
      { labels: { version: snapshot.version, pid: String(snapshot.pid), identifier: snapshot.identifier }, value: 1 },
    ]),
    family('svwiz_daemon_state', 'gauge', 'The daemon state as supervisor.getState numbers it (1 RUNNING, 0 RESTARTING, -1 SHUTDOWN, 2 FATAL).', [
      { value: snapshot.stateCode },
    ]),
    family('svwiz_daemon_start_time_seconds', 'gauge', 'When the daemon process started, in seconds since the epoch.', [{ value: snapshot.startedAt }]),
    family('svwiz_daemon_uptime_seconds', 'gauge', 'Seconds since the daemon process started.', [{ value: Math.max(0, snapshot.now - snapshot.startedAt) }]),
    family('svwiz_process_state', 'gauge', 'Process state: 1 for the state the process is in, 0 for the others.', stateSamples),
    family('svwiz_process_state_code', 'gauge', 'Process state as Supervisor numbers it (0 STOPPED, 10 STARTING, 20 RUNNING, 30 BACKOFF, 40 STOPPING, 100 EXITED, 200 FATAL, 1000 UNKNOWN).',
      perProcess(ps, (p) => ProcessState[p.state], ours)),
    family('svwiz_process_up', 'gauge', '1 while the process is STARTING, RUNNING or STOPPING, else 0.', perProcess(ps, up, ours)),
    family('svwiz_process_start_time_seconds', 'gauge', 'When the process was last spawned, in seconds since the epoch (0: never).', perProcess(ps, (p) => p.startedAt, ours)),
    family('svwiz_process_spawns_total', 'counter', 'Children spawned for this process since the daemon started.', perProcess(ps, (p) => p.spawns, ours)),
    family('svwiz_process_restarts_total', 'counter', 'Spawns after the first one (automatic and requested restarts) since the daemon started.',
      perProcess(ps, (p) => Math.max(0, p.spawns - 1), ours)),
    family('svwiz_process_exits_total', 'counter', 'Child exits since the daemon started; expected="true" for an exit code in exitcodes or a requested stop.', exitSamples),
    family('svwiz_process_exit_status', 'gauge', 'Exit status of the last exit (0 before any).', perProcess(ps, (p) => p.exitStatus, ours)),
    family('svwiz_process_cpu_seconds_total', 'counter', 'CPU time (user + system) of the live process tree, read from /proc at scrape time.',
      perProcess(ps, (p) => p.usage?.cpuSeconds, ours)),
    family('svwiz_process_resident_memory_bytes', 'gauge', 'Resident memory of the live process tree (sum over its processes), read from /proc at scrape time.',
      perProcess(ps, (p) => p.usage?.rssBytes, ours)),
    family('svwiz_process_tree_processes', 'gauge', 'Processes in the live process tree.', perProcess(ps, (p) => p.usage?.processes, ours)),
    family('svwiz_process_healthy', 'gauge', '1 while the health check passes (or the process has none), 0 while it fails.', perProcess(ps, (p) => (p.healthy ? 1 : 0), ours)),
    family('svwiz_eventlistener_queue_length', 'gauge', 'Events waiting in an event listener pool.', snapshot.pools.map((p) => ({ labels: { pool: p.pool }, value: p.queued }))),
    family('svwiz_eventlistener_buffer_size', 'gauge', 'The pool\'s buffer_size (events beyond it are dropped, oldest first).',
      snapshot.pools.map((p) => ({ labels: { pool: p.pool }, value: p.bufferSize }))),
    family('svwiz_eventlistener_dropped_events_total', 'counter', 'Events discarded because the pool\'s buffer was full.',
      snapshot.pools.map((p) => ({ labels: { pool: p.pool }, value: p.dropped }))),
    family('node_supervisord_up', 'gauge', '1 while the process is STARTING, RUNNING or STOPPING (name used by node_exporter\'s supervisord collector).', perProcess(ps, up, theirs)),
    family('node_supervisord_state', 'gauge', 'Supervisor\'s state number of the process (node_exporter\'s name).', perProcess(ps, (p) => ProcessState[p.state], theirs)),
    family('node_supervisord_exit_status', 'gauge', 'Exit status of the last exit (node_exporter\'s name).', perProcess(ps, (p) => p.exitStatus, theirs)),
    // As node_exporter: a counter, and only for a process that is up.
    family('node_supervisord_start_time_seconds', 'counter', 'When the running process was spawned, in seconds since the epoch; only for a process that is up (node_exporter\'s name).', perProcess(ps, (p) => (up(p) ? p.startedAt : undefined), theirs)),
    family('node_supervisord_uptime', 'gauge', 'Seconds since the running process was spawned; only for a process that is up (older node_exporter name).', perProcess(ps, (p) => (up(p) ? uptime(p) : undefined), theirs)),
  ];
}
