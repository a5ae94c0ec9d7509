/**
 * Restart pacing: pace crashes, not completions (issue #12).
 *
 * Why: svwizd reacts to a child's exit at once, so a program that crashes at once would be
 * restarted in a tight fork loop. Supervisor is paced by accident: its main loop runs at least
 * once a second, so a crash loop there restarts about once a second, and a program whose exit
 * wakes the loop is restarted within milliseconds. The rule keeps svwizd never slower than that:
 *
 * - An exit that `exitcodes` calls expected restarts at once, always (queue workers with
 *   `--once`/`--max-jobs`, loop scripts), and ends a crash streak.
 * - An unexpected exit after `startsecs` is a crash. The first crash in a row restarts at once.
 *   Each further one in a row spawns no sooner than `laststart + interval`, the interval starting
 *   at 100 ms and doubling up to 1 s (Supervisor's own loop period). The interval counts from the
 *   previous *spawn*, so a program that ran for a second or more is never delayed at all.
 * - A run of STABLE_RUN_MS or more ends the streak, as does a start or stop by a person.
 *
 * BACKOFF/FATAL inside `startsecs` is Supervisor's and is untouched.
 */

/** A crash after a run at least this long starts a new streak instead of extending one. */
export const STABLE_RUN_MS = 10_000;
export const FIRST_PACED_INTERVAL_MS = 100;
/** Supervisor's main loop period: the slowest it would restart a crash loop. */
export const MAX_PACED_INTERVAL_MS = 1_000;
/** From this many crashes in a row on, the doctor and the web UI call it a crash loop. */
export const CRASH_LOOP_STREAK = 5;

/** The crash streak after an exit; `expected` exits and stable runs end a streak. */
export function nextCrashStreak(streak: number, exit: { expected: boolean; runMs: number }): number {
  if (exit.expected) return 0;
  return exit.runMs >= STABLE_RUN_MS ? 1 : streak + 1;
}

/** Minimum time between the previous spawn and the restart after the `streak`-th crash in a row. */
export function pacedIntervalMs(streak: number): number {
  if (streak <= 1) return 0;
  return Math.min(FIRST_PACED_INTERVAL_MS * 2 ** (streak - 2), MAX_PACED_INTERVAL_MS);
}

/** Epoch seconds before which the restart after an exit must not spawn (≤ now: at once). */
export function restartNotBefore(laststart: number, streak: number): number {
  return laststart + pacedIntervalMs(streak) / 1000;
}

/** Words for `status` and the web UI while a paced restart waits: "restarting in 0.4 s after 5 crashes in a row". */
export function pacedRestartText(secondsLeft: number, streak: number): string {
  const left = secondsLeft < 1 ? secondsLeft.toFixed(1) : String(Math.ceil(secondsLeft));
  return `restarting in ${left} s after ${streak} crashes in a row`;
}
