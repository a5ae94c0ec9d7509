/** S6: the doctor on a typical setup, and the runtimes' own start-up as baselines. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runCommand, timeCommand } from '../command-timing.js';
import type { DaemonUnderTest } from '../daemons/daemon-under-test.js';
import { binArgv, SVWIZ } from '../svwiz-build.js';
import { fleetPrograms } from './fleet.js';
import { waitAllRunning, type BenchContext } from './scenario-context.js';

/** `svwiz ARGS` as the bench runs it (bench/svwiz-build.ts). */
function svwizCommand(args: string[]): { file: string; args: string[] } {
  const [file, ...before] = binArgv(SVWIZ);
  return { file: file!, args: [...before, ...args] };
}

export async function runBaselines(ctx: BenchContext): Promise<void> {
  const runs = { runs: ctx.options.commandRuns * 2, warmup: 1 };
  ctx.record('nodeStartup', 'svwizd', ...(await timeCommand({ file: process.execPath, args: ['-e', '0'] }, runs)));
  ctx.record('pythonStartup', 'svwizd', ...(await timeCommand({ file: '/usr/bin/python3', args: ['-c', 'pass'] }, runs)));
  // Every launch and restart figure is bounded by this: both daemons fork + exec each child.
  ctx.record('forkExec', 'svwizd', ...(await timeCommand({ file: '/bin/true', args: [] }, runs)));
}

/** `svwiz doctor -c CONF` against a running svwizd with 5 programs: what a user runs after init. */
export async function runDoctorSession(ctx: BenchContext, daemon: DaemonUnderTest): Promise<void> {
  const probe = existsSync(SVWIZ) ? await runCommand(svwizCommand(['doctor', '--help'])) : undefined;
  if (!probe || probe.code !== 0) {
    ctx.problem(`svwiz doctor is not available yet (${SVWIZ} doctor --help exited ${probe?.code ?? 'missing'})`);
    return;
  }
  const dir = ctx.freshDir(`${daemon.id.slice(0, 3)}-doctor`);
  const running = await daemon.start(dir, fleetPrograms(dir, 5, 0));
  try {
    await waitAllRunning(running, 5, 30_000);
    const config = path.join(dir, 'supervisord.conf');
    // The doctor exits 1 when it finds an error; the timing is what matters here, any verdict is fine.
    const samples = await timeCommand(svwizCommand(['doctor', '-c', config]), { runs: ctx.options.commandRuns, warmup: 1, okCodes: [0, 1] });
    ctx.record('doctor', daemon.id, ...samples);
  } finally {
    await running.tearDown();
  }
}
