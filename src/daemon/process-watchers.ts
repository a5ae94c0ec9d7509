/**
 * svwizd's watchers beyond Supervisor (issue 17), fed by every process state change: the memory
 * limit, the restart-rate limit, exit_on_fatal and alerts. Each rule lives in its own module;
 * this one only routes state changes to them, so supervisor-core.ts needs three calls.
 */
import type { SupervisorConfigModel } from '../config/types.js';
import type { ProcessStateName } from '../protocol/states.js';
import { Alerter } from './alerts/alerter.js';
import type { AlertKind } from './alerts/alert-message.js';
import { exitOnFatal, type FatalExitTarget } from './fatal-exit.js';
import type { MainLog } from './main-log.js';
import { formatBytes, MemoryLimitCheck } from './memory-limit.js';
import { recordCrash, restartLimitReached } from './restart-rate-limit.js';
import { STABLE_RUN_MS } from './restart-pacing.js';
import type { StateChangeDetail, SupervisedProcess } from './supervised-process.js';
import { ProcessHealth } from './health/process-health.js';

interface Watched {
  memory?: MemoryLimitCheck;
  /** liveness_check_* (health/process-health.ts). */
  health?: ProcessHealth;
  /** A memory-limit or liveness restart is under way: start again once STOPPED. */
  restartPending?: boolean;
  crashes: number[];
  /** A failure was alerted since the last stable run (a recovery is worth telling). */
  failed: boolean;
  recoveryTimer?: NodeJS.Timeout;
}

const namespec = (process: SupervisedProcess): string => `${process.groupName}:${process.name}`;

/** What the watchers need of the daemon: exit_on_fatal's target, and events for health changes. */
export interface WatchersDaemon extends FatalExitTarget {
  sendRemoteCommunication(type: string, data: string): void;
  /** A process's health changed: dependents waiting for it (depends_on) look again. */
  healthChanged(process: SupervisedProcess): void;
}

export class ProcessWatchers {
  readonly alerter: Alerter;
  private readonly watched = new Map<SupervisedProcess, Watched>();

  constructor(
    private readonly config: SupervisorConfigModel,
    private readonly log: MainLog,
    private readonly daemon: WatchersDaemon,
  ) {
    this.alerter = new Alerter(config.alerts, log, config.supervisord.identifier);
  }

  /** alert(kind, process, message) for other watchers (health checks). */
  alert(kind: AlertKind, process: SupervisedProcess, message: string): void {
    this.alerter.alert(kind, namespec(process), message);
    if (kind !== 'recovery') this.entry(process).failed = true;
  }

  private entry(process: SupervisedProcess): Watched {
    let entry = this.watched.get(process);
    if (!entry) {
      entry = { crashes: [], failed: false };
      const limits = process.config.limits;
      if (limits?.memoryLimitBytes !== undefined) {
        entry.memory = new MemoryLimitCheck(process, limits.memoryLimitBytes, limits.memoryCheckPeriodSeconds, (rss) => this.overMemory(process, rss));
      }
      if (process.config.liveness) entry.health = this.healthOf(process, process.config.liveness);
      this.watched.set(process, entry);
    }
    return entry;
  }

  /** The restart the state machine is about to make: refused (with the spawnerr) when restart_limit is reached. */
  refuseRestart(process: SupervisedProcess): string | undefined {
    const limits = process.config.limits;
    if (limits?.restartLimit === undefined) return undefined;
    const entry = this.entry(process);
    const refusal = restartLimitReached(entry.crashes, Date.now() / 1000, limits.restartLimit, limits.restartLimitWindowSeconds);
    if (refusal) entry.crashes = [];
    return refusal;
  }

  stateChanged(process: SupervisedProcess, from: ProcessStateName, detail: StateChangeDetail): void {
    const to = process.state;
    const entry = this.entry(process);
    if (to === 'STARTING' || to === 'RUNNING') entry.memory?.start();
    else entry.memory?.stop();
    // Checks run only while RUNNING; any other state (STOPPING first of all) cancels them.
    if (to === 'RUNNING') entry.health?.checker.start();
    else entry.health?.checker.stop();
    if (to !== 'RUNNING' && entry.recoveryTimer) {
      clearTimeout(entry.recoveryTimer);
      entry.recoveryTimer = undefined;
    }

    if (to === 'EXITED' && !detail.expected) {
      const limits = process.config.limits;
      if (limits?.restartLimit !== undefined) entry.crashes = recordCrash(entry.crashes, Date.now() / 1000, limits.restartLimitWindowSeconds);
      this.alert('unexpected_exit', process, `exited unexpectedly (${process.spawnerr ?? `exit status ${process.exitstatus}`}), pid ${detail.pid}`);
    } else if (to === 'FATAL') {
      this.alert('fatal', process, `entered FATAL: ${process.spawnerr ?? 'gave up'}`);
      exitOnFatal(this.config.supervisord.fatalExit, this.daemon, process.name, this.log);
    } else if (to === 'RUNNING' && entry.failed) {
      this.armRecovery(process, entry);
    } else if (to === 'STOPPED') {
      entry.crashes = [];
      if (entry.restartPending && this.daemon.mood === 'RUNNING') {
        entry.restartPending = false;
        queueMicrotask(() => process.start());
      }
    }
  }

  /** RUNNING for a stable run (restart pacing's measure) after a failure is a recovery. */
  private armRecovery(process: SupervisedProcess, entry: Watched): void {
    if (!this.alerter.enabled) return;
    const wait = Math.max(0, process.laststart * 1000 + STABLE_RUN_MS - Date.now());
    entry.recoveryTimer = setTimeout(() => {
      entry.recoveryTimer = undefined;
      // With a liveness check, recovery is the check passing again (ProcessHealth says so), not uptime.
      if (entry.health) return;
      entry.failed = false;
      this.alerter.alert('recovery', namespec(process), `RUNNING again for ${STABLE_RUN_MS / 1000} s, pid ${process.pid}`);
    }, wait);
    entry.recoveryTimer.unref();
  }

  private overMemory(process: SupervisedProcess, rss: number): void {
    const entry = this.entry(process);
    if (entry.restartPending || process.state !== 'RUNNING') return;
    const limit = entry.memory!.limitBytes;
    process.memoryLimitRestarts += 1;
    const text = `process tree RSS ${formatBytes(rss)} is above memory_limit ${formatBytes(limit)}`;
    this.log.warn(`restarting ${process.name}: ${text} (memory-limit restart ${process.memoryLimitRestarts})`);
    this.alert('memory_limit', process, text);
    this.restart(process, entry, 'memory_limit');
  }

  /** Stop now, start again once STOPPED (stateChanged does the start). */
  private restart(process: SupervisedProcess, entry: Watched, why: string): void {
    entry.restartPending = true;
    const error = process.stop();
    if (error) {
      entry.restartPending = false;
      this.log.warn(`cannot restart ${process.name} for ${why}: ${error}`);
    }
  }

  private healthOf(process: SupervisedProcess, config: NonNullable<SupervisedProcess['config']['liveness']>): ProcessHealth {
    return new ProcessHealth(process, config, {
      info: (message) => this.log.info(message),
      warn: (message) => this.log.warn(message),
      alertFailing: (message) => this.alert('health_check', process, message),
      alertRecovered: (message) => {
        const entry = this.entry(process);
        if (!entry.failed) return;
        entry.failed = false;
        this.alerter.alert('recovery', namespec(process), message);
      },
      remoteEvent: (type, data) => this.daemon.sendRemoteCommunication(type, data),
      changed: () => {
        process.announceChange();
        this.daemon.healthChanged(process);
      },
      restart: () => {
        const entry = this.entry(process);
        if (entry.restartPending || process.state !== 'RUNNING') return;
        process.healthRestarts += 1;
        this.log.warn(`restarting ${process.name} for its liveness check (liveness restart ${process.healthRestarts})`);
        this.restart(process, entry, 'its liveness check');
      },
      stop: () => {
        this.log.warn(`stopping ${process.name} for its liveness check`);
        const error = process.stop();
        if (error) this.log.warn(`cannot stop ${process.name} for its liveness check: ${error}`);
      },
    });
  }

  /** A process's liveness check for status: its state, failures in a row, and the words to show. */
  health(process: SupervisedProcess): { state: string; failures: number; text: string } {
    const checker = this.watched.get(process)?.health?.checker;
    return checker ? { state: checker.tally.state, failures: checker.tally.failures, text: checker.text } : { state: 'unknown', failures: 0, text: '' };
  }

  /** Deliveries still under way (awaited before the daemon exits). */
  flush(): Promise<void> {
    return this.alerter.flush();
  }

  forget(process: SupervisedProcess): void {
    const entry = this.watched.get(process);
    entry?.memory?.stop();
    entry?.health?.dispose();
    if (entry?.recoveryTimer) clearTimeout(entry.recoveryTimer);
    this.watched.delete(process);
  }

  dispose(): void {
    for (const process of [...this.watched.keys()]) this.forget(process);
    this.alerter.dispose();
  }
}
