/**
 * What svwizd does when a program's liveness check changes its mind (issue 17): the main log,
 * an alert ("health check failing", then "recovered"), a REMOTE_COMMUNICATION event of type
 * `svwiz.health` (the one event type whose `type:` Supervisor leaves free, so every listener
 * already accepts it), and the failure action: restart, stop, or a shell command.
 */
import type { LivenessCheckConfig } from '../../config/types.js';
import type { HealthTally } from './health-tally.js';
import { LivenessChecker } from './liveness-checker.js';
import { runProbe } from './liveness-probes.js';

export const HEALTH_EVENT_TYPE = 'svwiz.health';
/** ochinchina gives action scripts 60 s too. */
const ACTION_TIMEOUT_SECONDS = 60;

export interface HealthTarget {
  readonly name: string;
  readonly groupName: string;
}

export interface HealthHooks {
  info(message: string): void;
  warn(message: string): void;
  alertFailing(message: string): void;
  alertRecovered(message: string): void;
  remoteEvent(type: string, data: string): void;
  restart(why: string): void;
  stop(why: string): void;
  /** The health state or what status shows changed: SupervisedProcess.onChange listeners hear it (the web UI's feed pushes on it). */
  changed(): void;
}

/** The REMOTE_COMMUNICATION data: one header line as Supervisor's payloads have, then the reason. */
export function healthEventData(target: HealthTarget, state: 'healthy' | 'unhealthy', tally: HealthTally): string {
  const head = `processname:${target.name} groupname:${target.groupName} health:${state} failures:${tally.failures}`;
  return tally.reason ? `${head}\n${tally.reason}` : head;
}

export class ProcessHealth {
  readonly checker: LivenessChecker;
  private readonly actions = new Set<AbortController>();

  constructor(
    private readonly target: HealthTarget,
    private readonly config: LivenessCheckConfig,
    private readonly hooks: HealthHooks,
  ) {
    let shown = '';
    this.checker = new LivenessChecker(config, {
      became: (state, tally) => this.became(state, tally),
      // The health state too (unknown → healthy adds no words, but depends_on and the web UI's row want it).
      checked: (_result, tally) => {
        const now = `${tally.state}|${this.checker.text}`;
        if (now === shown) return;
        shown = now;
        hooks.changed();
      },
      failed: (error) => hooks.warn(`liveness check of ${target.name}: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  private became(state: 'healthy' | 'unhealthy', tally: HealthTally): void {
    const name = this.target.name;
    this.hooks.remoteEvent(HEALTH_EVENT_TYPE, healthEventData(this.target, state, tally));
    if (state === 'healthy') {
      this.hooks.info(`liveness check of ${name} passes`);
      this.hooks.alertRecovered('liveness check passes again');
      if (this.config.successAction) this.runAction(this.config.successAction, state, tally);
      return;
    }
    const text = `liveness check failing: ${tally.reason} (${tally.failures} failures in a row)`;
    this.hooks.warn(`${name}: ${text}; liveness_check_failure_action is ${this.config.failureAction}`);
    this.hooks.alertFailing(text);
    if (this.config.failureAction === 'restart') this.hooks.restart(text);
    else if (this.config.failureAction === 'stop') this.hooks.stop(text);
    else this.runAction(this.config.failureAction, state, tally);
  }

  private runAction(command: string, state: string, tally: HealthTally): void {
    const abort = new AbortController();
    this.actions.add(abort);
    const env = {
      ...process.env,
      SUPERVISOR_PROCESS_NAME: this.target.name,
      SUPERVISOR_GROUP_NAME: this.target.groupName,
      SVWIZ_HEALTH: state,
      SVWIZ_HEALTH_REASON: tally.reason ?? '',
    };
    void runProbe({ kind: 'command', command }, ACTION_TIMEOUT_SECONDS, abort.signal, env).then((result) => {
      this.actions.delete(abort);
      if (!result.ok && result.reason !== 'aborted') this.hooks.warn(`liveness action of ${this.target.name} (${command}) failed: ${result.reason}`);
    });
  }

  /** Forget the program: no check, no action command left running. */
  dispose(): void {
    this.checker.stop();
    for (const action of this.actions) action.abort();
    this.actions.clear();
  }
}
