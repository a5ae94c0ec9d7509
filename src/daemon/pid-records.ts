/**
 * The pidfile, and a small state file of the children this daemon started (pid + kernel start
 * time, so a recycled pid is not mistaken for a leftover). If a previous svwizd died without
 * stopping its children (kill -9, OOM), the next start reads the file and reports every child
 * still alive instead of silently starting duplicates next to them.
 */
import { readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';

export interface ChildRecord {
  pid: number;
  /** /proc/PID/stat starttime (clock ticks since boot). */
  starttime: string;
  name: string;
  group: string;
  /** What was exec'd: the program file and its argv (absent in records of svwizd 0.1). */
  filename?: string;
  argv?: string[];
}

export interface StateRecord {
  daemonPid: number;
  /** The daemon's own /proc start time, so a recycled daemon pid is not taken for a live daemon. */
  daemonStart?: string;
  children: ChildRecord[];
}

/** The state file lives next to the pidfile. */
export function stateFileFor(pidfile: string): string {
  return `${pidfile}.children.json`;
}

export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); starttime is field 22.
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return fields[19];
  } catch {
    return undefined;
  }
}

/** /proc/PID/cmdline as argv, or undefined when the process is gone or unreadable. */
export function processCommandLine(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return text.endsWith('\0') ? text.slice(0, -1).split('\0') : text.split('\0');
  } catch {
    return undefined;
  }
}

/**
 * Whether a live process still runs the command its record names. argv[0] is the configured word
 * or, after an exec wrapper (setpriv, the redirect_stderr shell), the resolved file.
 */
export function runsRecordedCommand(child: ChildRecord, cmdline: string[] | undefined): boolean {
  if (!cmdline || !child.argv || child.argv.length === 0) return false;
  if (cmdline.length !== child.argv.length) return false;
  if (cmdline[0] !== child.argv[0] && cmdline[0] !== child.filename) return false;
  return cmdline.slice(1).every((arg, index) => arg === child.argv![index + 1]);
}

export function writePidfile(file: string, pid = process.pid): void {
  writeFileSync(file, `${pid}\n`);
}

export function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // nothing to do
  }
}

export function writeStateRecord(file: string, record: StateRecord): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(record));
  renameSync(temp, file);
}

export function readStateRecord(file: string): StateRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as StateRecord;
    return Array.isArray(parsed.children) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Children of a previous daemon that are still the same processes (pid and start time match). */
export function leftoverChildren(record: StateRecord | undefined, selfPid = process.pid): ChildRecord[] {
  if (!record || record.daemonPid === selfPid) return [];
  const daemonStart = processStartTime(record.daemonPid);
  if (daemonStart !== undefined && (record.daemonStart === undefined || record.daemonStart === daemonStart)) {
    // The previous daemon is alive: its children are not leftovers (its socket makes start-up refuse).
    return [];
  }
  return record.children.filter((child) => processStartTime(child.pid) === child.starttime);
}
