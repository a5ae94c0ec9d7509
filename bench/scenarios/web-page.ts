/**
 * What an open web page costs svwizd: the daemon's CPU and RSS over the idle window with no page
 * connected, then with one page's live stream open (GET /api/events: state pushes, /proc usage of
 * every program tree every 3 s, host facts every 15 s), on the same daemon with the small fleet.
 * The stream is opened over the control socket with a plain HTTP client: the daemon does the same
 * work for it as for Chromium (the page asks nothing else while nobody clicks), and the
 * browser's own CPU is no cost of the daemon. svwizd only: supervisord's page does not stream.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DaemonUnderTest, RunningDaemon } from '../daemons/daemon-under-test.js';
import { cpuPercent, cpuSeconds, rssMegabytes } from '../proc-stats.js';
import { fleetPrograms } from './fleet.js';
import { waitAllRunning, type BenchContext } from './scenario-context.js';

interface OpenStream {
  /** Event frames received so far, by event name. */
  readonly counts: Map<string, number>;
  close(): void;
}

function openEventStream(socketPath: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const counts = new Map<string, number>();
    const request = http.get({ socketPath, path: '/api/events', headers: { Host: 'localhost', 'Sec-Fetch-Site': 'same-origin' } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`GET /api/events answered HTTP ${response.statusCode}`));
        return;
      }
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        for (const match of chunk.matchAll(/^event: (\w+)$/gm)) counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
      });
      response.on('error', () => {});
      resolve({ counts, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

async function measureWindow(running: RunningDaemon, seconds: number): Promise<{ cpu: number; rss: number }> {
  const cpuStart = cpuSeconds(running.pid);
  const wallStart = performance.now();
  await sleep(seconds * 1000);
  return { cpu: cpuPercent(cpuStart, cpuSeconds(running.pid), performance.now() - wallStart), rss: rssMegabytes(running.pid) };
}

export async function runWebPageSession(ctx: BenchContext, daemon: DaemonUnderTest): Promise<void> {
  const count = ctx.options.sizes.small;
  const dir = ctx.freshDir(`${daemon.id.slice(0, 3)}-web`);
  const running = await daemon.start(dir, fleetPrograms(dir, count, 0));
  try {
    if (!running.socketPath) throw new Error(`${daemon.id}: no control socket to open the page's stream on`);
    await waitAllRunning(running, count, 60_000 + count * 200);
    await sleep(2000);
    const seconds = Math.max(ctx.options.sizes.idleSeconds, 6);
    const closed = await measureWindow(running, seconds);
    ctx.record('webClosedCpu', daemon.id, closed.cpu);
    ctx.record('webClosedRss', daemon.id, closed.rss);
    const stream = await openEventStream(running.socketPath);
    try {
      // The first samples (and the lazy load of the host module) belong to opening the page.
      await sleep(2000);
      const open = await measureWindow(running, seconds);
      const usageFrames = stream.counts.get('usage') ?? 0;
      if (usageFrames < 2) throw new Error(`${daemon.id}: the page's stream got ${usageFrames} usage frames in ${seconds + 2} s`);
      ctx.record('webOpenCpu', daemon.id, open.cpu);
      ctx.record('webOpenRss', daemon.id, open.rss);
      ctx.progress(`${daemon.id}: page closed ${closed.cpu.toFixed(2)} % / ${closed.rss.toFixed(1)} MB, open ${open.cpu.toFixed(2)} % / ${open.rss.toFixed(1)} MB (${usageFrames} usage frames)`);
    } finally {
      stream.close();
    }
  } finally {
    await running.tearDown();
  }
}
