/**
 * How long the init system should wait for the supervisor to stop before it kills everything.
 * The supervisor (svwizd and supervisord alike) stops one process group at a time, in reverse
 * priority order, starting the next only when the current one is down; within a group every
 * process is stopped at once and given its own stopwaitsecs before SIGKILL. So the longest a
 * clean stop can take is
 *
 *   STOP_MARGIN_SECS + Σ over groups of (the largest stopwaitsecs in that group)
 *
 * and never less than systemd's own default of 90 s: the unit is written by `svwiz init` before
 * any program exists, and programs added later must not get less time than an untuned unit
 * would give them (re-run `svwiz service install --overwrite` after adding programs with long
 * stopwaitsecs). The margin covers SIGKILL and reaping after the last stopwaitsecs.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadSupervisorConfigSync } from '../config/load.js';
import type { SupervisorConfigModel } from '../config/types.js';

export const STOP_MARGIN_SECS = 10;
/** systemd's DefaultTimeoutStopSec: the floor, and the answer when the config cannot be read. */
export const DEFAULT_STOP_TIMEOUT_SECS = 90;

export function stopTimeoutSecs(model: Pick<SupervisorConfigModel, 'groups' | 'processes'>): number {
  let total = STOP_MARGIN_SECS;
  for (const group of model.groups) {
    const waits = model.processes.filter((p) => p.group === group.name).map((p) => p.stopwaitsecs);
    total += waits.length ? Math.max(...waits) : 0;
  }
  return Math.max(DEFAULT_STOP_TIMEOUT_SECS, total);
}

/**
 * The stop timeout for CONFIG_FILE as it is on this machine now. Under --root the config's
 * include globs name paths of the image, which this machine's loader would read from its own /,
 * so there (and for a config that does not exist yet or does not load) the fallback is used.
 */
export function stopTimeoutForConfig(configFile: string, root: string): { secs: number; note?: string } {
  if (path.resolve(root) !== '/') return { secs: DEFAULT_STOP_TIMEOUT_SECS };
  if (!existsSync(configFile)) return { secs: stopTimeoutSecs({ groups: [], processes: [] }) };
  try {
    return { secs: stopTimeoutSecs(loadSupervisorConfigSync(configFile, { cwd: path.dirname(configFile) })) };
  } catch (error) {
    return { secs: DEFAULT_STOP_TIMEOUT_SECS, note: `${configFile} does not load (${(error as Error).message}); the service's stop timeout is ${DEFAULT_STOP_TIMEOUT_SECS} s instead of one derived from its stopwaitsecs` };
  }
}
