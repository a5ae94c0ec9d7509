/**
 * One supervised process and Supervisor's state machine for it (reference 2.2–2.6), driven by
 * events instead of a 1 s polling loop: the child's 'exit' event, and one timer per process that
 * exists only while a time-based transition is pending (startsecs, backoff delay, stopwaitsecs,
 * restart pacing). `transition()` is Supervisor's transition() evaluated at that moment.
 */
import type { SpawnedChild } from './child-spawn.js';
import type { ChildOutput } from './child-output.js';
import type { ProcessConfig } from '../config/types.js';
import type { ProcessStateName } from '../protocol/states.js';
import type { ResolvedCommand } from './command-resolve.js';
import { commandOf, forkErrorText, launchChild, type LaunchContext } from './process-launch.js';
import type { MainLog } from './main-log.js';
import { outputEventOptionsFor, ProcessLogChannels, type Channel } from './process-log-channels.js';
import { nextCrashStreak, restartNotBefore } from './restart-pacing.js';
import { describeExit, nodeSignal, signalName, signalNumber } from './signal-names.js';

/** What a process needs from the daemon around it. */
export interface ProcessHost extends LaunchContext {
  log: MainLog;
  /** False while shutting down or reloading: nothing is (re)spawned then. */
  mayStartProcesses(): boolean;
  stripAnsi: boolean;
  /** Every state change, after it happened (shutdown sequencing, RPC waiters, pid records, events). */
  stateChanged(process: SupervisedProcess, from: ProcessStateName, detail: StateChangeDetail): void;
  /** A child now has a pid (pid records). */
  childSpawned(process: SupervisedProcess): void;
  /** PROCESS_LOG_* (kind 'log') or PROCESS_COMMUNICATION_* (kind 'communication') output of a child. */
  outputEvent(process: SupervisedProcess, kind: 'log' | 'communication', channel: Channel, pid: number, data: Buffer): void;
  /** svwizd's restart_limit (issue 17): a spawnerr when the autorestart about to happen is refused (→ FATAL). */
  refuseRestart?(process: SupervisedProcess): string | undefined;
  /** depends_on (issue 17, dependency-gate.ts): may this process spawn now? `first`: it is not waiting yet. */
  dependencyGate?(process: SupervisedProcess, first: boolean): DependencyVerdict;
}

/** What the dependency gate says about a spawn (see dependency-gate.ts). */
export type DependencyVerdict = { kind: 'ready' } | { kind: 'wait'; waitingFor: string[] } | { kind: 'failed'; spawnerr: string };

/** What a PROCESS_STATE event reports beyond the states themselves. */
export interface StateChangeDetail {
  /** The child's pid; for the EXITED/STOPPED of an exit, the pid that exited (Supervisor reports it). */
  pid: number;
  /** EXITED only: the exit code was one of exitcodes. */
  expected: boolean;
}

/** The event-listener side of a process (see events/listener-pool.ts); absent for programs. */
export interface ListenerHooks {
  spawned(stdout: ChildOutput | null): void;
  exited(stdout: ChildOutput | null): void;
}

/** How a child last ended (for the web UI: Supervisor's exitstatus is -1 for any signal). */
export interface LastExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Epoch seconds. */
  at: number;
  /** A requested stop, or an exit code listed in exitcodes. */
  expected: boolean;
}

const now = (): number => Date.now() / 1000;

export class SupervisedProcess {
  state: ProcessStateName = 'STOPPED';
  pid = 0;
  /** Epoch seconds (float) of the last spawn / exit; 0 = never. */
  laststart = 0;
  /** Epoch seconds since this process waits for its depends_on; 0: not waiting. */
  private waitingSince = 0;
  laststop = 0;
  /** Epoch seconds when the pending timed transition is due (Supervisor's `delay`). */
  delay = 0;
  backoff = 0;
  spawnerr: string | null = null;
  /** What the current child exec'd (the pid records keep it to recognise a leftover). */
  command: ResolvedCommand | undefined;
  exitstatus: number | null = null;
  killing = false;
  administrativeStop = false;
  /** Children spawned by this process object (a restart count for the web UI). */
  spawnCount = 0;
  lastExit: LastExit | undefined;
  /** Restarts made because the tree went over memory_limit (issue 17; process-watchers.ts counts them). */
  memoryLimitRestarts = 0;
  /** Restarts made by a failing liveness check (issue 17; health/process-health.ts asks for them). */
  healthRestarts = 0;
  private laststopreport = 0;
  /** Restart pacing (see restart-pacing.ts): unexpected exits in a row, and when the restart may spawn. */
  private streak = 0;
  private pacedUntil = 0;
  /** The pending restart had to wait (logged when it spawns). */
  private wasPaced = false;
  private child: SpawnedChild | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(process: SupervisedProcess) => void>();
  /** Output pipes of exited children still held open by their descendants (closed at dispose). */
  private readonly drainingOutputs = new Set<ChildOutput>();
  /** During finish(): the pid that exited, for the events of that exit. */
  private exitingPid = 0;
  readonly logs: ProcessLogChannels;
  /** Set by the supervisor for `[eventlistener:x]` processes. */
  listener: ListenerHooks | undefined;

  constructor(
    readonly config: ProcessConfig,
    readonly groupName: string,
    private readonly host: ProcessHost,
    logPaths: { stdout: string | null; stderr: string | null },
  ) {
    this.logs = new ProcessLogChannels(
      config.name,
      {
        stdout: { path: logPaths.stdout, policy: { maxBytes: config.stdout_logfile_maxbytes, backups: config.stdout_logfile_backups } },
        stderr: {
          path: config.redirect_stderr ? null : logPaths.stderr,
          policy: { maxBytes: config.stderr_logfile_maxbytes, backups: config.stderr_logfile_backups },
        },
      },
      host.log,
      host.stripAnsi,
      outputEventOptionsFor(config, (kind, channel, pid, data) => host.outputEvent(this, kind, channel, pid, data)),
    );
  }

  get name(): string {
    return this.config.name;
  }

  /** Listen to every state change of this process; returns the unsubscribe function. */
  onChange(listener: (process: SupervisedProcess) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Something status shows changed without a state change (a liveness check result): tell the listeners. */
  announceChange(): void {
    for (const listener of [...this.listeners]) listener(this);
  }

  /** Command checks done by startProcess before spawning (NO_FILE / NOT_EXECUTABLE faults). */
  resolveCommand(): ResolvedCommand {
    return commandOf(this.config, this.host);
  }

  private changeState(next: ProcessStateName, expected = true): void {
    const previous = this.state;
    if (previous === next) return;
    this.state = next;
    if (next === 'BACKOFF') {
      this.backoff += 1;
      this.delay = now() + this.backoff;
    }
    this.host.stateChanged(this, previous, { pid: this.pid || this.exitingPid, expected });
    for (const listener of [...this.listeners]) listener(this);
  }

  private recordSpawnerr(message: string): void {
    this.spawnerr = message;
    this.host.log.info(`spawnerr: ${message}`);
  }

  /** Start requested by a person (RPC): clears the pacing history, spawns, then settles. */
  start(): void {
    this.streak = 0;
    this.pacedUntil = 0;
    this.spawn();
    this.transition();
  }

  private spawn(): void {
    const name = this.config.name;
    if (this.pid) {
      this.host.log.warn(`process '${name}' already running`);
      return;
    }
    if (this.config.dependsOn && !this.dependenciesReady()) return;
    this.killing = false;
    this.wasPaced = false;
    this.spawnerr = null;
    this.exitstatus = null;
    this.administrativeStop = false;
    this.laststart = now();
    this.changeState('STARTING');

    const outcome = launchChild(this.config, this.groupName, this.host, this.logs);
    if (outcome.kind === 'failed') {
      this.recordSpawnerr(outcome.spawnerr);
      this.changeState('BACKOFF');
      return;
    }
    const child = outcome.child;
    if (outcome.kind === 'error-pending') {
      child.process.once('error', (error: NodeJS.ErrnoException) => {
        this.forkFailed(error.code ?? error.message);
        this.transition();
      });
      return;
    }
    this.child = child;
    this.pid = child.process.pid!;
    this.command = outcome.command;
    this.spawnCount += 1;
    this.logs.attach(child.stdout, 'stdout', this.pid);
    this.logs.attach(child.stderr, 'stderr', this.pid);
    this.listener?.spawned(child.stdout);
    child.process.stdin?.on('error', () => {});
    child.process.once('exit', (code, signal) => this.finish(child, code, signal));
    this.host.log.info(`spawned: '${name}' with pid ${this.pid}`);
    this.delay = now() + this.config.startsecs;
    this.host.childSpawned(this);
  }

  /**
   * depends_on (issue 17): true when every dependency is ready. Otherwise the process waits in
   * STARTING without a pid (a start is under way, so `wait=true` callers keep waiting), until its
   * dependencies are ready, one of them is FATAL, or depends_on_timeout passes: then BACKOFF →
   * FATAL with a spawnerr naming the dependency.
   */
  private dependenciesReady(): boolean {
    const first = this.waitingSince === 0;
    const verdict = this.host.dependencyGate?.(this, first) ?? { kind: 'ready' };
    if (verdict.kind === 'ready') {
      if (!first) this.host.log.info(`dependencies of ${this.config.name} are RUNNING, starting it`);
      this.waitingSince = 0;
      return true;
    }
    if (verdict.kind === 'wait') this.dependenciesAwaited = verdict.waitingFor;
    const timeout = this.config.dependsOn!.timeoutSeconds;
    let failure: string | undefined;
    if (verdict.kind === 'failed') failure = verdict.spawnerr;
    else if (!first && now() - this.waitingSince >= timeout) {
      failure = `dependency ${verdict.waitingFor.join(', ')} did not reach RUNNING within ${timeout} s (depends_on_timeout)`;
    }
    if (failure !== undefined) {
      this.waitingSince = 0;
      this.spawnerr = failure;
      this.host.log.info(`spawnerr: ${failure}`);
      this.changeState('BACKOFF');
      this.giveUp();
      this.host.log.info(`gave up: ${this.config.name} entered FATAL state, ${failure}`);
      return false;
    }
    if (first) {
      this.waitingSince = now();
      this.laststart = this.waitingSince;
      this.spawnerr = null;
      this.administrativeStop = false;
      const waitingFor = verdict.kind === 'wait' ? verdict.waitingFor.join(', ') : '';
      this.host.log.info(`waiting for ${waitingFor} to be RUNNING before starting ${this.config.name} (depends_on)`);
      this.changeState('STARTING');
    }
    return false;
  }

  /** While waiting: the dependencies not ready at the last check (status shows them). */
  dependenciesAwaited: string[] = [];

  /** Waiting in STARTING for depends_on (no child yet). */
  get waitingForDependencies(): boolean {
    return this.waitingSince !== 0;
  }

  private forkFailed(code: string): void {
    this.recordSpawnerr(forkErrorText(this.config.name, code));
    if (this.state === 'STARTING') this.changeState('BACKOFF');
    this.logs.maybeClose();
  }

  /** The child exited: Supervisor's finish(), at once. */
  private finish(child: SpawnedChild, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    // Cleared first so state listeners (pid records, RPC waiters) see the child as gone.
    this.exitingPid = this.pid;
    this.pid = 0;
    this.child = undefined;
    const { exitstatus, message } = describeExit(code, signal);
    const t = now();
    const name = this.config.name;
    this.laststop = t;
    const tooQuickly = t > this.laststart ? t - this.laststart < this.config.startsecs : false;
    const expected = this.config.exitcodes.includes(exitstatus);
    this.lastExit = { code, signal, at: t, expected: expected || this.killing };

    if (this.killing) {
      this.killing = false;
      this.delay = 0;
      this.exitstatus = exitstatus;
      this.changeState('STOPPED');
      if (expected) this.host.log.info(`stopped: ${name} (${message})`);
      else this.host.log.warn(`stopped: ${name} (${message})`);
    } else if (tooQuickly) {
      this.exitstatus = null;
      this.spawnerr = 'Exited too quickly (process log may have details)';
      this.changeState('BACKOFF');
      this.host.log.warn(`exited: ${name} (${message}; not expected)`);
    } else {
      this.delay = 0;
      this.backoff = 0;
      this.exitstatus = exitstatus;
      if (this.state === 'STARTING') this.changeState('RUNNING');
      this.streak = nextCrashStreak(this.streak, { expected, runMs: (t - this.laststart) * 1000 });
      this.pacedUntil = restartNotBefore(this.laststart, this.streak);
      if (expected) {
        this.changeState('EXITED', true);
        this.host.log.info(`exited: ${name} (${message}; expected)`);
      } else {
        this.spawnerr = `Bad exit code ${exitstatus}`;
        this.changeState('EXITED', false);
        this.host.log.warn(`exited: ${name} (${message}; not expected)`);
      }
    }
    this.exitingPid = 0;
    // A listener that died BUSY gets its event back in the pool's buffer.
    this.listener?.exited(child.stdout);
    // Output pipes are read to their end: a grandchild that keeps them open (a program that
    // forked and exited) is still logged instead of being killed by SIGPIPE on its next write
    // (#12; Supervisor closes its end at once, and its grandchildren get EPIPE). Nobody can
    // write to the old child's stdin any more.
    child.process.stdin?.destroy();
    for (const output of [child.stdout, child.stderr]) {
      if (!output || output.isClosed) continue;
      this.drainingOutputs.add(output);
      output.onClose(() => this.drainingOutputs.delete(output));
    }
    this.logs.maybeClose(false);
    this.transition();
  }

  /** Supervisor's transition(), then arm the one timer for whatever is pending next. */
  transition(): void {
    for (let pass = 0; pass < 4; pass++) {
      const before = this.state;
      this.step();
      if (this.state === before) break;
    }
    this.armTimer();
  }

  private autorestartWanted(): boolean {
    const mode = this.config.autorestart;
    if (mode === 'true') return true;
    if (mode === 'unexpected') return !this.config.exitcodes.includes(this.exitstatus ?? 0);
    return false;
  }

  private step(): void {
    const t = now();
    const state = this.state;
    const name = this.config.name;
    if (this.host.mayStartProcesses()) {
      if (state === 'EXITED') {
        if (this.autorestartWanted() && t >= this.pacedUntil) {
          const refusal = this.host.refuseRestart?.(this);
          if (refusal) {
            // restart_limit (issue 17): the crash loop ends here instead of restarting.
            this.spawnerr = refusal;
            this.changeState('FATAL');
            this.host.log.info(`gave up: ${name} entered FATAL state, ${refusal}`);
          } else {
            if (this.wasPaced) this.host.log.info(`restarting ${name} after a paced delay (${this.streak} crashes in a row)`);
            this.spawn();
          }
        }
      } else if (state === 'STOPPED' && !this.laststart) {
        if (this.config.autostart) this.spawn();
      } else if (state === 'BACKOFF') {
        if (this.backoff <= this.config.startretries && t > this.delay) this.spawn();
      } else if (state === 'STARTING' && this.waitingSince) {
        this.spawn();
      }
    }
    if (state === 'STARTING' && this.state === 'STARTING' && !this.waitingSince && t - this.laststart > this.config.startsecs) {
      this.delay = 0;
      this.backoff = 0;
      this.changeState('RUNNING');
      this.host.log.info(`success: ${name} entered RUNNING state, process has stayed up for > than ${this.config.startsecs} seconds (startsecs)`);
    }
    if (state === 'BACKOFF' && this.state === 'BACKOFF') {
      if (this.backoff > this.config.startretries) {
        this.giveUp();
        this.host.log.info(`gave up: ${name} entered FATAL state, too many start retries too quickly`);
      }
    } else if (state === 'STOPPING' && this.state === 'STOPPING' && this.delay - t <= 0) {
      this.host.log.warn(`killing '${name}' (${this.pid}) with SIGKILL`);
      this.kill(signalNumber('KILL')!);
    }
  }

  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let due: number | undefined;
    if (this.state === 'STARTING' && this.waitingSince) due = this.waitingSince + this.config.dependsOn!.timeoutSeconds;
    else if (this.state === 'STARTING' && this.pid) due = this.laststart + this.config.startsecs;
    else if (this.state === 'BACKOFF' && this.backoff <= this.config.startretries) due = this.delay;
    else if (this.state === 'STOPPING') due = this.delay;
    else if (this.restartPending) {
      due = this.pacedUntil;
      this.wasPaced = true;
    }
    if (due === undefined) return;
    // +5 ms: Supervisor's comparisons are strict (now > delay).
    const wait = Math.max(0, Math.ceil((due - now()) * 1000) + 5);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.transition();
    }, wait);
  }

  giveUp(): void {
    this.delay = 0;
    this.backoff = 0;
    if (this.state === 'BACKOFF') this.changeState('FATAL');
    this.armTimer();
  }

  /** Administrative stop (RPC, shutdown). Returns an error message or undefined. */
  stop(): string | undefined {
    this.administrativeStop = true;
    this.laststopreport = 0;
    this.streak = 0;
    this.pacedUntil = 0;
    return this.kill(signalNumber(this.config.stopsignal) ?? 15);
  }

  /** EXITED and waiting out a paced restart (see restart-pacing.ts). */
  get restartPending(): boolean {
    return this.state === 'EXITED' && this.pacedUntil > now() && this.autorestartWanted();
  }

  /** Unexpected exits in a row (0 after an expected exit, a stable run, or a start/stop by a person). */
  get crashStreak(): number {
    return this.streak;
  }

  /** When a paced restart will spawn (epoch seconds), while one is pending. */
  get pendingRestartAt(): number | undefined {
    return this.restartPending ? this.pacedUntil : undefined;
  }

  /** A stop asked during a paced wait: no restart, STOPPED (Supervisor has no such window). */
  cancelPendingRestart(): void {
    if (!this.restartPending) return;
    this.streak = 0;
    this.pacedUntil = 0;
    this.administrativeStop = true;
    this.changeState('STOPPED');
    this.armTimer();
  }

  /** Log "waiting for x to stop" at most every 2 s (while an RPC waits for it). */
  stopReport(): void {
    if (this.state !== 'STOPPING') return;
    const t = now();
    if (t > this.laststopreport + 2) {
      this.host.log.info(`waiting for ${this.config.name} to stop`);
      this.laststopreport = t;
    }
  }

  kill(sig: number): string | undefined {
    const name = this.config.name;
    if (this.waitingSince) {
      // Stopped while waiting for depends_on: nothing was spawned.
      this.waitingSince = 0;
      this.changeState('STOPPED');
      this.armTimer();
      return undefined;
    }
    if (this.state === 'BACKOFF') {
      this.host.log.debug(`Attempted to kill ${name}, which is in BACKOFF state.`);
      this.changeState('STOPPED');
      this.armTimer();
      return undefined;
    }
    if (!this.pid) {
      const message = `attempted to kill ${name} with sig ${signalName(sig)} but it wasn't running`;
      this.host.log.debug(message);
      return message;
    }
    const asGroup = this.state === 'STOPPING' ? this.config.killasgroup : this.config.stopasgroup;
    this.host.log.debug(`killing ${name} (pid ${this.pid}) ${asGroup ? 'process group ' : ''}with signal ${signalName(sig)}`);
    this.killing = true;
    this.delay = now() + this.config.stopwaitsecs;
    this.changeState('STOPPING');
    const pid = this.pid;
    try {
      process.kill(asGroup ? -pid : pid, nodeSignal(sig));
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      if (err.code === 'ESRCH') {
        this.host.log.debug(`unable to signal ${name} (pid ${pid}), it probably just exited on its own: ${err.message}`);
        this.armTimer();
        return undefined;
      }
      const message = `unknown problem killing ${name} (${pid}):${err.message}`;
      this.host.log.critical(message);
      this.changeState('UNKNOWN');
      this.killing = false;
      this.delay = 0;
      this.armTimer();
      return message;
    }
    this.armTimer();
    return undefined;
  }

  /** signalProcess: any signal, to the pid only. Returns an error message or undefined. */
  signal(sig: number): string | undefined {
    const name = this.config.name;
    if (!this.pid) {
      const message = `attempted to send ${name} sig ${signalName(sig)} but it wasn't running`;
      this.host.log.debug(message);
      return message;
    }
    this.host.log.debug(`sending ${name} (pid ${this.pid}) sig ${signalName(sig)}`);
    try {
      process.kill(this.pid, nodeSignal(sig));
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      if (err.code === 'ESRCH') return undefined;
      const message = `unknown problem sending sig ${name} (${this.pid}):${err.message}`;
      this.host.log.critical(message);
      this.changeState('UNKNOWN');
      return message;
    }
    return undefined;
  }

  /** sendProcessStdin; throws an EPIPE-coded error when there is nothing to write to. */
  writeStdin(data: Buffer): void {
    const stdin = this.child?.process.stdin;
    if (!this.pid || this.killing || !stdin || stdin.destroyed || stdin.writableEnded) {
      throw Object.assign(new Error('Process already closed'), { code: 'EPIPE' });
    }
    stdin.write(data);
  }

  /** Forget every pending timer (the process object is being dropped). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
    for (const output of this.drainingOutputs) output.destroy();
    this.drainingOutputs.clear();
    this.logs.maybeClose(this.pid !== 0);
  }
}
