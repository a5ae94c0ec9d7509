/**
 * Runs Debian's real Python supervisord (the reference implementation) on a config of the
 * test's own, in its own temp dir, socket and port. Fails loudly when it is not installed:
 * interop tests must not skip.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from './temp.js';
import { isAlive } from './processes.js';

export const PYTHON_SUPERVISORD = '/usr/bin/supervisord';
export const PYTHON_SUPERVISORCTL = '/usr/bin/supervisorctl';
export const DEBIAN_PYTHON = '/usr/bin/python3';

export function requirePythonSupervisor(): void {
  if (!existsSync(PYTHON_SUPERVISORD) || !existsSync(PYTHON_SUPERVISORCTL)) {
    throw new Error(
      `Debian's supervisor package is required (${PYTHON_SUPERVISORD} missing): install it as .ci/run does`,
    );
  }
}

export interface RunningSupervisord {
  child: ChildProcess;
  configPath: string;
  socketPath: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Write `configText` to DIR/supervisord.conf and start `supervisord -n -c` on it. The config must
 * define `[unix_http_server] file=` at `socketPath`; resolves once the socket answers.
 */
export async function startPythonSupervisord(dir: string, configText: string, socketPath: string): Promise<RunningSupervisord> {
  requirePythonSupervisor();
  const configPath = path.join(dir, 'supervisord.conf');
  writeFileSync(configPath, configText);
  const child = spawn(PYTHON_SUPERVISORD, ['-n', '-c', configPath], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await waitFor(`python supervisord socket ${socketPath}`, () => {
    if (child.exitCode !== null) throw new Error(`supervisord exited ${child.exitCode}: ${output}`);
    return existsSync(socketPath);
  });
  return {
    child,
    configPath,
    socketPath,
    output: () => output,
    stop: async () => {
      if (child.pid && isAlive(child.pid)) {
        child.kill('SIGTERM');
        await waitFor('python supervisord exit', () => child.exitCode !== null || child.signalCode !== null || !isAlive(child.pid!), { timeoutMs: 60000 });
      }
    },
  };
}
