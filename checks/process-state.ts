/**
 * `process-state`: programs in FATAL or BACKOFF, or that exited unexpectedly, with the tail of
 * their stderr and a diagnosis. When the cause belongs to another check (EACCES → log-permissions,
 * chdir → directory, …) this is a warning that points there; the fix restarts the program after
 * every other fix has been applied.
 */
import { logTextSince, unexpectedExits } from '../src/doctor/main-log-exits.js';
import { namespecOf } from '../src/doctor/program-facts.js';
import { supervisorActionStep } from '../src/doctor/supervisor-actions.js';
import { callSupervisor } from '../src/doctor/supervisor-rpc.js';
import type { Check, DoctorContext, Finding } from '../src/doctor/types.js';
import type { ProcessInfo } from '../src/protocol/types.js';

const DIAGNOSES: { pattern: RegExp; check: string; text: string }[] = [
  { pattern: /making dispatchers.*E(ACCES|PERM|NOENT|ISDIR)/, check: 'log-permissions', text: 'the daemon cannot open the log files' },
  { pattern: /couldn't chdir/, check: 'directory', text: 'directory= cannot be entered' },
  { pattern: /can't find command|is not executable|no permission to run|couldn't exec|is a directory|command is empty|can't parse command/, check: 'command', text: 'the command cannot be executed' },
  { pattern: /couldn't setuid|couldn't setgid|Can't drop privilege/, check: 'program-user', text: 'the user switch fails' },
  { pattern: /ModuleNotFoundError|No module named|error while loading shared libraries|Cannot find module|KeyError: '/, check: 'missing-env', text: 'the program misses environment variables' },
];

async function stderrTail(ctx: DoctorContext, info: ProcessInfo): Promise<string> {
  if (ctx.supervisor.rpc) {
    try {
      const [text] = await callSupervisor(ctx.supervisor.rpc, 'tailProcessStderrLog', namespecOf(info), 0, 2000);
      if (text) return text;
      const [out] = await callSupervisor(ctx.supervisor.rpc, 'tailProcessStdoutLog', namespecOf(info), 0, 2000);
      return out;
    } catch {
      // fall back to the file
    }
  }
  return info.stderr_logfile ? ctx.files.tail(info.stderr_logfile, 2000) : '';
}

/** How long, and how often, the check watches freshly (re)started programs for a crash loop. */
const CRASH_LOOP_WATCH_MS = 2500;
const CRASH_LOOP_POLL_MS = 100;
/** Enough of the main log for a 2.5 s watch, even at loglevel=debug with chatty programs. */
const MAIN_LOG_TAIL_BYTES = 64 * 1024;

/** States that are a finding in any one snapshot (an unexpected EXITED is one too). */
const FAILED_STATES = ['FATAL', 'BACKOFF', 'UNKNOWN'];

const exitsWith = (status: number) => `exits with status ${status} (not in exitcodes)`;

/** A program caught crash-looping: its latest snapshot and why its runs end. */
interface CrashLoop {
  info: ProcessInfo;
  /** `exits with status 3` or `is killed by SIGSEGV`. */
  exit: string;
}

/** What the watch has seen of one program. */
interface Watched {
  latest: ProcessInfo;
  pids: Set<number>;
  startedEXITED: boolean;
  unexpectedExit?: ProcessInfo;
  /** How many pids had been seen when the main log was last read for this program. */
  logReadAtPids?: number;
}

async function mainLogTail(ctx: DoctorContext): Promise<string> {
  try {
    return await callSupervisor(ctx.supervisor.rpc!, 'readLog', -MAIN_LOG_TAIL_BYTES, 0);
  } catch {
    return ''; // logfile=syslog, NONE, or unreadable: the snapshots alone decide
  }
}

/**
 * Programs that keep crashing and being restarted look RUNNING in most snapshots (both
 * supervisors report exitstatus 0 while a process runs), so one snapshot misses them. Programs
 * started in the last 10 s are watched for a short while: a program that is restarted during the
 * watch (a new pid) and whose run ended unexpectedly is crash-looping. The unexpected end is an
 * EXITED snapshot with a status outside exitcodes or, when the polls missed that (Python
 * supervisord restarts within milliseconds; on a busy machine a poll rarely lands in between), the
 * `exited: … not expected` lines the supervisor wrote to its main log during the watch.
 */
async function crashLooping(ctx: DoctorContext, infos: ProcessInfo[], isUnexpectedExit: (info: ProcessInfo) => boolean): Promise<CrashLoop[]> {
  const rpc = ctx.supervisor.rpc;
  const key = (info: ProcessInfo) => `${info.group}:${info.name}`;
  const watched = new Map<string, Watched>();
  for (const info of infos) {
    if (!(info.start > 0 && info.now - info.start < 10)) continue;
    const exited = isUnexpectedExit(info);
    watched.set(key(info), { latest: info, pids: new Set(info.pid > 0 ? [info.pid] : []), startedEXITED: exited, unexpectedExit: exited ? info : undefined });
  }
  if (watched.size === 0 || !rpc) return [];
  const restarted = (w: Watched) => w.pids.size >= 2 || (w.startedEXITED && w.pids.size >= 1);
  const logBefore = await mainLogTail(ctx);
  const loops = new Map<string, CrashLoop>();
  const deadline = Date.now() + CRASH_LOOP_WATCH_MS;
  while (Date.now() < deadline && loops.size < watched.size) {
    await new Promise((resolve) => setTimeout(resolve, CRASH_LOOP_POLL_MS));
    let now: ProcessInfo[];
    try {
      now = await callSupervisor(rpc, 'getAllProcessInfo');
    } catch {
      return [];
    }
    for (const info of now) {
      const w = watched.get(key(info));
      if (!w) continue;
      w.latest = info;
      if (info.pid > 0) w.pids.add(info.pid);
      if (isUnexpectedExit(info)) w.unexpectedExit = info;
    }
    let logSince: string | undefined;
    for (const [id, w] of watched) {
      if (loops.has(id) || !restarted(w)) continue;
      if (w.unexpectedExit) {
        loops.set(id, { info: w.unexpectedExit, exit: exitsWith(w.unexpectedExit.exitstatus) });
        continue;
      }
      // The supervisor logs an exit before it spawns again: one read per new pid is enough.
      if (w.logReadAtPids === w.pids.size) continue;
      w.logReadAtPids = w.pids.size;
      logSince ??= logTextSince(logBefore, await mainLogTail(ctx));
      const last = unexpectedExits(logSince, w.latest.name).at(-1);
      if (last) loops.set(id, { info: w.latest, exit: last.status !== undefined ? exitsWith(last.status) : `is killed by ${last.signal}` });
    }
  }
  return [...loops.values()];
}

/** The namespec the fix restarts. */
interface RestartFixData {
  name: string;
}

export const processStateCheck: Check<RestartFixData> = {
  id: 'process-state',
  title: 'Programs are running',
  area: 'programs',
  fixOrder: 100,
  appliesTo: (ctx) => (ctx.supervisor.rpc ? true : 'no supervisor answers'),
  async run(ctx) {
    // getProcessInfo does not say whether an exit was expected: compare with the program's exitcodes.
    const lastExitUnexpected = (info: ProcessInfo) => {
      const config = ctx.config?.processes.find((p) => p.group === info.group && p.name === info.name);
      return !(config?.exitcodes ?? [0]).includes(info.exitstatus);
    };
    const unexpectedExit = (info: ProcessInfo) => info.statename === 'EXITED' && lastExitUnexpected(info);
    const infos = ctx.supervisor.processInfo ?? [];
    const failing = infos.filter((info) => FAILED_STATES.includes(info.statename) || unexpectedExit(info));
    const findings: Finding<RestartFixData>[] = [];
    const loops = await crashLooping(ctx, infos.filter((info) => info.statename !== 'STOPPED' && !FAILED_STATES.includes(info.statename)), unexpectedExit);
    for (const { info, exit } of loops) {
      const tail = await stderrTail(ctx, info);
      const lastLine = tail.trim().split('\n').at(-1);
      findings.push({
        severity: 'error',
        message: `${namespecOf(info)} crash-loops: it ${exit} and is restarted again and again${lastLine ? `; its last output: ${lastLine}` : ''}`,
        program: namespecOf(info),
        evidence: tail.trim() ? tail.trim().split('\n').slice(-10) : [],
        fix: {
          description: `read why it exits (svwizctl tail ${namespecOf(info)} stderr), fix the program or its environment; stop it meanwhile with 'supervisorctl stop ${namespecOf(info)}'`,
          safety: 'manual',
          commands: [`supervisorctl tail ${namespecOf(info)} stderr`],
        },
        data: { name: namespecOf(info) },
      });
    }
    // An EXITED program the watch saw restarted is reported once, as the loop it is.
    const looping = new Set(loops.map(({ info }) => namespecOf(info)));
    for (const info of failing.filter((info) => !looping.has(namespecOf(info)))) {
      const tail = await stderrTail(ctx, info);
      const text = `${info.spawnerr}\n${info.description}\n${tail}`;
      const diagnosis = DIAGNOSES.find((d) => d.pattern.test(text));
      const reason = info.spawnerr || info.description || `exit status ${info.exitstatus}`;
      findings.push({
        severity: diagnosis ? 'warn' : 'error',
        message: `${namespecOf(info)} is ${info.statename} (${reason})${diagnosis ? `: ${diagnosis.text}, see check ${diagnosis.check}` : ''}`,
        program: namespecOf(info),
        evidence: tail.trim() ? tail.trim().split('\n').slice(-10) : [],
        fix: { description: `restart ${namespecOf(info)} once its cause is fixed`, safety: 'safe', commands: [`supervisorctl restart ${namespecOf(info)}`] },
        data: { name: namespecOf(info) },
      });
    }
    return findings;
  },
  async fix(ctx, finding) {
    if (!finding.data) return undefined;
    const steps = supervisorActionStep(ctx, 'restart', finding.data.name, 'start it again now that its cause is fixed');
    return steps.length ? { title: `Restart ${finding.program}`, operations: steps } : undefined;
  },
};
