/**
 * A real svwizd for the RPC fault suite (test/integration/faults/rpc-*): a unix socket and an
 * inet server on a free loopback port, one long-running program, and the checks every fault test
 * ends with — the daemon answers, the program still runs with the pid it had — plus its RSS read
 * from /proc.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { rssMegabytes } from '../../bench/proc-stats.js';
import { daemonConfigText } from './daemon-config.js';
import { startSvwizd, type RunningSvwizd } from './svwizd-daemon.js';
import { xmlRpcCall, type Endpoint } from './rpc-http.js';
import { makeTempDir, removeTempDir, waitFor } from './temp.js';
import { freePort } from './svwizd-daemon.js';

export { rssMegabytes };

export interface FaultDaemon {
  dir: string;
  pid: number;
  port: number;
  unix: Endpoint;
  inet: Endpoint;
  /** Headers a normal client sends on the inet server (auth when asked for). */
  headers: Record<string, string>;
  output(): string;
  /** The daemon answers getState RUNNING and `steady` is RUNNING with the pid it had at start. */
  assertHealthy(): Promise<void>;
  stop(): Promise<void>;
}

/** Peak RSS of `pid` while `work` runs, sampled every 10 ms. */
export async function peakRssDuring<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peakMb = rssMegabytes(pid);
  const timer = setInterval(() => {
    peakMb = Math.max(peakMb, rssMegabytes(pid));
  }, 10);
  try {
    const result = await work();
    return { result, peakMb: Math.max(peakMb, rssMegabytes(pid)) };
  } finally {
    clearInterval(timer);
  }
}

export async function startFaultDaemon(
  prefix: string,
  { auth, inetExtra = '' }: { auth?: { username: string; password: string }; inetExtra?: string } = {},
): Promise<FaultDaemon> {
  const dir = makeTempDir(prefix);
  const port = await freePort();
  const authLines = auth ? `username=${auth.username}\npassword=${auth.password}\n` : '';
  const programs = `[inet_http_server]\nport=127.0.0.1:${port}\n${authLines}${inetExtra}\n\n[program:steady]\ncommand=/bin/sleep 100000\nstartsecs=0\n`;
  const socketPath = path.join(dir, 's.sock');
  let daemon: RunningSvwizd;
  try {
    daemon = await startSvwizd(dir, daemonConfigText(dir, programs));
  } catch (error) {
    removeTempDir(dir);
    throw error;
  }
  const unix: Endpoint = { socketPath };
  const headers: Record<string, string> = auth ? { Authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {};
  const steadyPid = await waitFor('steady RUNNING', async () => {
    const info = (await xmlRpcCall(unix, 'supervisor.getProcessInfo', ['steady'])) as { statename: string; pid: number };
    return info.statename === 'RUNNING' ? info.pid : undefined;
  });
  return {
    dir,
    pid: daemon.child.pid!,
    port,
    unix,
    inet: { port },
    headers,
    output: daemon.output,
    async assertHealthy() {
      assert.equal(daemon.child.exitCode, null, `svwizd exited: ${daemon.output()}`);
      const state = (await xmlRpcCall({ port }, 'supervisor.getState', [], headers)) as { statename: string };
      assert.equal(state.statename, 'RUNNING');
      const info = (await xmlRpcCall(unix, 'supervisor.getProcessInfo', ['steady'])) as { statename: string; pid: number };
      assert.deepEqual([info.statename, info.pid], ['RUNNING', steadyPid], 'the program kept running');
    },
    async stop() {
      try {
        await daemon.stop();
      } finally {
        removeTempDir(dir);
      }
    },
  };
}
