/**
 * Children left running by a svwizd that was killed (kill -9, OOM) are stopped by the next start
 * before it spawns new copies (#12): two copies of one program (a worker on one queue, a bot on
 * one token) do harm that no log shows. Supervisor starts new copies next to the survivors and
 * says nothing. A process is only touched when its pid, kernel start time *and* command line all
 * match the record; anything else is named in the log and left alone.
 */
import type { ProcessConfig } from '../config/types.js';
import type { MainLog } from './main-log.js';
import { processCommandLine, processStartTime, runsRecordedCommand, type ChildRecord, type StateRecord } from './pid-records.js';
import { nodeSignal, signalNumber } from './signal-names.js';

export interface LeftoverPlan {
  /** Still the same process running the recorded command: stopped before autostart. */
  stop: ChildRecord[];
  /** Alive with the recorded pid and start time but another command line (or an old record): left alone. */
  foreign: { child: ChildRecord; cmdline: string[] | undefined }[];
}

export function planLeftovers(leftovers: ChildRecord[], cmdlineOf: (pid: number) => string[] | undefined = processCommandLine): LeftoverPlan {
  const plan: LeftoverPlan = { stop: [], foreign: [] };
  for (const child of leftovers) {
    const cmdline = cmdlineOf(child.pid);
    if (runsRecordedCommand(child, cmdline)) plan.stop.push(child);
    else plan.foreign.push({ child, cmdline });
  }
  return plan;
}

const namespec = (child: ChildRecord): string => (child.group === child.name ? child.name : `${child.group}:${child.name}`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function signalQuietly(pid: number, signal: number): void {
  try {
    process.kill(pid, nodeSignal(signal));
  } catch {
    // already gone
  }
}

/** Stop one leftover as its program would be stopped: stopsignal, stopwaitsecs, then SIGKILL. */
async function stopLeftover(child: ChildRecord, config: ProcessConfig | undefined, log: MainLog): Promise<void> {
  const gone = (): boolean => processStartTime(child.pid) !== child.starttime;
  // Children lead their own process group (setsid), so -pid reaches what the program started.
  const stopTarget = config?.stopasgroup ? -child.pid : child.pid;
  const killTarget = config?.killasgroup || config?.stopasgroup ? -child.pid : child.pid;
  signalQuietly(stopTarget, signalNumber(config?.stopsignal ?? 'TERM') ?? 15);
  const deadline = Date.now() + (config?.stopwaitsecs ?? 10) * 1000;
  while (!gone() && Date.now() < deadline) await sleep(50);
  if (!gone()) {
    log.warn(`killing leftover '${namespec(child)}' (${child.pid}) with SIGKILL`);
    signalQuietly(killTarget, 9);
    while (!gone()) await sleep(20);
  }
  log.info(`stopped leftover '${namespec(child)}' (pid ${child.pid})`);
}

/** Stop every leftover of `record` that is provably ours; report the others. Resolves once they are gone. */
export async function stopLeftoverChildren(
  record: StateRecord | undefined,
  leftovers: ChildRecord[],
  configs: readonly ProcessConfig[],
  log: MainLog,
): Promise<void> {
  if (leftovers.length === 0) return;
  const plan = planLeftovers(leftovers);
  for (const { child, cmdline } of plan.foreign) {
    log.warn(
      `process '${namespec(child)}' (pid ${child.pid}) was left running by a previous svwizd (pid ${record?.daemonPid}), ` +
        `but its command line ${cmdline ? `'${cmdline.join(' ')}'` : '(unreadable)'} is not the recorded one, so it is left alone ` +
        `and a new copy may start next to it: stop it with 'kill ${child.pid}' if it is a copy`,
    );
  }
  for (const child of plan.stop) {
    log.warn(
      `stopping '${namespec(child)}' (pid ${child.pid}), left running by a previous svwizd (pid ${record?.daemonPid}) that did not stop it: ` +
        'a new copy starts once it is gone',
    );
  }
  const configOf = (child: ChildRecord) => configs.find((config) => config.group === child.group && config.name === child.name);
  await Promise.all(plan.stop.map((child) => stopLeftover(child, configOf(child), log)));
}
