/**
 * A small in-memory SupervisorNamespace for testing the RPC layer on its own (codec, auth,
 * dispatch, HTTP). It records calls, has two processes whose logs are real files in the test's
 * temp dir, and its `wait` calls really wait, so tests can prove requests do not block each other.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RpcFault } from '../../src/protocol/faults.js';
import type { DaemonHttpHooks, ProcessInfo, ProcessResult, SupervisorNamespace } from '../../src/protocol/types.js';

export interface FakeDaemon {
  namespace: SupervisorNamespace;
  hooks: DaemonHttpHooks;
  calls: string[];
  logPath(name: string, channel: 'stdout' | 'stderr'): string;
  mainLog: string;
}

const NAMES = ['cat', 'sleeper'];

function info(name: string): ProcessInfo {
  return {
    name,
    group: name,
    start: 0,
    stop: 0,
    now: Math.floor(Date.now() / 1000),
    state: 0,
    statename: 'STOPPED',
    spawnerr: '',
    exitstatus: 0,
    logfile: '',
    stdout_logfile: '',
    stderr_logfile: '',
    pid: 0,
    description: 'Not started',
  };
}

export function createFakeDaemon(dir: string, options: { waitMs?: number } = {}): FakeDaemon {
  const calls: string[] = [];
  const logPath = (name: string, channel: 'stdout' | 'stderr') => path.join(dir, `${name}-${channel}.log`);
  const mainLog = path.join(dir, 'main.log');
  writeFileSync(mainLog, 'main log\n');
  for (const name of NAMES) {
    writeFileSync(logPath(name, 'stdout'), `${name} out\n`);
    writeFileSync(logPath(name, 'stderr'), `${name} err\n`);
  }
  const known = (name: string) => {
    if (!NAMES.includes(name)) throw new RpcFault('BAD_NAME', name);
    return name;
  };
  const record = (what: string) => calls.push(what);
  const waitMs = options.waitMs ?? 300;
  const results = (): ProcessResult[] => NAMES.map((name) => ({ name, group: name, status: 80, description: 'OK' }));

  const namespace: SupervisorNamespace = {
    getAPIVersion: () => (record('getAPIVersion'), '3.0'),
    getVersion: () => (record('getVersion'), '3.0'),
    getSupervisorVersion: () => '4.2.5',
    getIdentification: () => 'supervisor',
    getState: () => ({ statecode: 1, statename: 'RUNNING' }),
    getPID: () => process.pid,
    readLog: (offset, length) => {
      if (Number(length) < 0) throw new RpcFault('BAD_ARGUMENTS');
      record(`readLog(${offset},${length})`);
      return 'main log\n';
    },
    readMainLog: (offset, length) => namespace.readLog(offset, length),
    clearLog: () => true,
    shutdown: () => true,
    restart: () => true,
    reloadConfig: () => [[[], [], []]],
    addProcessGroup: (name) => (known(name), true),
    removeProcessGroup: (name) => (known(name), true),
    startProcess: async (name, wait) => {
      known(name);
      record(`startProcess(${name},${wait})`);
      if (wait) await sleep(waitMs);
      return true;
    },
    startProcessGroup: async (name, wait) => (known(name), record(`startProcessGroup(${name},${wait})`), results()),
    startAllProcesses: async (wait) => (record(`startAllProcesses(${wait})`), results()),
    stopProcess: async (name) => (known(name), true),
    stopProcessGroup: async (name) => (known(name), results()),
    stopAllProcesses: async () => results(),
    signalProcess: (name) => (known(name), true),
    signalProcessGroup: (name) => (known(name), results()),
    signalAllProcesses: () => results(),
    getProcessInfo: (name) => info(known(name)),
    getAllProcessInfo: () => NAMES.map(info),
    getAllConfigInfo: () => [],
    readProcessStdoutLog: (name) => (known(name), `${name} out\n`),
    readProcessLog: (name) => (known(name), `${name} out\n`),
    readProcessStderrLog: (name) => (known(name), `${name} err\n`),
    tailProcessStdoutLog: (name) => (known(name), [`${name} out\n`, 8, false]),
    tailProcessLog: (name) => (known(name), [`${name} out\n`, 8, false]),
    tailProcessStderrLog: (name) => (known(name), [`${name} err\n`, 8, false]),
    clearProcessLogs: (name) => (known(name), true),
    clearProcessLog: (name) => (known(name), true),
    clearAllProcessLogs: () => results(),
    sendProcessStdin: (name, chars) => (known(name), record(`sendProcessStdin(${name},${chars})`), true),
    sendRemoteCommEvent: () => true,
  };
  // A method that breaks like a Python exception would (supervisord answers HTTP 500).
  namespace.getIdentification = () => {
    const identity = calls.includes('break-identification') ? undefined : 'supervisor';
    if (identity === undefined) throw new Error('simulated internal failure');
    return identity;
  };

  const hooks: DaemonHttpHooks = {
    processLogPath: (namespec, channel) => (NAMES.includes(namespec) ? logPath(namespec, channel) : undefined),
    mainLogPath: () => mainLog,
  };
  return { namespace, hooks, calls, logPath, mainLog };
}
