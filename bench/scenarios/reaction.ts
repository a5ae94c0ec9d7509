/**
 * S3: how fast a killed child is back, seen from outside through the pid FIFO (nobody asking the
 * daemon, then with a client polling), and what a crash loop costs (restarts/s, daemon CPU).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultProgram, type BenchProgram } from '../config-render.js';
import type { DaemonUnderTest, RunningDaemon } from '../daemons/daemon-under-test.js';
import { PidAnnouncements } from '../pid-announcements.js';
import { cpuPercent, cpuSeconds } from '../proc-stats.js';
import { announcingCrasherArgv, announcingSleeperArgv, announcingWorkerArgv } from '../program-commands.js';
import { waitAnswering, type BenchContext } from './scenario-context.js';

export function reactionPrograms(dir: string, fifo: string, kills: number): BenchProgram[] {
  const programs: BenchProgram[] = [];
  // One program per kill: every kill is a first crash, so restart pacing never applies to it.
  for (let index = 0; index < kills; index += 1) {
    programs.push(defaultProgram(`quiet-${index}`, announcingSleeperArgv(fifo), dir));
    programs.push(defaultProgram(`polled-${index}`, announcingSleeperArgv(fifo), dir));
  }
  programs.push(defaultProgram('crasher', announcingCrasherArgv(fifo), dir, { autostart: false }));
  programs.push(defaultProgram('worker', announcingWorkerArgv(fifo), dir, { autostart: false }));
  return programs;
}

async function killAndWatch(running: RunningDaemon, announcements: PidAnnouncements, pid: number): Promise<number> {
  const from = announcements.seen.length;
  const start = performance.now();
  process.kill(pid, 'SIGKILL');
  const next = await announcements.next(10_000, from);
  return next.at - start;
}

/** A client asking the daemon for its process list every 10 ms, as a dashboard would. */
function startPolling(running: RunningDaemon): () => Promise<void> {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await running.listPrograms().catch(() => undefined);
      await sleep(10);
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

/** Start a looping program and count its restarts (pid announcements) and the daemon's CPU over the window. */
async function watchLoop(running: RunningDaemon, announcements: PidAnnouncements, name: string, windowMs: number): Promise<{ restarts: number; cpu: number }> {
  const from = announcements.seen.length;
  await running.startProgram(name);
  const first = await announcements.next(10_000, from);
  const cpuStart = cpuSeconds(running.pid);
  await sleep(Math.max(0, first.at + windowMs - performance.now()));
  const cpuEnd = cpuSeconds(running.pid);
  const wall = performance.now() - first.at;
  const restarts = announcements.seen.slice(from + 1).filter((announcement) => announcement.at <= first.at + windowMs).length;
  return { restarts, cpu: cpuPercent(cpuStart, cpuEnd, wall) };
}

export async function runReactionSession(ctx: BenchContext, daemon: DaemonUnderTest): Promise<void> {
  const dir = ctx.freshDir(`${daemon.id.slice(0, 3)}-react`);
  const announcements = new PidAnnouncements(path.join(dir, 'pids.fifo'));
  const kills = ctx.options.kills;
  let running: RunningDaemon | undefined;
  try {
    running = await daemon.start(dir, reactionPrograms(dir, announcements.fifoPath, kills));
    await announcements.next(60_000, 2 * kills - 1);
    await waitAnswering(running, 30_000);
    const pids = new Map((await running.listPrograms()).map((program) => [program.name, program.pid]));
    await sleep(1000);
    for (let index = 0; index < kills; index += 1) {
      // A random pause puts each kill at a random phase of any periodic loop in the daemon.
      await sleep(300 + Math.random() * 1000);
      ctx.record('killQuiet', daemon.id, await killAndWatch(running, announcements, pids.get(`quiet-${index}`)!));
    }
    const stopPolling = startPolling(running);
    try {
      for (let index = 0; index < kills; index += 1) {
        await sleep(300 + Math.random() * 300);
        ctx.record('killPolled', daemon.id, await killAndWatch(running, announcements, pids.get(`polled-${index}`)!));
      }
    } finally {
      await stopPolling();
    }
    ctx.progress(`${daemon.id}: SIGKILL samples done`);

    const windowMs = ctx.options.sizes.crashWindowSeconds * 1000;
    const crash = await watchLoop(running, announcements, 'crasher', windowMs);
    ctx.record('crashRate', daemon.id, crash.restarts / (windowMs / 1000));
    ctx.record('crashCpu', daemon.id, crash.cpu);
    ctx.progress(`${daemon.id}: crash loop ${crash.restarts} restarts in ${windowMs / 1000} s`);
    await running.stopProgram('crasher');
    const worker = await watchLoop(running, announcements, 'worker', windowMs);
    ctx.record('workerRate', daemon.id, worker.restarts / (windowMs / 60_000));
    ctx.progress(`${daemon.id}: short-lived worker ${worker.restarts} restarts in ${windowMs / 1000} s`);
    await running.stopProgram('worker');
  } finally {
    announcements.close();
    await running?.tearDown();
  }
}
