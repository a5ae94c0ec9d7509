/**
 * Sessions with a fleet of idle programs: launch → all RUNNING (S2), footprint and graceful stop
 * (S1), and the control timings (S5), all on the same daemon instance to keep the run short.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { timeCommand } from '../command-timing.js';
import { defaultProgram, type BenchProgram } from '../config-render.js';
import type { DaemonUnderTest, RunningDaemon } from '../daemons/daemon-under-test.js';
import { cpuPercent, cpuSeconds, residentMemory } from '../proc-stats.js';
import { sleeperArgv } from '../program-commands.js';
import { waitAllRunning, type BenchContext } from './scenario-context.js';

export function fleetPrograms(dir: string, count: number, startsecs: number): BenchProgram[] {
  return Array.from({ length: count }, (_, index) =>
    defaultProgram(`prog-${String(index + 1).padStart(4, '0')}`, sleeperArgv(), dir, { startsecs }),
  );
}

/** Launch timeout: generous, Python supervisord needs ~30 ms per program. */
function launchTimeoutMs(count: number, startsecs: number): number {
  return 60_000 + count * 200 + startsecs * 1000;
}

async function startFleet(ctx: BenchContext, daemon: DaemonUnderTest, count: number, startsecs: number): Promise<RunningDaemon> {
  const dir = ctx.freshDir(`${daemon.id.slice(0, 3)}-n${count}s${startsecs}`);
  const running = await daemon.start(dir, fleetPrograms(dir, count, startsecs));
  try {
    const ms = await waitAllRunning(running, count, launchTimeoutMs(count, startsecs));
    ctx.record(`launch-${count}-${startsecs}`, daemon.id, ms);
    ctx.progress(`${daemon.id}: ${count} programs (startsecs=${startsecs}) all RUNNING after ${ms.toFixed(0)} ms`);
    return running;
  } catch (error) {
    await running.tearDown();
    throw error;
  }
}

async function timeRpcList(ctx: BenchContext, running: RunningDaemon, count: number): Promise<void> {
  const samples: number[] = [];
  for (let index = 0; index < 3 + ctx.options.rpcCalls; index += 1) {
    const start = performance.now();
    const list = await running.listPrograms();
    const ms = performance.now() - start;
    if (list.length < count) throw new Error(`${running.id}: list returned ${list.length} of ${count} programs`);
    if (index >= 3) samples.push(ms);
  }
  ctx.record(`rpcAll-${count}`, running.id, ...samples);
  if (!running.rawListRoundTrip) return;
  const raw: number[] = [];
  for (let index = 0; index < 3 + ctx.options.rpcCalls; index += 1) {
    const ms = await running.rawListRoundTrip();
    if (index >= 3) raw.push(ms);
  }
  ctx.record(`rpcAllRaw-${count}`, running.id, ...raw);
}

async function timeControl(ctx: BenchContext, running: RunningDaemon, count: number): Promise<void> {
  const timing = { runs: ctx.options.commandRuns, warmup: 1 };
  const status = running.id === 'pm2' ? ['ls'] : ['status'];
  ctx.record(`ctlStatus-${count}`, running.id, ...(await timeCommand(running.ownCtl(status), timing)));
  const realCtl = running.supervisorctl(['status']);
  if (realCtl) ctx.record(`pyctlStatus-${count}`, running.id, ...(await timeCommand(realCtl, timing)));
  await timeRpcList(ctx, running, count);
}

async function timeStopStartAll(ctx: BenchContext, running: RunningDaemon, count: number): Promise<void> {
  const [stop, start] = running.id === 'pm2' ? [['stop', 'all'], ['restart', 'all']] : [['stop', 'all'], ['start', 'all']];
  const begin = performance.now();
  await timeCommand(running.ownCtl(stop), { runs: 1, warmup: 0 });
  await timeCommand(running.ownCtl(start), { runs: 1, warmup: 0 });
  const ms = performance.now() - begin;
  // start all returns once all are RUNNING (startsecs=0); PM2's returns at spawn. Confirm either way.
  await waitAllRunning(running, count, launchTimeoutMs(count, 0));
  ctx.record('stopStartAll', running.id, ms);
}

/** The small fleet, startsecs=0: launch, RSS, idle CPU, control, stop/start all, graceful stop. */
export async function runSmallFleetSession(ctx: BenchContext, daemon: DaemonUnderTest): Promise<void> {
  const count = ctx.options.sizes.small;
  const running = await startFleet(ctx, daemon, count, 0);
  try {
    await sleep(2000);
    const memory = residentMemory(running.pid);
    ctx.record('rssSmall', daemon.id, memory.rss);
    ctx.record('anonSmall', daemon.id, memory.anon);
    ctx.record('fileSmall', daemon.id, memory.file);
    const idleMs = ctx.options.sizes.idleSeconds * 1000;
    const cpuStart = cpuSeconds(running.pid);
    const wallStart = performance.now();
    await sleep(idleMs);
    ctx.record('idleCpu', daemon.id, cpuPercent(cpuStart, cpuSeconds(running.pid), performance.now() - wallStart));
    await timeControl(ctx, running, count);
    await timeStopStartAll(ctx, running, count);
    await sleep(500);
    const stopMs = await running.gracefulStop(300_000);
    if (stopMs === undefined) ctx.problem(`${daemon.id}: graceful stop of ${count} programs did not finish within 300 s`);
    else {
      ctx.record('gracefulStop', daemon.id, stopMs);
      ctx.progress(`${daemon.id}: graceful stop of ${count} programs took ${stopMs.toFixed(0)} ms`);
    }
  } finally {
    await running.tearDown();
  }
}

/**
 * The small fleet on svwizd in low-memory mode (`lowMemory` is that variant of the daemon): its
 * memory only, recorded in rows of their own so the launch and RSS rows stay the default mode's.
 */
export async function runLowMemoryFleetSession(ctx: BenchContext, lowMemory: DaemonUnderTest): Promise<void> {
  const count = ctx.options.sizes.small;
  const dir = ctx.freshDir(`low-n${count}`);
  const running = await lowMemory.start(dir, fleetPrograms(dir, count, 0));
  try {
    await waitAllRunning(running, count, launchTimeoutMs(count, 0));
    await sleep(2000);
    const memory = residentMemory(running.pid);
    ctx.record('rssSmallLow', running.id, memory.rss);
    ctx.record('anonSmallLow', running.id, memory.anon);
  } finally {
    await running.tearDown();
  }
}

/** The large fleet, startsecs=0: launch, then the control timings at that size. */
export async function runLargeFleetSession(ctx: BenchContext, daemon: DaemonUnderTest): Promise<void> {
  const count = ctx.options.sizes.large;
  const running = await startFleet(ctx, daemon, count, 0);
  try {
    await sleep(1000);
    await timeControl(ctx, running, count);
  } finally {
    await running.tearDown();
  }
}

/** Launch only, with startsecs=1 (PM2 has no equivalent). */
export async function runSlowStartSessions(ctx: BenchContext, daemon: DaemonUnderTest): Promise<void> {
  for (const count of [ctx.options.sizes.small, ctx.options.sizes.large]) {
    const running = await startFleet(ctx, daemon, count, 1);
    await running.tearDown();
  }
}
