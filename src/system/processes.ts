/**
 * Live processes read from /proc: parsing is pure, reading is thin. PID 1 on some machines does
 * not reap orphans, so a zombie counts as gone everywhere here.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { parseDaemonArgs, type DaemonArgs } from '../protocol/supervisord-args.js';

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
}

export interface ProcessFacts extends ProcStat {
  uid: number;
  argv: string[];
}

/** Parse /proc/PID/stat; comm may itself contain spaces and parentheses, so split at the last ')'. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 2).split(' ');
  if (!Number.isInteger(pid) || rest.length < 2) return undefined;
  return { pid, comm: text.slice(open + 1, close), state: rest[0]!, ppid: Number(rest[1]) };
}

/** Real uid from /proc/PID/status (`Uid:	real	effective	saved	fs`). */
export function parseStatusUid(text: string): number | undefined {
  const match = /^Uid:\s+(\d+)/m.exec(text);
  return match ? Number(match[1]) : undefined;
}

export function parseCmdline(text: string): string[] {
  const parts = text.split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

function procDir(procRoot: string, pid: number): string {
  return path.join(procRoot, String(pid));
}

export function readProcess(pid: number, procRoot = '/proc'): ProcessFacts | undefined {
  try {
    const stat = parseProcStat(readFileSync(path.join(procDir(procRoot, pid), 'stat'), 'utf8'));
    if (!stat) return undefined;
    const uid = parseStatusUid(readFileSync(path.join(procDir(procRoot, pid), 'status'), 'utf8')) ?? -1;
    let argv: string[] = [];
    try {
      argv = parseCmdline(readFileSync(path.join(procDir(procRoot, pid), 'cmdline'), 'utf8'));
    } catch {
      // kernel threads and vanished processes have no readable cmdline
    }
    return { ...stat, uid, argv };
  } catch {
    return undefined;
  }
}

export function listPids(procRoot = '/proc'): number[] {
  try {
    return readdirSync(procRoot)
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

export function listProcesses(procRoot = '/proc'): ProcessFacts[] {
  const result: ProcessFacts[] = [];
  for (const pid of listPids(procRoot)) {
    const facts = readProcess(pid, procRoot);
    if (facts) result.push(facts);
  }
  return result;
}

/** True while the process exists and is not a zombie. */
export function isPidAlive(pid: number, procRoot = '/proc'): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    const stat = parseProcStat(readFileSync(path.join(procDir(procRoot, pid), 'stat'), 'utf8'));
    return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
  } catch {
    return false;
  }
}

/** Seconds since the process started (from /proc/PID/stat field 22 and /proc/uptime; 100 ticks/s, Linux's USER_HZ). */
export function processAgeSeconds(pid: number, procRoot = '/proc'): number | undefined {
  try {
    const stat = readFileSync(path.join(procDir(procRoot, pid), 'stat'), 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = Number(fields[19]);
    const uptime = Number(readFileSync(path.join(procRoot, 'uptime'), 'utf8').split(' ')[0]);
    return Number.isFinite(startTicks) && Number.isFinite(uptime) ? uptime - startTicks / 100 : undefined;
  } catch {
    return undefined;
  }
}

export interface SupervisorProcess {
  pid: number;
  uid: number;
  backend: 'supervisord' | 'svwizd';
  /**
   * The config it runs on: its `-c`/`--configuration` made absolute against its cwd, or without -c
   * the file Supervisor's search order finds from there; argv's word as given when the cwd is unreadable.
   */
  configFile?: string;
  argv: string[];
}

/**
 * Recognise a supervisor in an argv: Python's supervisord (`python3 /usr/bin/supervisord …` or the
 * script itself) or svwizd (`node …/svwizd.js …`). Pure, for table tests.
 */
export function classifySupervisorArgv(
  argv: string[],
): { backend: 'supervisord' | 'svwizd'; script: string; configArg?: string; infoOnly?: true } | undefined {
  const index = argv.findIndex((arg, i) => i < 3 && /(^|\/)(supervisord|svwizd)(\.js)?$/.test(arg));
  if (index < 0) return undefined;
  const script = argv[index]!;
  const backend = script.includes('svwizd') ? 'svwizd' : 'supervisord';
  // The one supervisord getopt parser (protocol/supervisord-args), so `-nc FILE` reads as supervisord reads it.
  let parsed: DaemonArgs = {};
  try {
    parsed = parseDaemonArgs(argv.slice(index + 1), { lenient: true });
  } catch {
    // a flag missing its value (`-c` last): supervisord would not have started
  }
  const configArg = parsed.configFile;
  const infoOnly = Boolean(parsed.version || parsed.help);
  // `supervisord --version` (run by installers and our own detection) prints and exits: no daemon.
  return infoOnly ? { backend, script, configArg, infoOnly } : { backend, script, configArg };
}

/**
 * `findDefaultConfig` is Supervisor's search order (config/discover owns it; this layer sits below
 * config, so the caller hands it in).
 */
export function findSupervisorProcesses(
  findDefaultConfig: (script: string, cwd: string) => string | undefined,
  procRoot = '/proc',
): SupervisorProcess[] {
  const found: (SupervisorProcess & { ppid: number })[] = [];
  for (const proc of listProcesses(procRoot)) {
    if (proc.state === 'Z') continue;
    const kind = classifySupervisorArgv(proc.argv);
    if (!kind || kind.infoOnly) continue;
    let configFile = kind.configArg;
    try {
      const cwd = readlinkCwd(proc.pid, procRoot);
      // Without -c the daemon took the first file of Supervisor's search order, seen from its cwd.
      configFile = configFile === undefined ? findDefaultConfig(kind.script, cwd) : path.resolve(cwd, configFile);
    } catch {
      // cwd unreadable (another user's daemon, or it just exited): keep what argv says
    }
    found.push({ pid: proc.pid, uid: proc.uid, backend: kind.backend, configFile, argv: proc.argv, ppid: proc.ppid });
  }
  // Between fork and exec a supervisor's child still shows the supervisor's argv: not a second daemon.
  const pids = new Set(found.map((p) => p.pid));
  return found.filter((p) => !pids.has(p.ppid)).map(({ ppid: _ppid, ...rest }) => rest);
}

function readlinkCwd(pid: number, procRoot: string): string {
  return readlinkSync(path.join(procDir(procRoot, pid), 'cwd'));
}
