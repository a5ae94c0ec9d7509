/** What every scenario session gets: options, a fresh temp dir, a recorder, progress output. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchOptions } from '../bench-options.js';
import type { RunningDaemon } from '../daemons/daemon-under-test.js';
import type { ResultSamples } from '../results-table.js';
import type { DaemonId } from '../rows.js';

export class BenchContext {
  readonly samples: ResultSamples = new Map();
  readonly problems: string[] = [];
  private dirCount = 0;

  constructor(
    readonly options: BenchOptions,
    readonly rootDir: string,
  ) {}

  record(rowId: string, daemon: DaemonId, ...values: number[]): void {
    const row = this.samples.get(rowId) ?? {};
    row[daemon] = [...(row[daemon] ?? []), ...values];
    this.samples.set(rowId, row);
  }

  progress(message: string): void {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  }

  problem(message: string): void {
    this.problems.push(message);
    this.progress(`PROBLEM: ${message}`);
  }

  /** A fresh short dir (unix socket paths must stay under ~100 bytes). */
  freshDir(label: string): string {
    this.dirCount += 1;
    const dir = path.join(this.rootDir, `${this.dirCount}${label}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }
}

/** Polls the daemon's list until `count` programs run; ms since the daemon was launched. */
export async function waitAllRunning(daemon: RunningDaemon, count: number, timeoutMs: number, intervalMs = 20): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      const programs = await daemon.listPrograms();
      const running = programs.filter((program) => program.running).length;
      if (running >= count) return performance.now() - daemon.launchedAt;
      last = `${running}/${count} running`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (performance.now() > deadline) throw new Error(`${daemon.id}: not all ${count} programs RUNNING within ${timeoutMs} ms (${last})`);
    await sleep(intervalMs);
  }
}

/** Waits until the daemon answers its list call at all. */
export async function waitAnswering(daemon: RunningDaemon, timeoutMs: number): Promise<void> {
  await waitAllRunning(daemon, 0, timeoutMs);
}
