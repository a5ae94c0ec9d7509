/**
 * Alert throttling per process (issue 17): a crash loop sends one message, then at most one
 * summary per `alert_throttle` seconds, instead of one per crash. Pure: the state and the clock
 * come in, the decision goes out; alerter.ts keeps the state and the timers.
 *
 * - The first failure (unexpected exit, FATAL, failing check…) of a quiet process is sent at once
 *   and opens an incident.
 * - Failures inside an open incident are counted, not sent; when the window ends a summary of
 *   them is sent (and the window starts again), or, when none came, the incident closes.
 * - A recovery is always sent at once, with how many failures it ends, and closes the incident.
 * - An escalation (FATAL: the loop is over and needs a person) is sent at once too, carrying what
 *   was held back, and starts a new window; otherwise an exit_on_fatal daemon would exit with it
 *   still held.
 */

export interface ThrottleState {
  /** Epoch ms of the last message sent for this process; undefined: no open incident. */
  windowStart?: number;
  /** Failures held back since then. */
  held: number;
  /** The last failure held back (the summary repeats it). */
  lastHeld?: string;
  /** Failures since the incident opened (the recovery message gives it). */
  total: number;
}

export type ThrottleDecision =
  | { send: true; summaryOf?: number; endsFailures?: number }
  | { send: false };

export const quietState = (): ThrottleState => ({ held: 0, total: 0 });

/** A failure at `now`: send it, or hold it back into the summary. */
export function onFailure(state: ThrottleState, message: string, now: number): ThrottleDecision {
  state.total += 1;
  if (state.windowStart === undefined) {
    state.windowStart = now;
    return { send: true };
  }
  state.held += 1;
  state.lastHeld = message;
  return { send: false };
}

/** The throttle window ended: a summary of what was held back, or close the incident. */
export function onWindowEnd(state: ThrottleState, now: number): ThrottleDecision {
  if (state.held === 0) {
    Object.assign(state, quietState(), { windowStart: undefined, lastHeld: undefined });
    return { send: false };
  }
  const held = state.held;
  state.held = 0;
  state.windowStart = now;
  return { send: true, summaryOf: held };
}

/** An escalation (FATAL): sent at once with what was held back; the incident stays open. */
export function onEscalation(state: ThrottleState, now: number): ThrottleDecision {
  state.total += 1;
  const held = state.held;
  state.held = 0;
  state.windowStart = now;
  return held > 0 ? { send: true, summaryOf: held } : { send: true };
}

/** A recovery: always sent; it ends the incident. */
export function onRecovery(state: ThrottleState): ThrottleDecision {
  const ended = state.total;
  Object.assign(state, quietState(), { windowStart: undefined, lastHeld: undefined });
  return { send: true, endsFailures: ended };
}
