/**
 * The explicit table of every callable `supervisor.*` method: its XML-RPC signature (identical to
 * Supervisor 4.2.5's @param/@return tags, so system.methodSignature answers the same), our own
 * help text, and how it is invoked on the daemon's namespace. Dispatch goes only through this
 * table, never by looking names up on objects (CVE-2017-11610, Supervisor issue #964).
 */
import type { SupervisorNamespace, XmlRpcValue } from '../protocol/types.js';
import { pythonStr, signalText } from './python-str.js';

export type ParamType = 'string' | 'int' | 'boolean' | 'array' | 'struct';
export type ReturnType = 'string' | 'int' | 'boolean' | 'array' | 'struct';

export interface MethodParam {
  name: string;
  type: ParamType;
  /** Used when the caller leaves the parameter out (Supervisor's Python default). */
  default?: XmlRpcValue;
  /** Passed through unchecked, for methods whose Python body copes with any type itself. */
  anyType?: true;
}

export interface MethodEntry<Target> {
  returns: ReturnType;
  params: MethodParam[];
  help: string;
  invoke(target: Target, args: XmlRpcValue[]): unknown;
}

const name: MethodParam = { name: 'name', type: 'string' };
// Supervisor converts these with int() after its name and file checks, so the namespace does (issue 12).
const offset: MethodParam = { name: 'offset', type: 'int', anyType: true };
const length: MethodParam = { name: 'length', type: 'int', anyType: true };
const wait: MethodParam = { name: 'wait', type: 'boolean', default: true };
// Supervisor converts these itself (signal_number(), dict lookups, str()), so any type passes.
const signal: MethodParam = { name: 'signal', type: 'string', anyType: true };
const groupName: MethodParam = { name: 'name', type: 'string', anyType: true };

type Entry = MethodEntry<SupervisorNamespace>;
const str = (value: XmlRpcValue) => value as string;
const bool = (value: XmlRpcValue) => value as boolean;

const getAPIVersion: Entry = {
  returns: 'string',
  params: [],
  help: 'Answer the version of the RPC API this server implements ("3.0", as Supervisor 3.x and 4.x do).',
  invoke: (ns) => ns.getAPIVersion(),
};
const readLog: Entry = {
  returns: 'string',
  params: [offset, length],
  help:
    'Read bytes from the main daemon log. A negative offset with length 0 reads the last |offset| bytes; ' +
    'a non-negative offset with length 0 reads to the end of the file.',
  invoke: (ns, [o, l]) => ns.readLog(o, l),
};
const readProcessStdoutLog: Entry = {
  returns: 'string',
  params: [name, offset, length],
  help: "Read bytes from a process's stdout log, with the same offset/length rules as readLog.",
  invoke: (ns, [n, o, l]) => ns.readProcessStdoutLog(str(n), o, l),
};
const tailProcessStdoutLog: Entry = {
  returns: 'array',
  params: [name, offset, length],
  help:
    "Poll a process's stdout log: answers [bytes, next offset, overflow]. When more than length bytes " +
    'were written since offset, only the last length bytes are returned and overflow is true.',
  invoke: (ns, [n, o, l]) => ns.tailProcessStdoutLog(str(n), o, l),
};
const clearProcessLogs: Entry = {
  returns: 'boolean',
  params: [name],
  help: "Empty a process's stdout and stderr logs and remove their backups (does nothing for a stopped process).",
  invoke: (ns, [n]) => ns.clearProcessLogs(str(n)),
};

export const SUPERVISOR_METHODS: Readonly<Record<string, Entry>> = {
  getAPIVersion,
  getVersion: { ...getAPIVersion, invoke: (ns) => ns.getVersion() },
  getSupervisorVersion: {
    returns: 'string',
    params: [],
    help: 'Answer the version of the supervisor software this daemon is compatible with.',
    invoke: (ns) => ns.getSupervisorVersion(),
  },
  getIdentification: {
    returns: 'string',
    params: [],
    help: 'Answer the identifier configured in [supervisord] (identifier=), "supervisor" by default.',
    invoke: (ns) => ns.getIdentification(),
  },
  getState: {
    returns: 'struct',
    params: [],
    help: 'Answer the daemon state as a struct {statecode, statename}: RUNNING, RESTARTING, SHUTDOWN or FATAL.',
    invoke: (ns) => ns.getState(),
  },
  getPID: {
    returns: 'int',
    params: [],
    help: 'Answer the process id of the daemon.',
    invoke: (ns) => ns.getPID(),
  },
  readLog,
  readMainLog: { ...readLog, invoke: (ns, [o, l]) => ns.readMainLog(o, l) },
  clearLog: {
    returns: 'boolean',
    params: [],
    help: 'Empty the main daemon log and remove its rotated backups.',
    invoke: (ns) => ns.clearLog(),
  },
  shutdown: {
    returns: 'boolean',
    params: [],
    help: 'Stop every process, then make the daemon exit.',
    invoke: (ns) => ns.shutdown(),
  },
  restart: {
    returns: 'boolean',
    params: [],
    help: 'Stop every process, re-read the configuration and start again (the same as sending SIGHUP).',
    invoke: (ns) => ns.restart(),
  },
  reloadConfig: {
    returns: 'array',
    params: [],
    help:
      'Parse the configuration again without changing what runs; answers [[added, changed, removed]] ' +
      'as lists of group names.',
    invoke: (ns) => ns.reloadConfig(),
  },
  addProcessGroup: {
    returns: 'boolean',
    params: [groupName],
    help: 'Activate a group from the last re-read configuration; its autostart processes are started.',
    invoke: (ns, [n]) => ns.addProcessGroup(pythonStr(n)),
  },
  removeProcessGroup: {
    returns: 'boolean',
    params: [groupName],
    help: 'Deactivate a group whose processes are all stopped.',
    invoke: (ns, [n]) => ns.removeProcessGroup(pythonStr(n)),
  },
  startProcess: {
    returns: 'boolean',
    params: [name, wait],
    help:
      'Start one process ("group:name"; "group:*" starts the whole group). With wait, answer only once ' +
      'it has stayed up for startsecs.',
    invoke: (ns, [n, w]) => ns.startProcess(str(n), bool(w)),
  },
  startProcessGroup: {
    returns: 'array',
    params: [name, wait],
    help: 'Start every process of a group that is not already running; answers one result struct per process started.',
    invoke: (ns, [n, w]) => ns.startProcessGroup(str(n), bool(w)),
  },
  startAllProcesses: {
    returns: 'array',
    params: [wait],
    help: 'Start every process of every group, in priority order; answers one result struct per process started.',
    invoke: (ns, [w]) => ns.startAllProcesses(bool(w)),
  },
  stopProcess: {
    returns: 'boolean',
    params: [name, wait],
    help: 'Stop one process ("group:*" stops the whole group). With wait, answer once it has exited.',
    invoke: (ns, [n, w]) => ns.stopProcess(str(n), bool(w)),
  },
  stopProcessGroup: {
    returns: 'array',
    params: [name, wait],
    help: 'Stop every running process of a group; answers one result struct per process stopped.',
    invoke: (ns, [n, w]) => ns.stopProcessGroup(str(n), bool(w)),
  },
  stopAllProcesses: {
    returns: 'array',
    params: [wait],
    help: 'Stop every running process, in reverse priority order; answers one result struct per process stopped.',
    invoke: (ns, [w]) => ns.stopAllProcesses(bool(w)),
  },
  signalProcess: {
    returns: 'boolean',
    params: [name, signal],
    help: 'Send a signal (a name such as HUP or a number) to one process, or to a group with "group:*".',
    invoke: (ns, [n, s]) => ns.signalProcess(str(n), signalText(s)),
  },
  signalProcessGroup: {
    returns: 'array',
    params: [name, signal],
    help: 'Send a signal to every signallable process of a group; answers one result struct per process.',
    invoke: (ns, [n, s]) => ns.signalProcessGroup(str(n), signalText(s)),
  },
  signalAllProcesses: {
    returns: 'array',
    params: [signal],
    help: 'Send a signal to every signallable process; answers one result struct per process.',
    invoke: (ns, [s]) => ns.signalAllProcesses(signalText(s)),
  },
  getProcessInfo: {
    returns: 'struct',
    params: [name],
    help: 'Answer the state struct of one process (name, group, state, pid, start/stop times, log files, description).',
    invoke: (ns, [n]) => ns.getProcessInfo(str(n)),
  },
  getAllProcessInfo: {
    returns: 'array',
    params: [],
    help: 'Answer the state struct of every process (see getProcessInfo).',
    invoke: (ns) => ns.getAllProcessInfo(),
  },
  getAllConfigInfo: {
    returns: 'array',
    params: [],
    help: 'Answer the configuration of every process of the last re-read configuration, one struct each.',
    invoke: (ns) => ns.getAllConfigInfo(),
  },
  readProcessStdoutLog,
  readProcessLog: { ...readProcessStdoutLog, invoke: (ns, [n, o, l]) => ns.readProcessLog(str(n), o, l) },
  readProcessStderrLog: {
    ...readProcessStdoutLog,
    help: "Read bytes from a process's stderr log, with the same offset/length rules as readLog.",
    invoke: (ns, [n, o, l]) => ns.readProcessStderrLog(str(n), o, l),
  },
  tailProcessStdoutLog,
  tailProcessLog: { ...tailProcessStdoutLog, invoke: (ns, [n, o, l]) => ns.tailProcessLog(str(n), o, l) },
  tailProcessStderrLog: {
    ...tailProcessStdoutLog,
    help: "Poll a process's stderr log: answers [bytes, next offset, overflow], as tailProcessStdoutLog does.",
    invoke: (ns, [n, o, l]) => ns.tailProcessStderrLog(str(n), o, l),
  },
  clearProcessLogs,
  clearProcessLog: { ...clearProcessLogs, invoke: (ns, [n]) => ns.clearProcessLog(str(n)) },
  clearAllProcessLogs: {
    returns: 'array',
    params: [],
    help: 'Empty the logs of every process; answers one result struct per process.',
    invoke: (ns) => ns.clearAllProcessLogs(),
  },
  sendProcessStdin: {
    returns: 'boolean',
    // The namespace answers a non-string with "INCORRECT_PARAMETERS: <value>", after its shutdown check.
    params: [name, { name: 'chars', type: 'string', anyType: true }],
    help: 'Write text to the stdin of a running process.',
    invoke: (ns, [n, c]) => ns.sendProcessStdin(str(n), c as string),
  },
  sendRemoteCommEvent: {
    returns: 'boolean',
    params: [
      { name: 'type', type: 'string', anyType: true },
      { name: 'data', type: 'string', anyType: true },
    ],
    help: 'Emit a REMOTE_COMMUNICATION event with the given type and data to event listeners.',
    invoke: (ns, [t, d]) => ns.sendRemoteCommEvent(pythonStr(t), pythonStr(d)),
  },
};
