/**
 * svwizctl from argv to exit status: parse flags, resolve the server settings, then run one
 * command (`svwizctl status`) or the interactive shell (no command).
 */
import { UsageError } from '../errors.js';
import { parseCtlArgs, type CtlArgs } from './argv.js';
import type { CtlSettings } from './command-context.js';
import { Controller } from './controller.js';
import type { RpcClient } from '../protocol/transport.js';
import { ProcessTerminal } from './terminal.js';

const USAGE = `Usage: svwizctl [options] [action [arguments]]

Talks to a running svwizd or Python supervisord, like supervisorctl.

Options:
  -c, --configuration FILE   config file with a [supervisorctl] section
                             (default: searched where supervisorctl searches)
  -s, --serverurl URL        unix:///path/to.sock or http://host:port
                             (default: [supervisorctl] serverurl, else http://localhost:9001)
  -u, --username USER        user name for the server's HTTP authentication
  -p, --password PASS        password for the server's HTTP authentication
  -i, --interactive          start the shell (the default when no action is given)
  -r, --history_file FILE    keep the shell's command history in FILE
      --json                 print one JSON document (status, pid, avail, version, tail, maintail)
      --no-color             never colour the output (NO_COLOR and FORCE_COLOR are honoured too)
  -v, --version              print svwiz's version (the version action prints the server's)
  -h, -?, --help             show this help

Actions: add avail clear exit fg help maintail open pid quit reload remove reread
restart shutdown signal start status stop tail update version
("svwizctl help ACTION" explains one).
`;

export interface CtlProcess {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function runSvwizctl(proc: CtlProcess): Promise<number> {
  let args: CtlArgs;
  let settings: CtlSettings;
  try {
    args = parseCtlArgs(proc.argv.slice(2));
    if (args.help) {
      proc.stdout.write(USAGE);
      return 0;
    }
    if (args.version) {
      const { readPackageVersion } = await import('../process/package-version.js');
      proc.stdout.write(`${readPackageVersion()}\n`);
      return 0;
    }
    if (args.json && args.command.length === 0) throw new UsageError('--json needs an action, e.g. svwizctl --json status');
    const { resolveCtlSettings } = await import('./settings.js');
    settings = await resolveCtlSettings(args, { argv0: proc.argv[1] ?? 'svwizctl', cwd: proc.cwd });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // supervisorctl's usage failure: two lines on stderr, exit 2.
    proc.stderr.write(`Error: ${error.message}\nFor help, use svwizctl -h\n`);
    return 2;
  }

  const { colourWanted } = await import('../system/terminal-style.js');
  const paint = colourWanted(proc.stdout, proc.env, args.noColor) && !args.json ? await (await import('./paint.js')).loadPaint() : undefined;
  const interactiveShell = args.command.length === 0;
  let completer: ReturnType<typeof import('./shell.js').shellCompleter> | undefined;
  let history: string[] | undefined;
  if (interactiveShell) {
    const { readHistory } = await import('./shell.js');
    history = (await readHistory(settings.historyFile)).reverse();
  }
  const terminal = new ProcessTerminal({
    stdin: proc.stdin,
    stdout: proc.stdout,
    stderr: proc.stderr,
    completer: (line: string, callback: Parameters<NonNullable<typeof completer>>[1]) => completer?.(line, callback) ?? callback(null, [[], line]),
    history,
  });
  const controller = new Controller(settings, terminal, lazyRpcClient, paint, args.json);
  try {
    if (!interactiveShell) {
      // Like supervisorctl: the words are joined and run as one command line.
      await controller.runLine(args.command.join(' '));
      return controller.exitStatus;
    }
    const shell = await import('./shell.js');
    completer = shell.shellCompleter(controller);
    return await shell.runShell(controller, terminal);
  } finally {
    controller.close();
    terminal.close();
  }
}

/** An RPC client that loads the transport and XML codec on its first call. */
function lazyRpcClient(settings: CtlSettings): RpcClient {
  let client: RpcClient | undefined;
  const auth = settings.username !== null && settings.password !== null ? { username: settings.username, password: settings.password } : undefined;
  return {
    async call(method, ...params) {
      if (!client) {
        const { createRpcClient } = await import('../protocol/transport.js');
        client = createRpcClient(settings.serverUrl, auth);
      }
      return client.call(method, ...params);
    },
    close() {
      client?.close();
    },
  };
}
