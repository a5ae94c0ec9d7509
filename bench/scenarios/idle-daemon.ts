/** A daemon with no programs: its bare RSS (S1) and its ctl's `version` start-up (S6). */
import { setTimeout as sleep } from 'node:timers/promises';
import { timeCommand } from '../command-timing.js';
import type { DaemonUnderTest } from '../daemons/daemon-under-test.js';
import { rssMegabytes } from '../proc-stats.js';
import { waitAnswering, type BenchContext } from './scenario-context.js';

export async function runEmptyDaemonSession(ctx: BenchContext, daemon: DaemonUnderTest): Promise<void> {
  const running = await daemon.start(ctx.freshDir(`${daemon.id.slice(0, 3)}-empty`), []);
  try {
    await waitAnswering(running, 30_000);
    await sleep(1500);
    ctx.record('rss0', daemon.id, rssMegabytes(running.pid));
    const version = running.id === 'pm2' ? ['-v'] : ['version'];
    ctx.record('ctlVersion', daemon.id, ...(await timeCommand(running.ownCtl(version), { runs: ctx.options.commandRuns * 2, warmup: 1 })));
  } finally {
    await running.tearDown();
  }
}
