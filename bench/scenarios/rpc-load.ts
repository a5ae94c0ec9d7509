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
import { residentMemory, rssMegabytes } from '../proc-stats.js';
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

/** The highest RSS and the highest anonymous memory seen while `work` runs (each its own peak). */
async function peakMemory(pid: number, work: () => Promise<unknown>): Promise<{ rss: number; anon: number }> {
  const peak = { rss: 0, anon: 0 };
  const sample = (): void => {
    const now = residentMemory(pid);
    peak.rss = Math.max(peak.rss, now.rss);
    peak.anon = Math.max(peak.anon, now.anon);
  };
  sample();
  const timer = setInterval(sample, 10);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  sample();
  return peak;
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

async function startSmallDaemon(ctx: BenchContext, daemon: DaemonUnderTest, name: string): Promise<{ running: RunningDaemon; socketPath: string }> {
  const dir = ctx.freshDir(name);
  const running: RunningDaemon = await daemon.start(dir, Array.from({ length: PROGRAMS }, (_, i) => defaultProgram(`p${i}`, sleeperArgv(), dir)));
  try {
    await waitAllRunning(running, PROGRAMS, 60_000);
    await sleep(1000);
  } catch (error) {
    await running.tearDown();
    throw error;
  }
  // The supervisor-family adapter serves its unix socket here (bench/daemons/supervisor-family.ts).
  return { running, socketPath: path.join(dir, 's.sock') };
}

/** 50 pollers for 10 s: peak RSS and anonymous memory, and the RSS that stays 3 s after. */
async function measurePollers(ctx: BenchContext, running: RunningDaemon, socketPath: string, rows: { peak: string; peakAnon: string; after: string }): Promise<void> {
  const seconds = ctx.options.quick ? 3 : 10;
  const peak = await peakMemory(running.pid, () => pollFor(socketPath, seconds));
  ctx.record(rows.peak, running.id, peak.rss);
  ctx.record(rows.peakAnon, running.id, peak.anon);
  await sleep(3000);
  ctx.record(rows.after, running.id, rssMegabytes(running.pid));
}

export async function runRpcLoadSession(ctx: BenchContext, daemon: DaemonUnderTest): Promise<void> {
  const { running, socketPath } = await startSmallDaemon(ctx, daemon, `${daemon.id.slice(0, 3)}-rpc`);
  try {
    ctx.record('rpcRssBase', daemon.id, rssMegabytes(running.pid));
    for (const [row, megabytes] of [['rpcBig15', 15], ['rpcBig1', 0.9]] as const) {
      const body = largeCall(megabytes);
      ctx.record(row, daemon.id, (await peakMemory(running.pid, () => post(socketPath, body))).rss);
    }
    await measurePollers(ctx, running, socketPath, { peak: 'rpcPollPeak', peakAnon: 'rpcPollPeakAnon', after: 'rpcPollAfter' });
  } finally {
    await running.tearDown();
  }
}

/** The same pollers against svwizd in low-memory mode (`lowMemory` is that variant of the daemon). */
export async function runLowMemoryPollSession(ctx: BenchContext, lowMemory: DaemonUnderTest): Promise<void> {
  const { running, socketPath } = await startSmallDaemon(ctx, lowMemory, 'low-rpc');
  try {
    await measurePollers(ctx, running, socketPath, { peak: 'rpcPollPeakLow', peakAnon: 'rpcPollPeakAnonLow', after: 'rpcPollAfterLow' });
  } finally {
    await running.tearDown();
  }
}
