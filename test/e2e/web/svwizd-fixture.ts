/**
 * A real svwizd (the built bin) on a config of the test's own, an inet server on a free loopback
 * port with Basic auth, in a temp dir. Fails loudly when the bin has not been built.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '../../helpers/processes.js';
import { testBin } from '../../helpers/bins.js';
import { freePort } from '../../helpers/wizard-cli.js';
import { waitFor } from '../../helpers/temp.js';

export const SVWIZD_BIN = testBin('svwizd');

export interface RunningSvwizd {
  url: string;
  port: number;
  dir: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

// One free-port helper for every test layer (the web tests import it from here).
export { freePort };

/**
 * `programs` is config text appended after the [supervisord] and [inet_http_server] sections.
 * `port` reuses a port (a restart of a daemon that was stopped), else a free one is picked;
 * `storedPassword` is what the config holds (e.g. the {SHA} form of auth.password).
 */
export async function startSvwizd(
  dir: string,
  auth: { username: string; password: string },
  programs: string,
  options: { port?: number; storedPassword?: string } = {},
): Promise<RunningSvwizd> {
  if (!existsSync(SVWIZD_BIN)) throw new Error(`svwizd is not built (${SVWIZD_BIN} missing): run npx tsc -p .`);
  const port = options.port ?? (await freePort());
  const configPath = path.join(dir, 'supervisord.conf');
  writeFileSync(
    configPath,
    [
      '[supervisord]',
      'logfile=%(here)s/supervisord.log',
      'pidfile=%(here)s/supervisord.pid',
      'childlogdir=%(here)s',
      'nodaemon=true',
      'identifier=svwiz-web-e2e',
      '',
      '[inet_http_server]',
      `port=127.0.0.1:${port}`,
      `username=${auth.username}`,
      `password=${options.storedPassword ?? auth.password}`,
      '',
      programs,
    ].join('\n'),
  );
  const child: ChildProcess = spawn(process.execPath, [SVWIZD_BIN, '-n', '-c', configPath], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const authHeader = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  await waitFor(`svwizd answering on ${url}`, async () => {
    if (child.exitCode !== null) throw new Error(`svwizd exited ${child.exitCode}: ${output}`);
    const response = await fetch(`${url}/ok.html`, { headers: { Authorization: authHeader } });
    return response.status === 200;
  });
  return {
    url,
    port,
    dir,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      if (child.pid && isAlive(child.pid)) {
        child.kill('SIGTERM');
        try {
          await waitFor('svwizd exit', () => child.exitCode !== null || child.signalCode !== null || !isAlive(child.pid!), { timeoutMs: 20000 });
        } catch {
          child.kill('SIGKILL');
        }
      }
    },
  };
}
