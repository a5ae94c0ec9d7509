/**
 * The `supervisor.*` XML-RPC namespace with Supervisor 4.2.5's semantics and faults (reference
 * 3.3–3.6). The RPC layer dispatches to it through its explicit method table.
 */
import { existsSync } from 'node:fs';
import { RpcFault } from '../protocol/faults.js';
import { makeNamespec, splitNamespec } from '../protocol/namespec.js';
import { RUNNING_STATES, SIGNALLABLE_STATES, STOPPED_STATES } from '../protocol/states.js';
import type { ConfigInfo, IntArgument, ProcessInfo, ProcessResult, SupervisorNamespace } from '../protocol/types.js';
import { CommandProblem } from './command-resolve.js';
import { groupsOfModel } from './config-diff.js';
import { intArgument } from './int-argument.js';
import { LogReadError, readLogRange, tailLog } from './log-read.js';
import { configInfo, processInfo } from './process-info.js';
import type { ProcessGroup } from './process-group.js';
import { runBatch, waitUntilRunning, waitUntilStopped, type BatchTarget } from './rpc-waits.js';
import { signalNumber } from './signal-names.js';
import type { SupervisedProcess } from './supervised-process.js';
import type { Supervisor } from './supervisor-core.js';

export const API_VERSION = '3.0';
/** The Supervisor version we are compatible with (supervisorctl `version` prints it). */
export const SUPERVISOR_VERSION = '4.2.5';

export function createSupervisorNamespace(supervisor: Supervisor): SupervisorNamespace {
  const checkMood = (): void => {
    if (supervisor.moodCode < 1) throw new RpcFault('SHUTDOWN_STATE');
  };

  const lookup = (name: string): { group: ProcessGroup; process: SupervisedProcess | undefined; groupName: string } => {
    const { group: groupName, process: processName } = splitNamespec(name);
    const group = supervisor.groups.get(groupName);
    if (!group) throw new RpcFault('BAD_NAME', name);
    if (processName === undefined) return { group, process: undefined, groupName };
    const process = group.processes.get(processName);
    if (!process) throw new RpcFault('BAD_NAME', name);
    return { group, process, groupName };
  };

  const lookupProcess = (name: string): SupervisedProcess => {
    const { process } = lookup(name);
    if (!process) throw new RpcFault('BAD_NAME', name);
    return process;
  };

  const targetsOf = (groups: ProcessGroup[], predicate: (process: SupervisedProcess) => boolean): BatchTarget[] =>
    groups.flatMap((group) =>
      group
        .byPriority()
        .filter(predicate)
        .map((process) => ({ process, group: group.config.name, namespec: makeNamespec(group.config.name, process.name) })),
    );

  const groupOrFault = (name: string): ProcessGroup => {
    const group = supervisor.groups.get(name);
    if (!group) throw new RpcFault('BAD_NAME', name);
    return group;
  };

  // A paced restart counts as running for stop (it would otherwise restart right after "stop").
  const isRunning = (process: SupervisedProcess): boolean => RUNNING_STATES.includes(process.state) || process.restartPending;

  /** startProcess for one process: true at once, or a Promise when waiting for RUNNING. */
  const startOne = (name: string, wait: boolean): true | Promise<true> => {
    checkMood();
    const process = lookupProcess(name);
    try {
      process.resolveCommand();
    } catch (error) {
      if (error instanceof CommandProblem) throw new RpcFault(error.kind, error.message);
      throw error;
    }
    if (RUNNING_STATES.includes(process.state)) throw new RpcFault('ALREADY_STARTED', name);
    if (process.state === 'UNKNOWN') throw new RpcFault('FAILED', `${name} is in an unknown process state`);
    process.start();
    if (process.spawnerr) throw new RpcFault('SPAWN_ERROR', name);
    if (wait && process.state !== 'RUNNING') return waitUntilRunning(process, name);
    return true;
  };

  const stopOne = (name: string, wait: boolean): true | Promise<true> => {
    checkMood();
    const process = lookupProcess(name);
    if (process.restartPending) {
      process.cancelPendingRestart();
      return true;
    }
    if (!RUNNING_STATES.includes(process.state)) throw new RpcFault('NOT_RUNNING', name);
    const message = process.stop();
    if (message !== undefined) throw new RpcFault('FAILED', message);
    if (wait && !STOPPED_STATES.includes(process.state)) return waitUntilStopped(process);
    return true;
  };

  const signalOne = (name: string, signal: string): true => {
    checkMood();
    const process = lookupProcess(name);
    const sig = signalNumber(String(signal));
    if (sig === undefined) throw new RpcFault('BAD_SIGNAL', signal);
    if (!SIGNALLABLE_STATES.includes(process.state)) throw new RpcFault('NOT_RUNNING', name);
    const message = process.signal(sig);
    if (message !== undefined) throw new RpcFault('FAILED', message);
    return true;
  };

  const startGroups = (groups: ProcessGroup[], wait: boolean): Promise<ProcessResult[]> =>
    runBatch(targetsOf(groups, (process) => !isRunning(process)), (namespec) => startOne(namespec, wait));
  const stopGroups = (groups: ProcessGroup[], wait: boolean): Promise<ProcessResult[]> =>
    runBatch(targetsOf(groups, isRunning), (namespec) => stopOne(namespec, wait));
  const signalGroups = (groups: ProcessGroup[], signal: string): ProcessResult[] => {
    const results: ProcessResult[] = [];
    for (const target of targetsOf(groups, (process) => SIGNALLABLE_STATES.includes(process.state))) {
      try {
        signalOne(target.namespec, signal);
        results.push({ name: target.process.name, group: target.group, status: 80, description: 'OK' });
      } catch (error) {
        if (!(error instanceof RpcFault)) throw error;
        results.push({ name: target.process.name, group: target.group, status: error.faultCode, description: error.faultString });
      }
    }
    return results;
  };

  const snapshot = (process: SupervisedProcess, group: string, now: number): ProcessInfo =>
    processInfo(
      {
        name: process.name,
        group,
        state: process.state,
        pid: process.pid,
        laststart: process.laststart,
        laststop: process.laststop,
        spawnerr: process.spawnerr,
        exitstatus: process.exitstatus,
        stdoutLogfile: process.logs.path('stdout'),
        stderrLogfile: process.logs.path('stderr'),
        pendingRestart: process.pendingRestartAt === undefined ? undefined : { at: process.pendingRestartAt, crashStreak: process.crashStreak },
        memoryLimitRestarts: process.memoryLimitRestarts,
        health: process.config.liveness
          ? { ...supervisor.watchers.health(process), restarts: process.healthRestarts }
          : undefined,
        waitingFor: process.waitingForDependencies ? process.dependenciesAwaited : undefined,
      },
      now,
    );

  // getAllProcessInfo's lexical order, recomputed only when groups are added or removed.
  let lexicalVersion = -1;
  let lexical: { process: SupervisedProcess; group: string }[] = [];
  const lexicalOrder = (): { process: SupervisedProcess; group: string }[] => {
    if (lexicalVersion !== supervisor.groupsVersion) {
      const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
      lexical = [...supervisor.groups.keys()].sort(byName).flatMap((groupName) => {
        const group = supervisor.groups.get(groupName)!;
        return [...group.processes.keys()].sort(byName).map((name) => ({ process: group.processes.get(name)!, group: groupName }));
      });
      lexicalVersion = supervisor.groupsVersion;
    }
    return lexical;
  };

  const processLogFile = (name: string, channel: 'stdout' | 'stderr'): string | null => lookupProcess(name).logs.path(channel);

  const readProcessLog = (name: string, offset: IntArgument, length: IntArgument, channel: 'stdout' | 'stderr'): string => {
    checkMood();
    const file = processLogFile(name, channel);
    if (!file || !existsSync(file)) throw new RpcFault('NO_FILE', file ?? undefined);
    return readOrFault(file, intArgument('offset', offset), intArgument('length', length));
  };

  const tailProcessLog = (name: string, offset: IntArgument, length: IntArgument, channel: 'stdout' | 'stderr'): [string, number, boolean] => {
    checkMood();
    const file = processLogFile(name, channel);
    // As in Supervisor, int() is not even reached without a log file.
    if (!file || !existsSync(file)) return ['', 0, false];
    return tailLog(file, intArgument('offset', offset), intArgument('length', length));
  };

  const clearLogs = (name: string): boolean => {
    checkMood();
    const process = lookupProcess(name);
    try {
      process.logs.clear();
    } catch {
      throw new RpcFault('FAILED', name);
    }
    return true;
  };

  const namespace: SupervisorNamespace = {
    getAPIVersion: () => (checkMood(), API_VERSION),
    getVersion: () => (checkMood(), API_VERSION),
    getSupervisorVersion: () => (checkMood(), SUPERVISOR_VERSION),
    getIdentification: () => (checkMood(), supervisor.config.supervisord.identifier),
    getState: () => (checkMood(), { statecode: supervisor.moodCode, statename: supervisor.mood }),
    getPID: () => (checkMood(), process.pid),
    readLog(offset, length) {
      checkMood();
      const file = supervisor.log.path;
      if (!file || !existsSync(file)) throw new RpcFault('NO_FILE', file);
      return readOrFault(file, intArgument('offset', offset), intArgument('length', length));
    },
    readMainLog: (offset, length) => namespace.readLog(offset, length),
    clearLog() {
      checkMood();
      const file = supervisor.log.path;
      if (!file || !existsSync(file)) throw new RpcFault('NO_FILE');
      try {
        supervisor.log.clear();
      } catch {
        throw new RpcFault('FAILED');
      }
      supervisor.log.info('reopening log file');
      return true;
    },
    shutdown() {
      checkMood();
      void supervisor.requestStop('SHUTDOWN');
      return true;
    },
    restart() {
      checkMood();
      try {
        supervisor.requestRestart();
      } catch (error) {
        // Our addition: a broken config is refused before anything stops (Supervisor would exit).
        throw new RpcFault('CANT_REREAD', (error as Error).message);
      }
      return true;
    },
    reloadConfig() {
      checkMood();
      let diff;
      try {
        diff = supervisor.reread();
      } catch (error) {
        throw new RpcFault('CANT_REREAD', (error as Error).message);
      }
      return [[diff.added, diff.changed, diff.removed]];
    },
    addProcessGroup(name) {
      checkMood();
      const added = supervisor.addProcessGroup(name);
      if (added === undefined) throw new RpcFault('BAD_NAME', name);
      if (!added) throw new RpcFault('ALREADY_ADDED', name);
      return true;
    },
    removeProcessGroup(name) {
      checkMood();
      if (!supervisor.groups.has(name)) throw new RpcFault('BAD_NAME', name);
      if (!supervisor.removeProcessGroup(name)) throw new RpcFault('STILL_RUNNING', name);
      return true;
    },
    async startProcess(name, wait = true) {
      checkMood();
      const { group, process } = lookup(name);
      if (!process) return startGroups([group], wait);
      return startOne(name, wait);
    },
    async startProcessGroup(name, wait = true) {
      checkMood();
      return startGroups([groupOrFault(name)], wait);
    },
    async startAllProcesses(wait = true) {
      checkMood();
      return startGroups(supervisor.sortedGroups(), wait);
    },
    async stopProcess(name, wait = true) {
      checkMood();
      const { group, process } = lookup(name);
      if (!process) return stopGroups([group], wait);
      return stopOne(name, wait);
    },
    async stopProcessGroup(name, wait = true) {
      checkMood();
      return stopGroups([groupOrFault(name)], wait);
    },
    async stopAllProcesses(wait = true) {
      checkMood();
      const groups = supervisor.sortedGroups();
      const queue = supervisor.dependencies.stopQueue(groups);
      if (queue === groups) return stopGroups(groups, wait);
      // depends_on (issue 17): one group at a time, dependents first, each stopped before what it
      // depends on is asked to stop (so this waits even with wait=false).
      const results: ProcessResult[] = [];
      for (const group of [...queue].reverse()) results.push(...(await stopGroups([group], true)));
      return results;
    },
    signalProcess(name, signal) {
      checkMood();
      const { group, process } = lookup(name);
      if (!process) return signalGroups([group], signal);
      return signalOne(name, signal);
    },
    signalProcessGroup(name, signal) {
      checkMood();
      return signalGroups([groupOrFault(name)], signal);
    },
    signalAllProcesses(signal) {
      checkMood();
      return signalGroups(supervisor.sortedGroups(), signal);
    },
    getProcessInfo(name) {
      checkMood();
      const { process, groupName } = lookup(name);
      if (!process) throw new RpcFault('BAD_NAME', name);
      return snapshot(process, groupName, Date.now() / 1000);
    },
    getAllProcessInfo() {
      checkMood();
      const now = Date.now() / 1000;
      return lexicalOrder().map(({ process, group }) => snapshot(process, group, now));
    },
    getAllConfigInfo() {
      checkMood();
      const infos: ConfigInfo[] = [];
      for (const { config, processes } of groupsOfModel(supervisor.config)) {
        const active = supervisor.groups.get(config.name);
        for (const process of processes) {
          const running = active?.processConfigs.includes(process) ? active.processes.get(process.name) : undefined;
          const resolved = running ? { stdout: running.logs.path('stdout'), stderr: running.logs.path('stderr') } : undefined;
          infos.push(configInfo(process, config, active !== undefined, resolved));
        }
      }
      return infos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    readProcessStdoutLog: (name, offset, length) => readProcessLog(name, offset, length, 'stdout'),
    readProcessLog: (name, offset, length) => readProcessLog(name, offset, length, 'stdout'),
    readProcessStderrLog: (name, offset, length) => readProcessLog(name, offset, length, 'stderr'),
    tailProcessStdoutLog: (name, offset, length) => tailProcessLog(name, offset, length, 'stdout'),
    tailProcessLog: (name, offset, length) => tailProcessLog(name, offset, length, 'stdout'),
    tailProcessStderrLog: (name, offset, length) => tailProcessLog(name, offset, length, 'stderr'),
    clearProcessLogs: clearLogs,
    clearProcessLog: clearLogs,
    clearAllProcessLogs() {
      checkMood();
      const results: ProcessResult[] = [];
      for (const target of targetsOf(supervisor.sortedGroups(), () => true)) {
        try {
          clearLogs(target.namespec);
          results.push({ name: target.process.name, group: target.group, status: 80, description: 'OK' });
        } catch (error) {
          if (!(error instanceof RpcFault)) throw error;
          results.push({ name: target.process.name, group: target.group, status: error.faultCode, description: error.faultString });
        }
      }
      return results;
    },
    sendProcessStdin(name, chars) {
      checkMood();
      if (typeof chars !== 'string' && !Buffer.isBuffer(chars)) throw new RpcFault('INCORRECT_PARAMETERS', String(chars));
      const process = lookupProcess(name);
      if (!process.pid || process.killing) throw new RpcFault('NOT_RUNNING', name);
      try {
        process.writeStdin(Buffer.from(chars));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') throw new RpcFault('NO_FILE', name);
        throw error;
      }
      return true;
    },
    // No mood check: Supervisor accepts it while shutting down too.
    sendRemoteCommEvent(type, data) {
      supervisor.sendRemoteCommunication(type, data);
      return true;
    },
  };
  return namespace;
}

function readOrFault(file: string, offset: number, length: number): string {
  try {
    return readLogRange(file, offset, length);
  } catch (error) {
    if (error instanceof LogReadError) throw new RpcFault(error.reason);
    throw error;
  }
}
