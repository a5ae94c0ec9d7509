/**
 * fg NAME: show a running process's stdout and stderr as they are written and send every input
 * line to its stdin, until Ctrl-C, end of input, or the process stops.
 */
import { Faults, RpcFault } from '../../protocol/faults.js';
import { ProcessState } from '../../protocol/states.js';
import type { ProcessInfo } from '../../protocol/types.js';
import { LSB, type CommandHandler, type CommandContext } from '../command-context.js';
import { splitWords } from '../format.js';
import { helpFor } from '../help-text.js';
import { pythonRepr } from '../../protocol/python-repr.js';
import { streamLogToTerminal } from './logs.js';

/** Python's str() of an xmlrpc Fault. */
const faultText = (error: RpcFault): string => `<Fault ${error.faultCode}: ${pythonRepr(error.faultString)}>`;

export const fgCommand: CommandHandler = async (ctl, arg) => {
  if (!(await ctl.upcheck())) return;
  const names = splitWords(arg);
  if (names.length === 0) {
    ctl.output('ERROR: no process name supplied');
    ctl.fail(LSB.GENERIC);
    ctl.outputLines(helpFor('fg'));
    return;
  }
  if (names.length > 1) {
    ctl.output('ERROR: too many process names supplied');
    ctl.fail(LSB.GENERIC);
    return;
  }
  const name = names[0];
  let info: ProcessInfo;
  try {
    info = (await ctl.call('supervisor.getProcessInfo', name)) as unknown as ProcessInfo;
  } catch (error) {
    if (!(error instanceof RpcFault)) throw error;
    if (error.faultCode === Faults.BAD_NAME) {
      ctl.output('ERROR: bad process name supplied');
      ctl.fail(LSB.GENERIC);
    } else {
      ctl.output(`ERROR: ${faultText(error)}`);
    }
    return;
  }
  if (info.state !== ProcessState.RUNNING) {
    ctl.output('ERROR: process not running');
    ctl.fail(LSB.GENERIC);
    return;
  }
  // Catch Ctrl-C before telling the user to press it.
  const scope = ctl.terminal.interruptScope();
  ctl.output('==> Press Ctrl-C to exit <==');
  const streams = new AbortController();
  const stopStreams = (): void => streams.abort();
  scope.signal.addEventListener('abort', stopStreams, { once: true });
  const outputs = Promise.all([
    streamLogToTerminal(ctl, `/logtail/${name}/stdout`, streams.signal),
    streamLogToTerminal(ctl, `/logtail/${name}/stderr`, streams.signal),
  ]);
  try {
    await forwardInput(ctl, name, scope.signal);
  } finally {
    stopStreams();
    scope.release();
    await outputs;
  }
};

async function forwardInput(ctl: CommandContext, name: string, interrupted: AbortSignal): Promise<void> {
  const exiting = (): void => ctl.output('Exiting foreground');
  for (;;) {
    const line = interrupted.aborted ? null : await ctl.terminal.readLine('', interrupted);
    if (line === null) return exiting();
    try {
      await ctl.call('supervisor.sendProcessStdin', name, `${line}\n`);
    } catch (error) {
      if (!(error instanceof RpcFault)) throw error;
      ctl.output(error.faultCode === Faults.NOT_RUNNING ? 'Process got killed' : `ERROR: ${faultText(error)}`);
      return exiting();
    }
    const info = (await ctl.call('supervisor.getProcessInfo', name)) as unknown as ProcessInfo;
    if (info.state !== ProcessState.RUNNING) {
      ctl.output('Process got killed');
      return exiting();
    }
  }
}
