/** Read commands: status, pid, avail, version (text as supervisorctl 4.2.5, or --json). */
import { Faults, RpcFault } from '../../protocol/faults.js';
import { ProcessState } from '../../protocol/states.js';
import type { ConfigInfo, ProcessInfo } from '../../protocol/types.js';
import { LSB, STATUS_NOT_RUNNING, STATUS_UNKNOWN, type CommandHandler } from '../command-context.js';
import { formatAvailLine, formatStatusLine, splitWords, statusNameWidth, statusRows } from '../format.js';
import { makeNamespec, splitNamespec } from '../../protocol/namespec.js';
import { helpFor } from '../help-text.js';

const STOPPED_CODES: readonly number[] = [ProcessState.STOPPED, ProcessState.EXITED, ProcessState.FATAL, ProcessState.UNKNOWN];

/** Which processes `status NAME...` lists, and the error line for every name matching none. */
export function selectStatusInfos(all: readonly ProcessInfo[], names: readonly string[]): { infos: ProcessInfo[]; errors: { name: string; error: string; line: string }[] } {
  if (names.length === 0 || names.includes('all')) return { infos: [...all], errors: [] };
  const infos: ProcessInfo[] = [];
  const errors: { name: string; error: string; line: string }[] = [];
  for (const name of names) {
    const { group, process } = splitNamespec(name);
    const matched = all.filter((info) => info.group === group && (process === undefined || info.name === process));
    infos.push(...matched);
    if (matched.length === 0) {
      const error = process === undefined ? 'no such group' : 'no such process';
      const shown = process === undefined ? group : name;
      errors.push({ name: shown, error, line: `${shown}: ERROR (${error})` });
    }
  }
  return { infos, errors };
}

export const statusCommand: CommandHandler = async (ctl, arg) => {
  if (!(await ctl.upcheck())) {
    // supervisorctl overrides whatever upcheck chose: status answers 4 when it cannot know.
    ctl.fail(STATUS_UNKNOWN);
    return;
  }
  const all = (await ctl.call('supervisor.getAllProcessInfo')) as unknown as ProcessInfo[];
  const { infos, errors } = selectStatusInfos(all, splitWords(arg));
  if (errors.length > 0) ctl.fail(STATUS_UNKNOWN);
  if (ctl.json) {
    ctl.emitJson({
      processes: infos.map((info) => ({ namespec: makeNamespec(info.group, info.name), ...info })),
      errors: errors.map(({ name, error }) => ({ name, error })),
    });
  } else {
    for (const { line } of errors) ctl.outputResult(line);
    const rows = statusRows(infos);
    const width = statusNameWidth(rows);
    for (const row of rows) ctl.output(formatStatusLine(row, width, ctl.paint?.state));
  }
  if (infos.some((info) => STOPPED_CODES.includes(info.state))) ctl.fail(STATUS_NOT_RUNNING);
};

export const pidCommand: CommandHandler = async (ctl, arg) => {
  if (!(await ctl.upcheck())) return;
  const names = splitWords(arg);
  if (names.length === 0) {
    const pid = (await ctl.call('supervisor.getPID')) as number;
    if (ctl.json) ctl.emitJson({ pid });
    else ctl.output(String(pid));
    return;
  }
  const found: { name: string; pid: number }[] = [];
  const errors: { name: string; error: string }[] = [];
  if (names.includes('all')) {
    for (const info of (await ctl.call('supervisor.getAllProcessInfo')) as unknown as ProcessInfo[]) {
      found.push({ name: makeNamespec(info.group, info.name), pid: info.pid });
      if (!ctl.json) ctl.output(String(info.pid));
    }
  } else {
    for (const name of names) {
      try {
        const info = (await ctl.call('supervisor.getProcessInfo', name)) as unknown as ProcessInfo;
        found.push({ name, pid: info.pid });
        if (!ctl.json) ctl.output(String(info.pid));
        if (info.pid === 0) ctl.fail(LSB.NOT_RUNNING);
      } catch (error) {
        if (!(error instanceof RpcFault)) throw error;
        ctl.fail(LSB.GENERIC);
        if (error.faultCode !== Faults.BAD_NAME) throw error;
        errors.push({ name, error: 'no such process' });
        if (!ctl.json) ctl.output(`No such process ${name}`);
      }
    }
  }
  if (ctl.json) ctl.emitJson({ processes: found, errors });
};

export const availCommand: CommandHandler = async (ctl, arg) => {
  if (arg) {
    ctl.output('Error: avail accepts no arguments');
    ctl.fail(LSB.GENERIC);
    ctl.outputLines(helpFor('avail'));
    return;
  }
  let infos: ConfigInfo[];
  try {
    infos = (await ctl.call('supervisor.getAllConfigInfo')) as unknown as ConfigInfo[];
  } catch (error) {
    ctl.fail(LSB.GENERIC);
    if (error instanceof RpcFault && error.faultCode === Faults.SHUTDOWN_STATE) {
      ctl.output('ERROR: supervisor shutting down');
      return;
    }
    throw error;
  }
  if (ctl.json) ctl.emitJson({ processes: infos.map((info) => ({ namespec: makeNamespec(info.group, info.name), ...info })) });
  else for (const info of infos) ctl.output(formatAvailLine(info));
};

export const versionCommand: CommandHandler = async (ctl, arg) => {
  if (arg) {
    ctl.output('Error: version accepts no arguments');
    ctl.fail(LSB.GENERIC);
    ctl.outputLines(helpFor('version'));
    return;
  }
  if (!(await ctl.upcheck())) return;
  const version = String(await ctl.call('supervisor.getSupervisorVersion'));
  if (ctl.json) ctl.emitJson({ version });
  else ctl.output(version);
};
