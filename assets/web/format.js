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

export function pidText(info) {
  return info.pid > 0 ? String(info.pid) : '—';
}

export function exitText(info) {
  if (info.stop === 0 || ['RUNNING', 'STARTING'].includes(info.statename)) return '—';
  return String(info.exitstatus);
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
