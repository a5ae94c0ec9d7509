/** Pure formatting of daemon data for display (no DOM). */

/** Supervisor's namespec: "group:name" unless the process is alone in a group of its own name. */
export function namespec(info) {
  return info.group === info.name ? info.name : `${info.group}:${info.name}`;
}

/** Elapsed seconds like Python's timedelta text, as Supervisor prints uptimes: "1 day, 2:03:04". */
export function formatDuration(totalSeconds) {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(seconds / 86400);
  const rest = seconds % 86400;
  const clock = `${Math.floor(rest / 3600)}:${String(Math.floor((rest % 3600) / 60)).padStart(2, '0')}:${String(rest % 60).padStart(2, '0')}`;
  return days > 0 ? `${days} day${days === 1 ? '' : 's'}, ${clock}` : clock;
}

export function uptimeText(info) {
  return info.statename === 'RUNNING' && info.start > 0 ? formatDuration(info.now - info.start) : '—';
}

/**
 * Supervisor's description, with a RUNNING process's uptime kept current: the daemon pushes the
 * list only on changes, and its "pid N, uptime H:MM:SS" would otherwise freeze between pushes.
 */
export function descriptionText(info) {
  // Only the uptime is replaced: what svwizd appends after it (a failing liveness check) stays.
  const uptime = /^pid \d+, uptime (\d+ days?, )?\d+:\d\d:\d\d/.exec(info.description);
  if (info.statename === 'RUNNING' && uptime) return `pid ${info.pid}, uptime ${uptimeText(info)}${info.description.slice(uptime[0].length)}`;
  return info.description;
}

export function pidText(info) {
  return info.pid > 0 ? String(info.pid) : '—';
}

/** "5 s ago", "3 min ago", "2 h ago", "4 days ago". */
export function agoText(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  const days = Math.floor(s / 86400);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/**
 * How the last child ended: "SIGTERM, expected" / "exit 1, unexpected". Supervisor's exitstatus is
 * -1 for every death by signal (and stays 0 before any exit), so it alone would show a normal
 * stop as "exit -1": the live feed's lastExit carries the real code or signal.
 */
export function exitText(info) {
  const last = info.lastExit;
  if (last) return `${last.signal ?? `exit ${last.code}`}, ${last.expected ? 'expected' : 'unexpected'}`;
  if (info.stop === 0 || info.exitstatus < 0 || ['RUNNING', 'STARTING'].includes(info.statename)) return '—';
  return `exit ${info.exitstatus}`;
}

/** When the last exit was, relative to the daemon's clock `nowSeconds` ('' when none). */
export function exitWhenText(info, nowSeconds) {
  return info.lastExit ? agoText(nowSeconds - info.lastExit.at) : '';
}

export function restartsText(info) {
  return typeof info.restarts === 'number' ? String(info.restarts) : '—';
}

/** Bytes as people read memory sizes: "812 KB", "12.4 MB", "1.2 GB" (binary units, as top). */
export function bytesText(bytes) {
  if (!(bytes >= 0)) return '—';
  if (bytes < 1024 ** 2) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

export function cpuText(percent) {
  if (!(percent >= 0)) return '—';
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)} %`;
}

/** Colour family of a state badge. */
export function stateTone(statename) {
  switch (statename) {
    case 'RUNNING':
      return 'ok';
    case 'STARTING':
    case 'STOPPING':
    case 'BACKOFF':
    case 'RESTARTING':
      return 'busy';
    case 'FATAL':
    case 'UNKNOWN':
    case 'SHUTDOWN':
      return 'bad';
    default:
      return 'idle';
  }
}

/** Which actions make sense in a state (Supervisor answers the others with a fault). */
export function allowedActions(statename) {
  const running = ['RUNNING', 'STARTING', 'BACKOFF'].includes(statename);
  const stopped = ['STOPPED', 'EXITED', 'FATAL'].includes(statename);
  return {
    start: stopped,
    stop: running,
    restart: running || stopped,
    signal: ['RUNNING', 'STARTING', 'STOPPING'].includes(statename),
    clear: true,
  };
}

const FAULT_TEXT = {
  10: 'no such process',
  11: 'bad signal name',
  20: 'no such file',
  21: 'file is not executable',
  30: 'failed',
  40: 'abnormal termination',
  50: 'spawn error',
  60: 'already started',
  70: 'not running',
  6: 'daemon is shutting down',
};

/** supervisorctl's wording for a fault, or the error's own message. */
export function errorText(error) {
  if (error && typeof error.code === 'number' && error.name === 'RpcFault') {
    return FAULT_TEXT[error.code] ?? error.text;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whose fault a failed request is, for the banner. fetch() rejects with a TypeError both when
 * the connection fails ("Failed to fetch") and when the browser itself refuses to build the
 * request (a URL with credentials, a blocked scheme); only an HTTP status or a fault comes from
 * the daemon. The browser's own refusals must never read as "cannot reach the daemon".
 */
export function failureOf(error) {
  if (error && error.name === 'HttpError') {
    const status = error.status;
    if (status === 401) return { source: 'auth', text: 'The daemon no longer accepts this password (HTTP 401): reload the page to log in again.' };
    return { source: 'daemon', text: `The daemon answered with an error: ${error.message}.` };
  }
  if (error && error.name === 'RpcFault') return { source: 'daemon', text: `The daemon refused: ${errorText(error)}.` };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TypeError && /failed to fetch|networkerror|load failed|network error|network connection/i.test(message)) {
    return { source: 'network', text: 'No answer from the daemon (the connection failed: it may be restarting or the network is down). Retrying…' };
  }
  return { source: 'browser', text: `This browser refused to send the page's request (${message}). That is a problem of the page, not of the daemon.` };
}

/** Failures in a group/all result array (status 80 = SUCCESS), as "name: reason" texts. */
export function failedResults(results) {
  if (!Array.isArray(results)) return [];
  return results
    .filter((result) => result.status !== 80)
    .map((result) => `${namespec(result)}: ${FAULT_TEXT[result.status] ?? result.description}`);
}

/** Group processes by group name, keeping the daemon's order. */
export function groupProcesses(infos) {
  const groups = new Map();
  for (const info of infos) {
    if (!groups.has(info.group)) groups.set(info.group, []);
    groups.get(info.group).push(info);
  }
  return groups;
}

/** A group gets its own header (and group buttons) when it is a real [group:] or numprocs set. */
export function isRealGroup(group, members) {
  return members.length > 1 || members.some((info) => info.name !== group);
}

export function matchesFilter(info, filter) {
  if (!filter) return true;
  const needle = filter.toLowerCase();
  return info.name.toLowerCase().includes(needle) || info.group.toLowerCase().includes(needle) || info.statename.toLowerCase().includes(needle);
}

/**
 * The question before clearing logs. Supervisor's clearProcessLogs empties both channels at
 * once (there is no per-channel clear), so the question names both files.
 */
export function clearLogsQuestion(spec, info) {
  const file = (path) => (path ? path : 'no log file');
  return [
    `Clear the logs of ${spec}?`,
    '',
    `This empties BOTH of its log files:`,
    `  stdout: ${file(info?.stdout_logfile)}`,
    `  stderr: ${file(info?.stderr_logfile)}`,
    '',
    'What they hold now is lost (rotated backups stay).',
  ].join('\n');
}
