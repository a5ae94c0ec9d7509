/**
 * What XML-RPC requests cost a daemon's memory (issue 12), svwizd beside supervisord: peak RSS
 * while one large request is handled (a 15 MB body, which svwizd refuses from its Content-Length,
 * and a 0.9 MB one, which both parse), and under 50 clients polling getAllProcessInfo, plus the
 * RSS that stays a few seconds after the pollers stop. RSS is read from /proc every 10 ms.
 */
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeMethodCall } from '../../src/protocol/xmlrpc-codec.js';
import { defaultProgram } from '../config-render.js';
import type { DaemonUnderTest, RunningDaemon } from '../daemons/daemon-under-test.js';
import { rssMegabytes } from '../proc-stats.js';
import { sleeperArgv } from '../program-commands.js';
import { waitAllRunning, type BenchContext } from './scenario-context.js';

const PROGRAMS = 5;
const POLLERS = 50;

/** A getState call carrying `megabytes` of strings (getState takes none: both daemons answer a fault after parsing). */
function largeCall(megabytes: number): string {
  const piece = 'x'.repeat(64 * 1024);
  return encodeMethodCall('supervisor.getState', [Array.from({ length: Math.round((megabytes * 1024 * 1024) / piece.length) }, () => piece)]);
}

function post(socketPath: string, body: string, agent?: http.Agent): Promise<number> {
  return new Promise((resolve) => {
    const request = http.request(
      { socketPath, path: '/RPC2', method: 'POST', agent, headers: { Host: 'localhost', 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.setTimeout(120_000, () => request.destroy());
    // A daemon that refuses a large body from its headers may close while it is still being sent.
    request.on('error', () => resolve(0));
    request.end(body);
  });
}

async function peakRss(pid: number, work: () => Promise<unknown>): Promise<number> {
  let peak = rssMegabytes(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMegabytes(pid))), 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rssMegabytes(pid));
}

async function pollFor(socketPath: string, seconds: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: POLLERS });
  const call = encodeMethodCall('supervisor.getAllProcessInfo', []);
  const deadline = Date.now() + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: POLLERS }, async () => {
        for (let i = 0; i < 100_000 && Date.now() < deadline; i += 1) await post(socketPath, call, agent);
      }),
    );
  } finally {
    agent.destroy();
  }
}

export async function runRpcLoadSession(ctx: BenchContext, daemon: DaemonUnderTest): Promise<void> {
  const dir = ctx.freshDir(`${daemon.id.slice(0, 3)}-rpc`);
  const running: RunningDaemon = await daemon.start(dir, Array.from({ length: PROGRAMS }, (_, i) => defaultProgram(`p${i}`, sleeperArgv(), dir)));
  try {
    await waitAllRunning(running, PROGRAMS, 60_000);
    // The supervisor-family adapter serves its unix socket here (bench/daemons/supervisor-family.ts).
    const socketPath = path.join(dir, 's.sock');
    await sleep(1000);
    ctx.record('rpcRssBase', daemon.id, rssMegabytes(running.pid));
    for (const [row, megabytes] of [['rpcBig15', 15], ['rpcBig1', 0.9]] as const) {
      const body = largeCall(megabytes);
      ctx.record(row, daemon.id, await peakRss(running.pid, () => post(socketPath, body)));
    }
    const seconds = ctx.options.quick ? 3 : 10;
    ctx.record('rpcPollPeak', daemon.id, await peakRss(running.pid, () => pollFor(socketPath, seconds)));
    await sleep(3000);
    ctx.record('rpcPollAfter', daemon.id, rssMegabytes(running.pid));
  } finally {
    await running.tearDown();
  }
}
