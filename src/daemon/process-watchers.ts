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

interface Watched {
  memory?: MemoryLimitCheck;
  /** A memory-limit restart is under way: start again once STOPPED. */
  memoryRestarting?: boolean;
  crashes: number[];
  /** A failure was alerted since the last stable run (a recovery is worth telling). */
  failed: boolean;
  recoveryTimer?: NodeJS.Timeout;
}

const namespec = (process: SupervisedProcess): string => `${process.groupName}:${process.name}`;

export class ProcessWatchers {
  readonly alerter: Alerter;
  private readonly watched = new Map<SupervisedProcess, Watched>();

  constructor(
    private readonly config: SupervisorConfigModel,
    private readonly log: MainLog,
    private readonly daemon: FatalExitTarget,
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
      if (entry.memoryRestarting && this.daemon.mood === 'RUNNING') {
        entry.memoryRestarting = false;
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
      entry.failed = false;
      this.alerter.alert('recovery', namespec(process), `RUNNING again for ${STABLE_RUN_MS / 1000} s, pid ${process.pid}`);
    }, wait);
    entry.recoveryTimer.unref();
  }

  private overMemory(process: SupervisedProcess, rss: number): void {
    const entry = this.entry(process);
    if (entry.memoryRestarting || process.state !== 'RUNNING') return;
    const limit = entry.memory!.limitBytes;
    process.memoryLimitRestarts += 1;
    const text = `process tree RSS ${formatBytes(rss)} is above memory_limit ${formatBytes(limit)}`;
    this.log.warn(`restarting ${process.name}: ${text} (memory-limit restart ${process.memoryLimitRestarts})`);
    this.alert('memory_limit', process, text);
    entry.memoryRestarting = true;
    const error = process.stop();
    if (error) {
      entry.memoryRestarting = false;
      this.log.warn(`cannot restart ${process.name} for memory_limit: ${error}`);
    }
  }

  /** Deliveries still under way (awaited before the daemon exits). */
  flush(): Promise<void> {
    return this.alerter.flush();
  }

  forget(process: SupervisedProcess): void {
    const entry = this.watched.get(process);
    entry?.memory?.stop();
    if (entry?.recoveryTimer) clearTimeout(entry.recoveryTimer);
    this.watched.delete(process);
  }

  dispose(): void {
    for (const process of [...this.watched.keys()]) this.forget(process);
    this.alerter.dispose();
  }
}
