/**
 * Daemon mode without fork(): the command re-runs itself detached (setsid, stdio on /dev/null)
 * with a marker in its environment and a readiness pipe on fd 3. The waiting parent exits 0 only
 * once the child says it is serving, or non-zero with the child's reason when start-up failed.
 */
import { spawn } from 'node:child_process';
import { closeSync, writeSync } from 'node:fs';

export const DAEMON_CHILD_MARKER = 'SVWIZD_DAEMON_CHILD';
const READY_FD = 3;

export function isDaemonChild(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[DAEMON_CHILD_MARKER] === '1';
}

/**
 * Parent side: start the detached copy (node's own flags kept, extra ones after them) and wait for
 * its verdict. Returns the exit code and reason.
 */
export function detachAndWait(scriptArgs: string[], extraNodeFlags: readonly string[] = []): Promise<{ code: number; reason?: string }> {
  const child = spawn(process.execPath, [...process.execArgv, ...extraNodeFlags, ...scriptArgs], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    env: { ...process.env, [DAEMON_CHILD_MARKER]: '1' },
  });
  return new Promise((resolve) => {
    let message = '';
    const channel = child.stdio[READY_FD] as NodeJS.ReadableStream | null;
    let exited: number | null = null;
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? 1 : 0);
    });
    child.once('error', (error) => resolve({ code: 1, reason: `cannot start the daemon: ${error.message}` }));
    channel?.setEncoding('utf8');
    channel?.on('data', (chunk: string) => (message += chunk));
    channel?.once('close', () => {
      if (message.startsWith('ready')) {
        child.unref();
        resolve({ code: 0 });
        return;
      }
      const reason = message.replace(/^error:/, '').trim() || 'the daemon exited before it was ready';
      const finish = (code: number | null): void => resolve({ code: code && code !== 0 ? code : 1, reason });
      if (exited !== null) finish(exited);
      else child.once('exit', (code) => finish(code));
    });
  });
}

/** Child side: tell the parent we serve (once). */
export function reportReady(): void {
  try {
    writeSync(READY_FD, 'ready\n');
    closeSync(READY_FD);
  } catch {
    // the parent is gone; nothing to tell
  }
}

/** Child side: tell the parent why start-up failed. */
export function reportStartFailure(reason: string): void {
  try {
    writeSync(READY_FD, `error:${reason}\n`);
    closeSync(READY_FD);
  } catch {
    // the parent is gone; nothing to tell
  }
}
