/** getProcessInfo / getAllConfigInfo structs, built exactly as Supervisor 4.2.5 builds them (3.4, 3.5). */
import type { ProcessConfig } from '../config/types.js';
import type { ConfigInfo, ProcessInfo } from '../protocol/types.js';
import { ProcessState, type ProcessStateName } from '../protocol/states.js';
import { pacedRestartText } from './restart-pacing.js';
import { signalNumber } from './signal-names.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const INT32_MAX = 2 ** 31 - 1;

/** Python's str(timedelta) for whole seconds: `0:00:12`, `1 day, 2:03:04`, `3 days, …`. */
export function formatUptime(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const days = Math.floor(total / 86400);
  const rest = total % 86400;
  const clock = `${Math.floor(rest / 3600)}:${String(Math.floor((rest % 3600) / 60)).padStart(2, '0')}:${String(rest % 60).padStart(2, '0')}`;
  return days > 0 ? `${days} day${days === 1 ? '' : 's'}, ${clock}` : clock;
}

/** strftime('%b %d %I:%M %p') in local time, C locale. */
export function formatStopTime(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const hour12 = date.getHours() % 12 === 0 ? 12 : date.getHours() % 12;
  return `${MONTHS[date.getMonth()]} ${String(date.getDate()).padStart(2, '0')} ${String(hour12).padStart(2, '0')}:${String(
    date.getMinutes(),
  ).padStart(2, '0')} ${date.getHours() < 12 ? 'AM' : 'PM'}`;
}

export interface ProcessSnapshot {
  name: string;
  group: string;
  state: ProcessStateName;
  pid: number;
  laststart: number;
  laststop: number;
  spawnerr: string | null;
  exitstatus: number | null;
  stdoutLogfile: string | null;
  stderrLogfile: string | null;
  /** A paced restart waits (see restart-pacing.ts): when it spawns, and the crashes in a row. */
  pendingRestart?: { at: number; crashStreak: number };
  /** Restarts made for memory_limit (issue 17); shown in the description when any. */
  memoryLimitRestarts?: number;
  /** A program with a liveness check (issue 17): its state and the words status shows. */
  health?: { state: string; failures: number; text: string; restarts: number };
  /** depends_on (issue 17): STARTING without a child, waiting for these processes. */
  waitingFor?: string[];
}

export function describeProcess(info: { state: number; start: number; stop: number; now: number; pid: number; spawnerr: string; name: string }): string {
  if (info.state === ProcessState.RUNNING) {
    // Supervisor diffs whole-second UTC datetimes.
    return `pid ${info.pid}, uptime ${formatUptime(Math.floor(info.now) - Math.floor(info.start))}`;
  }
  if (info.state === ProcessState.FATAL || info.state === ProcessState.BACKOFF) {
    return info.spawnerr || `unknown error (try "tail ${info.name}")`;
  }
  if (info.state === ProcessState.STOPPED || info.state === ProcessState.EXITED) {
    return info.start ? formatStopTime(info.stop) : 'Not started';
  }
  return '';
}

const cappedInt = (value: number): number => Math.min(Math.floor(value), INT32_MAX);

export function processInfo(snapshot: ProcessSnapshot, nowSeconds = Date.now() / 1000): ProcessInfo {
  const stdout = snapshot.stdoutLogfile ?? '';
  const base = {
    name: snapshot.name,
    group: snapshot.group,
    start: cappedInt(snapshot.laststart),
    stop: cappedInt(snapshot.laststop),
    now: cappedInt(nowSeconds),
    state: ProcessState[snapshot.state],
    statename: snapshot.state,
    spawnerr: snapshot.spawnerr ?? '',
    exitstatus: snapshot.exitstatus ?? 0,
    logfile: stdout,
    stdout_logfile: stdout,
    stderr_logfile: snapshot.stderrLogfile ?? '',
    pid: snapshot.pid,
  };
  const memory = snapshot.memoryLimitRestarts ? `, restarted ${snapshot.memoryLimitRestarts} times for memory_limit` : '';
  const health = snapshot.health;
  const healthWords = [
    health?.restarts ? `restarted ${health.restarts} times for its liveness check` : '',
    snapshot.state === 'RUNNING' ? (health?.text ?? '') : '',
  ].filter(Boolean);
  // Our addition: a process waiting for depends_on says for what (Supervisor has no such wait).
  const waiting = snapshot.waitingFor && snapshot.state === 'STARTING' ? `waiting for ${snapshot.waitingFor.join(', ')} (depends_on)` : '';
  const description = (waiting || describeProcess(base)) + memory + healthWords.map((words) => `, ${words}`).join('');
  // Our addition, only for programs with a check: supervisorctl reads fields by name, so extra ones are harmless.
  if (health) Object.assign(base, { health: snapshot.state === 'RUNNING' ? health.state : 'unknown', health_failures: health.failures });
  // Our addition: an EXITED program waiting out a paced restart says when the next attempt comes.
  const pending = snapshot.pendingRestart;
  if (!pending || snapshot.state !== 'EXITED') return { ...base, description };
  return { ...base, description: `${description}, ${pacedRestartText(Math.max(0, pending.at - nowSeconds), pending.crashStreak)}` };
}

/**
 * One getAllConfigInfo element. `active` carries the resolved log paths when the group is in use
 * (Supervisor shows the real AUTO name then, `auto` before the group is added).
 */
export function configInfo(
  process: ProcessConfig,
  group: { name: string; priority: number },
  inuse: boolean,
  resolvedLogs?: { stdout: string | null; stderr: string | null },
): ConfigInfo {
  const logValue = (configured: string | null, resolved: string | null | undefined): string => {
    if (configured === 'AUTO') return resolved ?? 'auto';
    return configured ?? 'none';
  };
  return {
    autostart: process.autostart,
    directory: process.directory ?? 'none',
    uid: process.uid ?? 'none',
    command: process.command,
    exitcodes: process.exitcodes,
    group: group.name,
    group_prio: group.priority,
    inuse,
    killasgroup: process.killasgroup,
    name: process.name,
    process_prio: process.priority,
    redirect_stderr: process.redirect_stderr,
    startretries: process.startretries,
    startsecs: process.startsecs,
    stdout_capture_maxbytes: process.stdout_capture_maxbytes,
    stdout_events_enabled: process.stdout_events_enabled,
    stdout_logfile: logValue(process.stdout_logfile, resolvedLogs?.stdout),
    stdout_logfile_backups: process.stdout_logfile_backups,
    stdout_logfile_maxbytes: process.stdout_logfile_maxbytes,
    stdout_syslog: process.stdout_syslog,
    stderr_capture_maxbytes: process.stderr_capture_maxbytes,
    stderr_events_enabled: process.stderr_events_enabled,
    stderr_logfile: logValue(process.stderr_logfile, resolvedLogs?.stderr),
    stderr_logfile_backups: process.stderr_logfile_backups,
    stderr_logfile_maxbytes: process.stderr_logfile_maxbytes,
    stderr_syslog: process.stderr_syslog,
    stopsignal: signalNumber(process.stopsignal) ?? 15,
    stopwaitsecs: process.stopwaitsecs,
    serverurl: process.serverurl && process.serverurl.toUpperCase() !== 'AUTO' ? process.serverurl : 'none',
  };
}
