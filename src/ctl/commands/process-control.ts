/** start, stop, restart, signal, clear: one RPC per name (or group, or all), supervisorctl's lines. */
import { Faults, RpcFault } from '../../protocol/faults.js';
import type { ProcessResult } from '../../protocol/types.js';
import { LSB, type CommandHandler, type CommandContext } from '../command-context.js';
import { exitStatusForFault, formatClearResult, formatSignalResult, formatStartResult, formatStopResult, splitWords } from '../format.js';
import { makeNamespec, splitNamespec } from '../../protocol/namespec.js';
import { helpFor } from '../help-text.js';

type Formatter = (result: { name: string | null; group: string; status: number; description: string }) => string;

interface Operation {
  all: () => Promise<unknown>;
  group: (group: string) => Promise<unknown>;
  one: (name: string) => Promise<unknown>;
  format: Formatter;
  /** A fault that counts as success for the exit status (already started / not running). */
  ignoredFault?: number;
  /** Exit status when the group does not exist. */
  badGroupStatus: number;
  success: string;
}

/** The shared shape of start/stop/signal: `all`, `g:*` groups and single names. */
async function runOperation(ctl: CommandContext, names: string[], op: Operation): Promise<void> {
  const report = (result: ProcessResult): void => {
    ctl.outputResult(op.format(result));
    const status = exitStatusForFault(result.status, op.ignoredFault);
    if (status !== undefined) ctl.fail(status);
  };
  if (names.includes('all')) {
    for (const result of (await op.all()) as ProcessResult[]) report(result);
    return;
  }
  for (const name of names) {
    const { group, process } = splitNamespec(name);
    if (process === undefined) {
      try {
        for (const result of (await op.group(group)) as ProcessResult[]) report(result);
      } catch (error) {
        if (error instanceof RpcFault && error.faultCode === Faults.BAD_NAME) {
          ctl.outputResult(`${group}: ERROR (no such group)`);
          ctl.fail(op.badGroupStatus);
        } else {
          ctl.fail(LSB.GENERIC);
          throw error;
        }
      }
      continue;
    }
    try {
      await op.one(name);
      ctl.output(`${makeNamespec(group, process)}: ${op.success}`);
    } catch (error) {
      if (!(error instanceof RpcFault)) throw error;
      report({ name: process, group, status: error.faultCode, description: error.faultString });
    }
  }
}

function usage(ctl: CommandContext, message: string, action: string, status: number): void {
  ctl.output(message);
  ctl.fail(status);
  ctl.outputLines(helpFor(action));
}

export const startCommand: CommandHandler = async (ctl, arg) => {
  if (!(await ctl.upcheck())) return;
  const names = splitWords(arg);
  if (names.length === 0) return usage(ctl, 'Error: start requires a process name', 'start', LSB.INVALID_ARGS);
  await runOperation(ctl, names, {
    all: () => ctl.call('supervisor.startAllProcesses'),
    group: (group) => ctl.call('supervisor.startProcessGroup', group),
    one: (name) => ctl.call('supervisor.startProcess', name),
    format: formatStartResult,
    ignoredFault: Faults.ALREADY_STARTED,
    badGroupStatus: LSB.INVALID_ARGS,
    success: 'started',
  });
};

export const stopCommand: CommandHandler = async (ctl, arg) => {
  if (!(await ctl.upcheck())) return;
  const names = splitWords(arg);
  if (names.length === 0) return usage(ctl, 'Error: stop requires a process name', 'stop', LSB.GENERIC);
  await runOperation(ctl, names, {
    all: () => ctl.call('supervisor.stopAllProcesses'),
    group: (group) => ctl.call('supervisor.stopProcessGroup', group),
    one: (name) => ctl.call('supervisor.stopProcess', name),
    format: formatStopResult,
    ignoredFault: Faults.NOT_RUNNING,
    badGroupStatus: LSB.GENERIC,
    success: 'stopped',
  });
};

export const restartCommand: CommandHandler = async (ctl, arg) => {
  if (!(await ctl.upcheck())) return;
  if (splitWords(arg).length === 0) return usage(ctl, 'Error: restart requires a process name', 'restart', LSB.GENERIC);
  await stopCommand(ctl, arg);
  await startCommand(ctl, arg);
};

export const signalCommand: CommandHandler = async (ctl, arg) => {
  if (!(await ctl.upcheck())) return;
  const words = splitWords(arg);
  if (words.length < 2) {
    ctl.output('Error: signal requires a signal name and a process name');
    ctl.outputLines(helpFor('signal'));
    ctl.fail(LSB.GENERIC);
    return;
  }
  const [signal, ...names] = words;
  await runOperation(ctl, names, {
    all: () => ctl.call('supervisor.signalAllProcesses', signal),
    group: (group) => ctl.call('supervisor.signalProcessGroup', group, signal),
    one: (name) => ctl.call('supervisor.signalProcess', name, signal),
    format: formatSignalResult,
    badGroupStatus: LSB.GENERIC,
    success: 'signalled',
  });
};

export const clearCommand: CommandHandler = async (ctl, arg) => {
  if (!(await ctl.upcheck())) return;
  const names = splitWords(arg);
  if (names.length === 0) return usage(ctl, 'Error: clear requires a process name', 'clear', LSB.GENERIC);
  const report = (result: ProcessResult | { name: string | null; group: string; status: number; description: string }): void => {
    ctl.outputResult(formatClearResult(result));
    const status = exitStatusForFault(result.status);
    if (status !== undefined) ctl.fail(status);
  };
  if (names.includes('all')) {
    for (const result of (await ctl.call('supervisor.clearAllProcessLogs')) as unknown as ProcessResult[]) report(result);
    return;
  }
  for (const name of names) {
    // clear has no group form: `g:*` is sent as a name and fails as "g:None" (Supervisor #1589).
    const { group, process } = splitNamespec(name);
    try {
      await ctl.call('supervisor.clearProcessLogs', name);
      ctl.output(`${makeNamespec(group, process)}: cleared`);
    } catch (error) {
      if (!(error instanceof RpcFault)) throw error;
      report({ name: process ?? null, group, status: error.faultCode, description: error.faultString });
    }
  }
};
