/**
 * Processes a test may leave behind (orphans by design, daemons in daemon mode), killed at the
 * end only if the pid still names the same process (pid + kernel start time): a recycled pid
 * may belong to anything, even another test file.
 */
import { processStartTime } from '../../src/daemon/pid-records.js';

export class StrayProcesses {
  private readonly tracked: { pid: number; starttime: string }[] = [];

  track(pid: number): void {
    const starttime = processStartTime(pid);
    if (starttime) this.tracked.push({ pid, starttime });
  }

  killAll(): void {
    for (const { pid, starttime } of this.tracked) {
      if (processStartTime(pid) !== starttime) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
