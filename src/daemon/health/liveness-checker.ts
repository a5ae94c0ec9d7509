/**
 * The liveness check of one program (issue 17): while the process is RUNNING, wait
 * `initial_delay`, then probe, then wait `period` after each probe ends (as ochinchina does, so
 * a slow probe never overlaps the next one). Only one timer or one probe exists at a time, and
 * none at all outside RUNNING: stop() clears the timer and aborts the probe under way, so an
 * idle or stopped program costs nothing. The timer is unref'd: the daemon's servers keep it alive.
 */
import type { LivenessCheckConfig } from '../../config/types.js';
import { FRESH_TALLY, healthText, recordCheck, type HealthTally } from './health-tally.js';
import { runProbe, type ProbeResult } from './liveness-probes.js';

export interface LivenessEvents {
  /** The health state changed (`unhealthy` after failure_threshold failures, `healthy` again). */
  became(state: 'healthy' | 'unhealthy', tally: HealthTally): void;
  /** Every result, for the main log at debug level. */
  checked?(result: ProbeResult, tally: HealthTally): void;
  /** A handler above threw: reported, never rethrown (a check must never take the daemon down). */
  failed?(error: unknown): void;
}

export class LivenessChecker {
  private timer: NodeJS.Timeout | undefined;
  private abort: AbortController | undefined;
  private tallyNow: HealthTally = FRESH_TALLY;
  private running = false;

  constructor(
    readonly config: LivenessCheckConfig,
    private readonly events: LivenessEvents,
    private readonly probe: typeof runProbe = runProbe,
  ) {}

  get tally(): HealthTally {
    return this.tallyNow;
  }

  /** The words for `status` ('' while healthy or not yet checked). */
  get text(): string {
    return this.running ? healthText(this.tallyNow, this.config) : '';
  }

  /** The process entered RUNNING: a fresh tally, the first probe after the initial delay. */
  start(): void {
    this.stop();
    this.running = true;
    this.tallyNow = FRESH_TALLY;
    this.schedule(this.config.initialDelaySeconds);
  }

  /** The process left RUNNING (or was removed): no timer, no probe. */
  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.abort = undefined;
  }

  private schedule(seconds: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check();
    }, seconds * 1000);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    let result: ProbeResult;
    try {
      result = await this.probe(this.config.probe, this.config.timeoutSeconds, abort.signal);
    } catch (error) {
      // runProbe does not reject; a replaced probe might. A check must never take the daemon down.
      result = { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    // Stopped (or restarted) while the probe ran: its answer belongs to a process that is gone.
    if (abort.signal.aborted || this.abort !== abort) return;
    this.abort = undefined;
    const step = recordCheck(this.tallyNow, result, this.config);
    this.tallyNow = step.tally;
    try {
      this.events.checked?.(result, step.tally);
      if (step.became) this.events.became(step.became, step.tally);
    } catch (error) {
      this.events.failed?.(error);
    } finally {
      // The failure action may have stopped us (stop/restart): schedule only while still running.
      if (this.running && !this.timer && !this.abort) this.schedule(this.config.periodSeconds);
    }
  }
}
