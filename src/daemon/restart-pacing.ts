/**
 * Restart pacing for programs that keep dying right after reaching RUNNING.
 *
 * Why: Supervisor restarts an EXITED program at once (no delay, #487) but only notices exits on
 * its 1 s loop, so a program that passes startsecs and then dies loops about once a second.
 * svwizd reacts to exits at once, which would turn the same program into a fork storm. So:
 *
 * - A run that ends less than QUICK_EXIT_WINDOW_MS after its spawn counts as a quick exit.
 * - The first quick exit restarts immediately (Supervisor's behaviour is kept for a one-off crash).
 * - Each further consecutive quick exit doubles a minimum restart interval: 100 ms, 200 ms,
 *   400 ms … capped at MAX_RESTART_DELAY_MS. While waiting the process stays EXITED.
 * - A run that lasts QUICK_EXIT_WINDOW_MS or longer, or a start/stop requested by a person
 *   (RPC or reload), resets the count.
 *
 * The BACKOFF/FATAL machinery inside startsecs is untouched (1 s, 2 s, 3 s… then FATAL).
 */

export const QUICK_EXIT_WINDOW_MS = 10_000;
export const FIRST_PACED_DELAY_MS = 100;
export const MAX_RESTART_DELAY_MS = 10_000;

export function isQuickExit(runMs: number): boolean {
  return runMs < QUICK_EXIT_WINDOW_MS;
}

/** Delay before the automatic restart that follows the `consecutiveQuickExits`-th quick exit in a row. */
export function restartDelayMs(consecutiveQuickExits: number): number {
  if (consecutiveQuickExits <= 1) return 0;
  return Math.min(FIRST_PACED_DELAY_MS * 2 ** (consecutiveQuickExits - 2), MAX_RESTART_DELAY_MS);
}
