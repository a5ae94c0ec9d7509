/**
 * `restart_limit` / `restart_limit_window` (issue 17): a program that exits unexpectedly
 * `restart_limit` times within the window is not restarted again but put in FATAL, so a crash
 * loop ends instead of running (paced) for ever. Supervisor has only startretries, which counts
 * exits inside startsecs. Pure bookkeeping: the caller keeps one list of crash times per process.
 */

/** The crash times still inside the window after a crash at `at` (epoch seconds). */
export function recordCrash(times: readonly number[], at: number, windowSeconds: number): number[] {
  return [...times.filter((time) => at - time < windowSeconds), at];
}

/** The spawnerr when the crashes inside the window reached the limit, else undefined. */
export function restartLimitReached(times: readonly number[], now: number, limit: number, windowSeconds: number): string | undefined {
  const recent = times.filter((time) => now - time < windowSeconds).length;
  return recent >= limit ? `${recent} crashes in ${windowSeconds} s; restart_limit reached` : undefined;
}
