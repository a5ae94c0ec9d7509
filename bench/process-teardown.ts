/**
 * Every daemon the harness starts is registered here and torn down on the way out, even on
 * Ctrl-C or an error. Teardown is fast on purpose (Python supervisord needs minutes to stop 500
 * programs gracefully): freeze the daemon, SIGKILL its descendants, then let it reap them and
 * shut down on SIGTERM; a daemon that still lingers is SIGKILLed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { descendants, isRunning } from './proc-stats.js';

const tracked = new Set<number>();

export function trackDaemon(pid: number): void {
  tracked.add(pid);
}

export function untrackDaemon(pid: number): void {
  tracked.delete(pid);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Poll /proc until `pid` is gone (zombie counts as gone); true when it went within the time. */
export async function waitGone(pid: number, timeoutMs: number, intervalMs = 5): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(intervalMs);
  }
  return true;
}

export async function tearDownDaemon(pid: number): Promise<void> {
  if (isRunning(pid)) {
    signal(pid, 'SIGSTOP');
    for (const child of descendants(pid)) signal(child, 'SIGKILL');
    signal(pid, 'SIGTERM');
    signal(pid, 'SIGCONT');
    if (!(await waitGone(pid, 30_000))) {
      for (const child of descendants(pid)) signal(child, 'SIGKILL');
      signal(pid, 'SIGKILL');
      await waitGone(pid, 2_000);
    }
  }
  untrackDaemon(pid);
}

export async function tearDownAll(): Promise<void> {
  await Promise.all([...tracked].map((pid) => tearDownDaemon(pid)));
}

/** Last resort when the harness exits without the async teardown: kill everything now. */
function killAllNow(): void {
  for (const pid of tracked) {
    for (const child of descendants(pid)) signal(child, 'SIGKILL');
    signal(pid, 'SIGKILL');
  }
  tracked.clear();
}

/** Ctrl-C / SIGTERM: tear down, then exit 130/143; a plain exit kills what is left. */
export function installTeardownOnExit(onInterrupt: () => Promise<void> = tearDownAll): void {
  let interrupted = false;
  const interrupt = (code: number) => (): void => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write('\nbench: interrupted, stopping every daemon it started…\n');
    void onInterrupt().finally(() => process.exit(code));
  };
  process.on('SIGINT', interrupt(130));
  process.on('SIGTERM', interrupt(143));
  process.on('exit', killAllNow);
}
