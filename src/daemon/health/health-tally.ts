/**
 * The bookkeeping of one liveness check (issue 17), pure: consecutive failures and successes and
 * the health they add up to. A process starts `unknown`; `failureThreshold` failures in a row make
 * it `unhealthy` (the failure action runs once, on that step); after a failure,
 * `successThreshold` successes in a row make it `healthy` again (ochinchina's meaning of the
 * success threshold: before it was unhealthy, one success is enough).
 */
export type HealthState = 'unknown' | 'healthy' | 'unhealthy';

export interface HealthTally {
  state: HealthState;
  failures: number;
  successes: number;
  /** Why the last check failed (`HTTP 503`, `connection refused`), null after a success. */
  reason: string | null;
}

export interface Thresholds {
  failureThreshold: number;
  successThreshold: number;
}

/** What a check result changes: the new tally, and `became` when the health state changed. */
export interface TallyStep {
  tally: HealthTally;
  became?: 'healthy' | 'unhealthy';
}

export const FRESH_TALLY: HealthTally = { state: 'unknown', failures: 0, successes: 0, reason: null };

export function recordCheck(tally: HealthTally, result: { ok: boolean; reason?: string }, limits: Thresholds): TallyStep {
  if (result.ok) {
    // As in ochinchina, a success ends the run of failures; only leaving `unhealthy` needs the threshold.
    const successes = tally.successes + 1;
    const healthy = tally.state !== 'unhealthy' || successes >= limits.successThreshold;
    const next: HealthTally = { state: healthy ? 'healthy' : 'unhealthy', failures: 0, successes, reason: healthy ? null : tally.reason };
    return healthy && tally.state !== 'healthy' ? { tally: next, became: 'healthy' } : { tally: next };
  }
  const failures = tally.failures + 1;
  const unhealthy = failures >= limits.failureThreshold;
  const next: HealthTally = {
    state: unhealthy ? 'unhealthy' : tally.state,
    failures,
    successes: 0,
    reason: result.reason ?? 'check failed',
  };
  return unhealthy && tally.state !== 'unhealthy' ? { tally: next, became: 'unhealthy' } : { tally: next };
}

/** The words `status` appends to a RUNNING process's description; '' while the check passes. */
export function healthText(tally: HealthTally, limits: Thresholds): string {
  if (tally.state === 'unhealthy' && tally.failures === 0) return `unhealthy: recovering (${tally.successes} of ${limits.successThreshold} successes)`;
  if (tally.failures === 0) return '';
  const plural = tally.failures === 1 ? 'failure' : 'failures';
  if (tally.state === 'unhealthy') return `unhealthy: ${tally.reason} (${tally.failures} ${plural})`;
  return `health check failing: ${tally.reason} (${tally.failures} of ${limits.failureThreshold} failures)`;
}
