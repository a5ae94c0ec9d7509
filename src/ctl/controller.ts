/**
 * Runs svwizctl commands the way supervisorctl's Controller does: one line at a time, an exit
 * status that commands raise, an "upcheck" before most commands, and one catch that turns
 * unexpected server answers into supervisorctl's `error: ...` line. Command code is imported
 * only when its command runs, so `svwizctl status` loads little.
 */
import { RpcFault, Faults } from '../protocol/faults.js';
import type { XmlRpcValue } from '../protocol/types.js';
import { parseCommandLine } from './command-line.js';
import { describeConnectionFailure } from './connection-message.js';
import { UnknownResultCode, splitWords } from './format.js';
import { faultErrorLine, protocolErrorLine, pythonErrorLine } from './python-text.js';
import { RpcConnectionError } from '../protocol/rpc-connection-error.js';
import type { RpcClient } from '../protocol/transport.js';
import { renderJsonDocument } from '../protocol/json-document.js';
import { LSB, type CommandContext, type CommandHandler, type CtlPaint, type CtlSettings, type CtlTerminal } from './command-context.js';


const load = <M, K extends keyof M>(loader: () => Promise<M>, key: K) => async (): Promise<CommandHandler> => (await loader())[key] as CommandHandler;
const status = () => import('./commands/status.js');
const control = () => import('./commands/process-control.js');
const logs = () => import('./commands/logs.js');
const changes = () => import('./commands/config-changes.js');
const daemon = () => import('./commands/daemon-control.js');
const session = () => import('./commands/session.js');

const COMMANDS: Record<string, () => Promise<CommandHandler>> = {
  status: load(status, 'statusCommand'),
  pid: load(status, 'pidCommand'),
  avail: load(status, 'availCommand'),
  version: load(status, 'versionCommand'),
  start: load(control, 'startCommand'),
  stop: load(control, 'stopCommand'),
  restart: load(control, 'restartCommand'),
  signal: load(control, 'signalCommand'),
  clear: load(control, 'clearCommand'),
  tail: load(logs, 'tailCommand'),
  maintail: load(logs, 'maintailCommand'),
  reread: load(changes, 'rereadCommand'),
  update: load(changes, 'updateCommand'),
  add: load(changes, 'addCommand'),
  remove: load(changes, 'removeCommand'),
  reload: load(daemon, 'reloadCommand'),
  shutdown: load(daemon, 'shutdownCommand'),
  open: load(daemon, 'openCommand'),
  fg: async () => (await import('./commands/fg.js')).fgCommand,
  help: load(session, 'helpCommand'),
  quit: load(session, 'quitCommand'),
  exit: load(session, 'quitCommand'),
  EOF: load(session, 'eofCommand'),
};

/** Commands that can answer with one JSON document instead of text. */
export const JSON_COMMANDS = new Set(['status', 'pid', 'avail', 'version', 'tail', 'maintail']);

export class Controller implements CommandContext {
  exitStatus: number = LSB.SUCCESS;
  /** True while the current line runs with --json. */
  json = false;
  private jsonLines: string[] = [];
  private jsonDone = false;
  private client?: RpcClient;
  private completionInfo?: { name: string; group: string }[];

  constructor(
    readonly settings: CtlSettings,
    readonly terminal: CtlTerminal,
    private readonly createClient: (settings: CtlSettings) => RpcClient,
    readonly paint?: CtlPaint,
    private readonly jsonByDefault = false,
  ) {}

  /** One line of output on stdout (collected instead while a --json command runs). */
  output(line: string): void {
    if (this.json) this.jsonLines.push(line);
    else this.terminal.write(`${line}\n`);
  }

  /** A result line: lines saying ERROR are painted when colour is on. */
  outputResult(line: string): void {
    this.output(this.paint && line.includes('ERROR') ? this.paint.error(line) : line);
  }

  outputLines(lines: readonly string[]): void {
    for (const line of lines) this.output(line);
  }

  emitJson(document: object): void {
    this.jsonDone = true;
    this.terminal.write(renderJsonDocument(document));
  }

  /** Raise the exit status for this run (supervisorctl keeps the last one set). */
  fail(status: number): void {
    this.exitStatus = status;
  }

  rpc(): RpcClient {
    this.client ??= this.createClient(this.settings);
    return this.client;
  }

  call(method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue> {
    return this.rpc().call(method, ...params);
  }

  /** Forget the connection (after `open` or new credentials). */
  reconnect(): void {
    this.client?.close();
    this.client = undefined;
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
  }

  /** supervisorctl's upcheck: getVersion must answer "3.0"; false (with status set) when not. */
  async upcheck(): Promise<boolean> {
    try {
      const api = await this.call('supervisor.getVersion');
      if (api !== '3.0') {
        this.output(`Sorry, this version of supervisorctl expects to talk to a server with API version 3.0, but the remote version is ${String(api)}.`);
        this.fail(LSB.NOT_INSTALLED);
        return false;
      }
      return true;
    } catch (error) {
      if (error instanceof RpcFault) {
        if (error.faultCode === Faults.UNKNOWN_METHOD) {
          this.output(
            'Sorry, supervisord responded but did not recognize the supervisor namespace commands that supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] section is enabled in the configuration file (see sample.conf).',
          );
          this.fail(LSB.UNIMPLEMENTED_FEATURE);
          return false;
        }
        this.fail(LSB.GENERIC);
        throw error;
      }
      const code = connectionCode(error);
      if (code === 'ECONNREFUSED' || code === 'ENOENT') {
        this.reportUnreachable(code);
        this.fail(code === 'ECONNREFUSED' ? LSB.INSUFFICIENT_PRIVILEGES : LSB.NOT_RUNNING);
        return false;
      }
      this.fail(LSB.GENERIC);
      throw error;
    }
  }

  reportUnreachable(code: string): void {
    const line = describeConnectionFailure(this.settings.serverUrl, code);
    this.terminal.writeError(`${line}\n`);
    if (this.json) this.jsonLines.push(line);
  }

  /** Process info for tab completion, fetched once per command as supervisorctl caches it. */
  async completionProcesses(): Promise<{ name: string; group: string }[]> {
    this.completionInfo ??= (await this.call('supervisor.getAllProcessInfo')) as unknown as { name: string; group: string }[];
    return this.completionInfo;
  }

  /** Run one command line; true when the shell should stop (quit, exit, EOF). */
  async runLine(rawLine: string): Promise<boolean> {
    const parsed = parseCommandLine(rawLine);
    if (parsed.kind === 'empty') return false;
    if (parsed.kind === 'unknown') return this.unknownSyntax(parsed.line);
    this.completionInfo = undefined;
    const loader = Object.hasOwn(COMMANDS, parsed.action) ? COMMANDS[parsed.action] : undefined;
    if (!loader) return this.unknownSyntax(parsed.line);

    let arg = parsed.arg;
    const words = splitWords(arg);
    const wantsJson = this.jsonByDefault || words.includes('--json');
    if (wantsJson) {
      if (!JSON_COMMANDS.has(parsed.action)) {
        this.output(`Error: --json works only with ${[...JSON_COMMANDS].join(', ')}`);
        this.fail(LSB.INVALID_ARGS);
        return false;
      }
      arg = words.filter((word) => word !== '--json').join(' ');
    }
    this.json = wantsJson;
    this.jsonLines = [];
    this.jsonDone = false;
    try {
      const handler = await loader();
      return (await this.runHandler(handler, arg, parsed.line)) === true;
    } finally {
      if (this.json && !this.jsonDone) this.emitJson({ error: this.jsonLines.join('\n') });
      this.json = false;
    }
  }

  private unknownSyntax(line: string): false {
    this.output(`*** Unknown syntax: ${line}`);
    this.fail(LSB.GENERIC);
    return false;
  }

  private async runHandler(handler: CommandHandler, arg: string, line: string): Promise<boolean | void> {
    try {
      return await handler(this, arg);
    } catch (error) {
      if (error instanceof RpcConnectionError && error.status === 401) {
        this.output('Server requires authentication');
        if (this.settings.interactive && !this.json) {
          this.settings.username = (await this.terminal.readLine('Username:')) ?? '';
          this.settings.password = (await this.terminal.readSecret('Password:')) ?? '';
          this.output('');
          this.reconnect();
          return this.runLine(line);
        }
        this.output(protocolErrorLine(401, error.reason ?? 'Unauthorized'));
      } else {
        this.reportUnexpected(error);
      }
      this.fail(LSB.GENERIC);
    }
  }

  private reportUnexpected(error: unknown): void {
    if (error instanceof RpcFault) return this.output(faultErrorLine(error.faultCode, error.faultString));
    if (error instanceof UnknownResultCode) return this.output(pythonErrorLine('ValueError', error.message));
    const code = connectionCode(error);
    if (code?.startsWith('HTTP_')) {
      const { status, reason } = error as { status: number; reason?: string };
      return this.output(protocolErrorLine(status, reason ?? ''));
    }
    if (code) return this.reportUnreachable(code);
    throw error;
  }
}

function connectionCode(error: unknown): string | undefined {
  return error instanceof RpcConnectionError ? error.code : undefined;
}
