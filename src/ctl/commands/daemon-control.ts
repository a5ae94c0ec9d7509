/** reload, shutdown and open: commands about the supervisor daemon itself. */
import { Faults, RpcFault } from '../../protocol/faults.js';
import { LSB, type CommandHandler, type CommandContext } from '../command-context.js';
import { helpFor } from '../help-text.js';
import { RpcConnectionError } from '../../protocol/rpc-connection-error.js';
import { statusCommand } from './status.js';

/** In interactive mode supervisorctl asks first; anything but y/Y... means no. */
async function confirmed(ctl: CommandContext, question: string): Promise<boolean> {
  if (!ctl.settings.interactive) return true;
  const answer = await ctl.terminal.readLine(question);
  return (answer ?? '').toLowerCase().startsWith('y');
}

export const reloadCommand: CommandHandler = async (ctl, arg) => {
  if (arg) {
    ctl.output('Error: reload accepts no arguments');
    ctl.fail(LSB.GENERIC);
    ctl.outputLines(helpFor('reload'));
    return;
  }
  if (!(await confirmed(ctl, 'Really restart the remote supervisord process y/N? '))) return;
  try {
    await ctl.call('supervisor.restart');
    ctl.output('Restarted supervisord');
  } catch (error) {
    if (!(error instanceof RpcFault)) throw error;
    ctl.fail(LSB.GENERIC);
    if (error.faultCode === Faults.SHUTDOWN_STATE) ctl.output('ERROR: already shutting down');
    else throw error;
  }
};

export const shutdownCommand: CommandHandler = async (ctl, arg) => {
  if (arg) {
    ctl.output('Error: shutdown accepts no arguments');
    ctl.fail(LSB.GENERIC);
    ctl.outputLines(helpFor('shutdown'));
    return;
  }
  if (!(await confirmed(ctl, 'Really shut the remote supervisord process down y/N? '))) return;
  try {
    await ctl.call('supervisor.shutdown');
    ctl.output('Shut down');
  } catch (error) {
    if (error instanceof RpcFault && error.faultCode === Faults.SHUTDOWN_STATE) {
      // supervisorctl leaves the exit status alone here.
      ctl.output('ERROR: already shutting down');
      return;
    }
    ctl.fail(LSB.GENERIC);
    if (error instanceof RpcConnectionError && (error.code === 'ECONNREFUSED' || error.code === 'ENOENT')) {
      const what = error.code === 'ECONNREFUSED' ? 'refused connection' : 'no such file';
      ctl.outputResult(`ERROR: ${ctl.settings.serverUrl} ${what} (already shut down?)`);
      return;
    }
    throw error;
  }
};

export const openCommand: CommandHandler = async (ctl, arg) => {
  const url = arg.trim();
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme !== 'unix' && scheme !== 'http') {
    ctl.output('ERROR: url must be http:// or unix://');
    ctl.fail(LSB.GENERIC);
    return;
  }
  ctl.settings.serverUrl = url;
  ctl.reconnect();
  // `open` shows the new server's status but keeps the exit status it had.
  const before = ctl.exitStatus;
  await statusCommand(ctl, '');
  ctl.exitStatus = before;
};
