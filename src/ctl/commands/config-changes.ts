/** reread, update, add, remove: apply config changes to process groups (no upcheck, as in supervisorctl). */
import { Faults, RpcFault } from '../../protocol/faults.js';
import type { ProcessInfo, ProcessResult } from '../../protocol/types.js';
import { LSB, type CommandHandler, type CommandContext } from '../command-context.js';
import { formatConfigChanges, splitWords } from '../format.js';
import { helpFor } from '../help-text.js';

type Changes = [string[], string[], string[]];

async function reloadConfig(ctl: CommandContext): Promise<Changes> {
  const result = (await ctl.call('supervisor.reloadConfig')) as unknown as Changes[];
  return result[0];
}

export const rereadCommand: CommandHandler = async (ctl, arg) => {
  if (arg) {
    ctl.output('Error: reread accepts no arguments');
    ctl.fail(LSB.GENERIC);
    ctl.outputLines(helpFor('reread'));
    return;
  }
  try {
    const [added, changed, removed] = await reloadConfig(ctl);
    ctl.outputLines(formatConfigChanges(added, changed, removed));
  } catch (error) {
    if (!(error instanceof RpcFault)) throw error;
    ctl.fail(LSB.GENERIC);
    if (error.faultCode === Faults.SHUTDOWN_STATE) ctl.output('ERROR: supervisor shutting down');
    else if (error.faultCode === Faults.CANT_REREAD) ctl.output(`ERROR: ${error.faultString}`);
    else throw error;
  }
};

export const updateCommand: CommandHandler = async (ctl, arg) => {
  let changes: Changes;
  try {
    changes = await reloadConfig(ctl);
  } catch (error) {
    ctl.fail(LSB.GENERIC);
    if (error instanceof RpcFault && error.faultCode === Faults.SHUTDOWN_STATE) {
      ctl.output('ERROR: already shutting down');
      return;
    }
    throw error;
  }
  const [added, changed, removed] = changes;
  let wanted = new Set(splitWords(arg));
  // `update all` means the same as a bare `update`.
  if (wanted.has('all')) wanted = new Set();
  const selected = (group: string): boolean => wanted.size === 0 || wanted.has(group);

  if (wanted.size > 0) {
    const known = new Set<string>(added);
    for (const info of (await ctl.call('supervisor.getAllProcessInfo')) as unknown as ProcessInfo[]) known.add(info.group);
    for (const group of wanted) {
      if (known.has(group)) continue;
      ctl.outputResult(`ERROR: no such group: ${group}`);
      ctl.fail(LSB.GENERIC);
    }
  }

  for (const group of removed.filter(selected)) {
    const results = (await ctl.call('supervisor.stopProcessGroup', group)) as unknown as ProcessResult[];
    ctl.output(`${group}: stopped`);
    if (results.some((result) => result.status === Faults.FAILED)) {
      ctl.output(`${group}: has problems; not removing`);
      ctl.fail(LSB.GENERIC);
      continue;
    }
    await ctl.call('supervisor.removeProcessGroup', group);
    ctl.output(`${group}: removed process group`);
  }
  for (const group of changed.filter(selected)) {
    await ctl.call('supervisor.stopProcessGroup', group);
    ctl.output(`${group}: stopped`);
    await ctl.call('supervisor.removeProcessGroup', group);
    await ctl.call('supervisor.addProcessGroup', group);
    ctl.output(`${group}: updated process group`);
  }
  for (const group of added.filter(selected)) {
    await ctl.call('supervisor.addProcessGroup', group);
    ctl.output(`${group}: added process group`);
  }
};

export const addCommand: CommandHandler = async (ctl, arg) => {
  for (const name of splitWords(arg)) {
    try {
      await ctl.call('supervisor.addProcessGroup', name);
      ctl.output(`${name}: added process group`);
    } catch (error) {
      if (!(error instanceof RpcFault)) throw error;
      if (error.faultCode === Faults.SHUTDOWN_STATE) {
        ctl.output('ERROR: shutting down');
        ctl.fail(LSB.GENERIC);
      } else if (error.faultCode === Faults.ALREADY_ADDED) {
        // Not a failure for supervisorctl: the exit status stays as it was.
        ctl.output('ERROR: process group already active');
      } else if (error.faultCode === Faults.BAD_NAME) {
        ctl.outputResult(`ERROR: no such process/group: ${name}`);
        ctl.fail(LSB.GENERIC);
      } else {
        ctl.fail(LSB.GENERIC);
        throw error;
      }
    }
  }
};

export const removeCommand: CommandHandler = async (ctl, arg) => {
  for (const name of splitWords(arg)) {
    try {
      await ctl.call('supervisor.removeProcessGroup', name);
      ctl.output(`${name}: removed process group`);
    } catch (error) {
      if (!(error instanceof RpcFault)) throw error;
      ctl.fail(LSB.GENERIC);
      if (error.faultCode === Faults.STILL_RUNNING) ctl.outputResult(`ERROR: process/group still running: ${name}`);
      else if (error.faultCode === Faults.BAD_NAME) ctl.outputResult(`ERROR: no such process/group: ${name}`);
      else throw error;
    }
  }
};
