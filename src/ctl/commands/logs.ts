/** tail and maintail: the last N bytes of a log through readLog RPCs, or -f through /logtail streams. */
import { Faults, RpcFault } from '../../protocol/faults.js';
import { LSB, type CommandHandler, type CommandContext } from '../command-context.js';
import { splitWords } from '../format.js';
import { helpFor } from '../help-text.js';
import { pythonRepr } from '../../protocol/python-repr.js';

const DEFAULT_BYTES = 1600;

export type TailRequest =
  | { kind: 'error'; lines: string[]; withHelp?: string }
  | { kind: 'read'; name: string; channel: 'stdout' | 'stderr'; bytes: number }
  | { kind: 'follow'; name: string; channel: 'stdout' | 'stderr' };

/** Python's int() of a string: optional sign, digits, optional underscores between digits. */
function pythonInt(text: string): number | undefined {
  return /^\s*[+-]?\d+(_\d+)*\s*$/.test(text) ? Number(text.replace(/_/g, '')) : undefined;
}

/** `tail [-f|-N] name [stdout|stderr]` as supervisorctl reads it. Pure. */
export function parseTailArgs(arg: string): TailRequest {
  const args = splitWords(arg);
  if (args.length < 1) return { kind: 'error', lines: ['Error: too few arguments'], withHelp: 'tail' };
  if (args.length > 3) return { kind: 'error', lines: ['Error: too many arguments'], withHelp: 'tail' };
  const modifier = args[0].startsWith('-') ? args.shift() : undefined;
  let name: string;
  let channel: string;
  if (args.length === 1) {
    name = args[0];
    channel = 'stdout';
  } else if (args.length > 0) {
    name = args[0];
    channel = args[args.length - 1].toLowerCase();
    if (channel !== 'stdout' && channel !== 'stderr') return { kind: 'error', lines: [`Error: bad channel ${pythonRepr(channel)}`] };
  } else {
    return { kind: 'error', lines: ['Error: tail requires process name'] };
  }
  const typedChannel = channel as 'stdout' | 'stderr';
  if (modifier === undefined) return { kind: 'read', name, channel: typedChannel, bytes: DEFAULT_BYTES };
  if (modifier === '-f') return { kind: 'follow', name, channel: typedChannel };
  const bytes = pythonInt(modifier.slice(1));
  if (bytes === undefined) return { kind: 'error', lines: [`Error: bad argument ${modifier}`] };
  return { kind: 'read', name, channel: typedChannel, bytes };
}

export type MaintailRequest = { kind: 'error'; lines: string[]; withHelp?: string } | { kind: 'read'; bytes: number } | { kind: 'follow' };

export function parseMaintailArgs(arg: string): MaintailRequest {
  const args = splitWords(arg);
  if (args.length > 1) return { kind: 'error', lines: ['Error: too many arguments'], withHelp: 'maintail' };
  if (args.length === 0) return { kind: 'read', bytes: DEFAULT_BYTES };
  if (!args[0].startsWith('-')) return { kind: 'error', lines: [`Error: bad argument ${args[0]}`] };
  if (args[0] === '-f') return { kind: 'follow' };
  const bytes = pythonInt(args[0].slice(1));
  if (bytes === undefined) return { kind: 'error', lines: [`Error: bad argument ${args[0]}`] };
  return { kind: 'read', bytes };
}

function reportUsage(ctl: CommandContext, request: { lines: string[]; withHelp?: string }): void {
  ctl.outputLines(request.lines);
  ctl.fail(LSB.GENERIC);
  if (request.withHelp) ctl.outputLines(helpFor(request.withHelp));
}

/** Stream a log-tail endpoint to stdout until Ctrl-C or the server ends it. */
async function follow(ctl: CommandContext, path: string): Promise<void> {
  if (ctl.json) {
    ctl.output('Error: --json cannot follow a log (-f)');
    ctl.fail(LSB.INVALID_ARGS);
    return;
  }
  // Catch Ctrl-C before telling the user to press it.
  const scope = ctl.terminal.interruptScope();
  try {
    ctl.output('==> Press Ctrl-C to exit <==');
    const end = await streamLogToTerminal(ctl, path, scope.signal);
    if (end === 'aborted') ctl.output('');
  } finally {
    scope.release();
  }
}

/**
 * Copy one log-tail stream to stdout. Stream errors go to stderr as supervisorctl's HTTP client
 * prints them, and do not change the exit status.
 */
export async function streamLogToTerminal(ctl: CommandContext, path: string, signal: AbortSignal): Promise<'ended' | 'aborted'> {
  const { followLogStream } = await import('../log-stream.js');
  const { serverUrl, username, password } = ctl.settings;
  const auth = password ? { username: username ?? '', password } : undefined;
  const end = await followLogStream(serverUrl, path, { auth, signal, onData: (chunk) => ctl.terminal.write(chunk.toString('utf8')) });
  if (end.kind === 'status') ctl.terminal.writeError(`${serverUrl}${path} Cannot read, status code ${end.status}\n`);
  else if (end.kind === 'error') ctl.terminal.writeError(`${serverUrl}${path} Cannot connect, error: ${end.error.message}\n`);
  return end.kind === 'aborted' ? 'aborted' : 'ended';
}

/** Turn a log-read fault into supervisorctl's `NAME: ERROR (...)` line, or rethrow. */
function reportReadFault(ctl: CommandContext, error: unknown, name: string, badNameText?: string): void {
  if (!(error instanceof RpcFault)) throw error;
  ctl.fail(LSB.GENERIC);
  if (error.faultCode === Faults.NO_FILE) ctl.outputResult(`${name}: ERROR (no log file)`);
  else if (error.faultCode === Faults.FAILED) ctl.outputResult(`${name}: ERROR (unknown error reading log)`);
  else if (error.faultCode === Faults.BAD_NAME && badNameText) ctl.outputResult(`${name}: ERROR (${badNameText})`);
  else throw error;
}

export const tailCommand: CommandHandler = async (ctl, arg) => {
  if (!(await ctl.upcheck())) return;
  const request = parseTailArgs(arg);
  if (request.kind === 'error') return reportUsage(ctl, request);
  if (request.kind === 'follow') return follow(ctl, `/logtail/${request.name}/${request.channel}`);
  const method = request.channel === 'stdout' ? 'supervisor.readProcessStdoutLog' : 'supervisor.readProcessStderrLog';
  try {
    const text = String(await ctl.call(method, request.name, -request.bytes, 0));
    if (ctl.json) ctl.emitJson({ name: request.name, channel: request.channel, bytes: request.bytes, output: text });
    else ctl.output(text);
  } catch (error) {
    reportReadFault(ctl, error, request.name, 'no such process name');
  }
};

export const maintailCommand: CommandHandler = async (ctl, arg) => {
  if (!(await ctl.upcheck())) return;
  const request = parseMaintailArgs(arg);
  if (request.kind === 'error') return reportUsage(ctl, request);
  if (request.kind === 'follow') return follow(ctl, '/mainlogtail');
  try {
    const text = String(await ctl.call('supervisor.readLog', -request.bytes, 0));
    if (ctl.json) ctl.emitJson({ bytes: request.bytes, output: text });
    else ctl.output(text);
  } catch (error) {
    reportReadFault(ctl, error, 'supervisord');
  }
};
