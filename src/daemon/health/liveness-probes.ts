/**
 * One liveness probe (issue 17): an HTTP(S) GET that is healthy on 2xx/3xx, a TCP connect, or a
 * shell command that is healthy on exit 0, each bounded by the check's timeout. A probe never
 * throws and never leaves anything behind: its socket is destroyed and its command's process
 * group killed when it ends, times out or is aborted (the program stopped).
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { LivenessProbe } from '../../config/types.js';

export interface ProbeResult {
  ok: boolean;
  /** Why it failed: `HTTP 503`, `connection refused`, `exit status 1`, `timed out after 5 s`. */
  reason?: string;
}

const errorText = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found';
  return error instanceof Error ? error.message : String(error);
};

/** Run a probe; resolves (never rejects) within about timeoutSeconds, or soon after `signal` aborts. */
export function runProbe(probe: LivenessProbe, timeoutSeconds: number, signal: AbortSignal, env?: NodeJS.ProcessEnv): Promise<ProbeResult> {
  return new Promise<ProbeResult>((resolve) => {
    let done = false;
    const cleanups: (() => void)[] = [];
    const finish = (result: ProbeResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      for (const cleanup of cleanups) {
        try {
          cleanup();
        } catch {
          // Already gone.
        }
      }
      resolve(result);
    };
    const onAbort = (): void => finish({ ok: false, reason: 'aborted' });
    const timer = setTimeout(() => finish({ ok: false, reason: `timed out after ${timeoutSeconds} s` }), timeoutSeconds * 1000);
    // The socket or child under way holds the loop; the timer alone must not keep a stopping daemon up.
    timer.unref();
    signal.addEventListener('abort', onAbort);
    if (signal.aborted) return onAbort();
    try {
      if (probe.kind === 'http') probeHttp(probe.url, finish, cleanups);
      else if (probe.kind === 'tcp') probeTcp(probe.host, probe.port, finish, cleanups);
      else probeCommand(probe.command, finish, cleanups, env);
    } catch (error) {
      finish({ ok: false, reason: errorText(error) });
    }
  });
}

function probeHttp(url: string, finish: (result: ProbeResult) => void, cleanups: (() => void)[]): void {
  const client = url.toLowerCase().startsWith('https:') ? https : http;
  // agent: false: one connection per check, closed after it, so no idle keep-alive socket stays.
  const request = client.get(url, { agent: false, headers: { 'user-agent': 'svwizd-liveness-check' } }, (response) => {
    const status = response.statusCode ?? 0;
    response.resume();
    finish(status >= 200 && status < 400 ? { ok: true } : { ok: false, reason: `HTTP ${status}` });
  });
  request.on('error', (error) => finish({ ok: false, reason: errorText(error) }));
  cleanups.push(() => request.destroy());
}

function probeTcp(host: string, port: number, finish: (result: ProbeResult) => void, cleanups: (() => void)[]): void {
  const socket = net.connect({ host, port });
  socket.on('connect', () => finish({ ok: true }));
  socket.on('error', (error) => finish({ ok: false, reason: errorText(error) }));
  cleanups.push(() => socket.destroy());
}

function probeCommand(command: string, finish: (result: ProbeResult) => void, cleanups: (() => void)[], env?: NodeJS.ProcessEnv): void {
  // Its own process group, so a timeout kills the shell and whatever it started.
  const child = spawn('/bin/sh', ['-c', command], { stdio: 'ignore', detached: true, env: env ?? process.env });
  child.on('error', (error) => finish({ ok: false, reason: errorText(error) }));
  child.on('exit', (code, signalName) => {
    if (code === 0) finish({ ok: true });
    else finish({ ok: false, reason: signalName ? `killed by ${signalName}` : `exit status ${code}` });
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
  });
}
