/**
 * The one way a test starts a real svwizd: the bin under test (dist or bundle, see bins.ts) runs
 * `-n -c DIR/supervisord.conf` on a config of the test's own, and the start resolves once the
 * daemon answers. Its output is collected; `stop()` ends it with SIGTERM and gives its exit code.
 * What it started and left running is killed when the test file's process exits — not in
 * `stop()`, so a test can still see which children the daemon itself failed to stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { testBin } from './bins.js';
import { daemonConfigText } from './daemon-config.js';
import { StrayProcesses } from './daemon-strays.js';
import { descendantsOf } from './processes.js';
import { basicAuth, rawRequest, type Endpoint } from './rpc-http.js';
import { waitFor } from './temp.js';

export const SVWIZD_BIN = testBin('svwizd');

/** The config file every started daemon reads (Python's helper writes the same name). */
export const CONFIG_NAME = 'supervisord.conf';

/** How a test knows the daemon is up: a server that answers (any HTTP status), or a file it writes when it serves nothing. */
export type Readiness = Endpoint | { file: string };

export interface SvwizdOptions {
  /** Words after `-n -c CONFIG`. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Default: the unix socket DIR/s.sock, where daemonConfigText puts it. */
  answersAt?: Readiness;
  /** A command that runs the bin and execs it (`prlimit … --`), so the pid stays the daemon's. */
  launcher?: string[];
}

export interface RunningSvwizd {
  child: ChildProcess;
  pid: number;
  dir: string;
  configPath: string;
  output(): string;
  exited(): boolean;
  /** SIGTERM and wait for the exit; resolves its exit code (null after a signal). Throws if it hangs. */
  stop(): Promise<number | null>;
}

const STOP_TIMEOUT_MS = 60_000;

// Everything below a daemon at its stop, and every daemon a test never stopped, die with the test file.
const leftovers = new StrayProcesses();
const running = new Set<ChildProcess>();
const isRunning = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;
process.on('exit', () => {
  for (const child of running) {
    if (!isRunning(child)) continue;
    for (const pid of descendantsOf(child.pid!)) leftovers.track(pid);
    child.kill('SIGKILL');
  }
  leftovers.killAll();
});

async function answers(readiness: Readiness): Promise<boolean> {
  if ('file' in readiness) return existsSync(readiness.file);
  // Connection: close, so no kept-alive socket of ours counts against a test of the daemon's connections.
  await rawRequest(readiness, { method: 'GET', path: '/ok.html', headers: { Connection: 'close' }, timeoutMs: 5000 });
  return true;
}

/** Write `configText` to DIR/supervisord.conf, run svwizd on it, resolve once it answers. */
export async function startSvwizd(dir: string, configText: string, options: SvwizdOptions = {}): Promise<RunningSvwizd> {
  const configPath = path.join(dir, CONFIG_NAME);
  writeFileSync(configPath, configText);
  const [command, ...prefix] = [...(options.launcher ?? []), process.execPath];
  const child = spawn(command!, [...prefix, SVWIZD_BIN, '-n', '-c', configPath, ...(options.args ?? [])], { cwd: dir, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const readiness = options.answersAt ?? { socketPath: path.join(dir, 's.sock') };
  await waitFor(`svwizd in ${dir} answering`, () => {
    if (!isRunning(child)) throw new Error(`svwizd exited ${child.exitCode ?? child.signalCode}: ${output}`);
    return answers(readiness);
  }, { timeoutMs: 30_000 });
  return {
    child,
    pid: child.pid!,
    dir,
    configPath,
    output: () => output,
    exited: () => !isRunning(child),
    async stop() {
      if (isRunning(child)) {
        for (const pid of descendantsOf(child.pid!)) leftovers.track(pid);
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const hung = await Promise.race([exit.then(() => false), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS)))]);
        clearTimeout(timer);
        if (hung) {
          child.kill('SIGKILL');
          leftovers.killAll();
          throw new Error(`svwizd in ${dir} still ran ${STOP_TIMEOUT_MS} ms after SIGTERM: ${output}`);
        }
      }
      return child.exitCode;
    },
  };
}

export interface WebSvwizd extends RunningSvwizd {
  url: string;
  port: number;
}

/**
 * svwizd with an inet server with Basic auth on a loopback port (its web UI), `programs` after it.
 * `port` reuses a port (a restart of a daemon that was stopped), else a free one is picked;
 * `storedPassword` is what the config holds (e.g. the {SHA} form of auth.password).
 */
export async function startWebSvwizd(
  dir: string,
  auth: { username: string; password: string },
  programs: string,
  options: { port?: number; storedPassword?: string } = {},
): Promise<WebSvwizd> {
  const port = options.port ?? (await freePort());
  const inet = `[inet_http_server]\nport=127.0.0.1:${port}\nusername=${auth.username}\npassword=${options.storedPassword ?? auth.password}\n`;
  const daemon = await startSvwizd(dir, daemonConfigText(dir, `${inet}\n${programs}`, 'identifier=svwiz-web-e2e'), { answersAt: { port } });
  // The stored password is only proved by a request that uses the clear one.
  const headers = { Authorization: basicAuth(auth.username, auth.password), Connection: 'close' };
  await waitFor(`svwizd on port ${port} accepting ${auth.username}`, async () => (await rawRequest({ port }, { method: 'GET', path: '/ok.html', headers })).status === 200);
  return { ...daemon, url: `http://127.0.0.1:${port}`, port };
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
