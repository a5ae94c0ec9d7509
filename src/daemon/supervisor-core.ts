/**
 * The running supervisor: active process groups, the daemon "mood" (RUNNING, RESTARTING,
 * SHUTDOWN), ordered start and stop, config reread/add/remove, log reopen, and the pid records
 * of children. Knows nothing of HTTP or of the command line.
 */
import type { ProcessConfig, SupervisorConfigModel } from '../config/types.js';
import { SupervisorState, type ProcessStateName, type SupervisorStateName } from '../protocol/states.js';
import { createAutoLogFile } from './auto-log-names.js';
import { daemonServerUrl } from './child-env.js';
import { findSetpriv } from './child-spawn.js';
import { diffGroups, groupsOfModel, type GroupDiff, type GroupWithProcesses } from './config-diff.js';
import { EventBus } from './events/event-bus.js';
import {
  processCommunicationPayload,
  processGroupPayload,
  processLogPayload,
  processStatePayload,
  remoteCommunicationPayload,
} from './events/event-types.js';
import { EventListenerPool } from './events/listener-pool.js';
import { TickClock } from './events/tick-clock.js';
import type { MainLog } from './main-log.js';
import { processStartTime, writeStateRecord, type ChildRecord } from './pid-records.js';
import { OutputPipes } from './output-pipes.js';
import { compareGroups, ProcessGroup } from './process-group.js';
import { ProcessWatchers } from './process-watchers.js';
import { DependencyGate } from './dependency-gate.js';
import { SupervisedProcess, type ProcessHost, type StateChangeDetail } from './supervised-process.js';
import { ProcessTally } from './process-tally.js';

/** How long one autostart slice may block the event loop. */
const AUTOSTART_SLICE_MS = 100;

export interface SupervisorOptions {
  config: SupervisorConfigModel;
  log: MainLog;
  /** Re-read the config file (reloadConfig RPC); throws with the parse error text. */
  rereadConfig: () => SupervisorConfigModel;
  /** Spawn and exit counters (issue 17, /metrics); the bin passes one for every life so they never go back. */
  tally?: ProcessTally;
  daemonEnv?: NodeJS.ProcessEnv;
  /** Where to keep the pid records of children (see pid-records.ts); none when undefined. */
  stateFile?: string;
}

const PROCESS_STATE_EVENT = Object.fromEntries(
  (['STOPPED', 'STARTING', 'RUNNING', 'BACKOFF', 'STOPPING', 'EXITED', 'FATAL', 'UNKNOWN'] as const).map((state) => [state, `PROCESS_STATE_${state}`]),
) as Record<ProcessStateName, string>;

export class Supervisor {
  mood: SupervisorStateName = 'RUNNING';
  readonly groups = new Map<string, ProcessGroup>();
  /** Bumped whenever a group is added or removed (lets readers cache orderings). */
  groupsVersion = 0;
  /** The config last read (start-up or reloadConfig); add/remove and getAllConfigInfo use it. */
  config: SupervisorConfigModel;
  readonly log: MainLog;
  /** Events for `[eventlistener:x]` pools; nothing is built for a type no pool subscribes to. */
  readonly events = new EventBus();
  /** Group name → its pool, for eventlistener groups. */
  readonly pools = new Map<string, EventListenerPool>();
  /** Spawns and exits per process, for /metrics (see process-tally.ts). */
  readonly tally: ProcessTally;
  private readonly ticks = new TickClock(this.events);
  private readonly host: ProcessHost;
  private stopQueue: ProcessGroup[] | undefined;
  private stoppedResolve: (() => void) | undefined;
  private readonly stoppedPromise: Promise<void>;
  private shutdownReportTimer: NodeJS.Timeout | undefined;
  private lastShutdownReport = 0;
  private readonly moodListeners = new Set<() => void>();
  private recordsPending = false;
  private disposed = false;
  /** pid → /proc start time of the children in the last records written. */
  private startTimes = new Map<number, string>();
  private daemonStart: string | undefined;
  /** The daemon's exit status after this life (exit_on_fatal sets it; issue 17). */
  exitStatus = 0;
  /** memory_limit, restart_limit, exit_on_fatal and alerts (issue 17); `watchers.alert()` sends an alert. */
  readonly watchers: ProcessWatchers;
  /** The children's stdout/stderr pipes (issue 18). */
  private readonly outputPipes: OutputPipes;
  /** depends_on (issue 17): spawn gating and the stop order. */
  // depends_on waits for RUNNING, and for a passing liveness check where the dependency has one.
  readonly dependencies = new DependencyGate(
    () => this.groups.values(),
    (process) => process.state === 'RUNNING' && (!process.config.liveness || this.watchers.health(process).state === 'healthy'),
  );
  /** Some active process has depends_on (else state changes skip the dependency re-check). */
  private hasDependsOn = false;
  private recheckPending = false;

  constructor(private readonly options: SupervisorOptions) {
    this.config = options.config;
    this.log = options.log;
    this.tally = options.tally ?? new ProcessTally();
    this.stoppedPromise = new Promise((resolve) => (this.stoppedResolve = resolve));
    const setpriv = findSetpriv();
    const log = options.log;
    this.outputPipes = new OutputPipes((message) => log.warn(message));
    this.watchers = new ProcessWatchers(options.config, log, this);
    this.host = {
      log,
      mayStartProcesses: () => this.mood === 'RUNNING',
      daemonEnv: options.daemonEnv ?? process.env,
      daemonServerUrl: daemonServerUrl(options.config.unixHttpServers, options.config.inetHttpServers),
      supervisordEnvironment: options.config.supervisord.environment,
      stripAnsi: options.config.supervisord.strip_ansi,
      spawnContext: { daemonUid: process.getuid?.() ?? 0, setpriv, warn: (message) => log.warn(message), outputPipes: this.outputPipes },
      stateChanged: (process, from, detail) => this.processStateChanged(process, from, detail),
      childSpawned: (process) => {
        this.tally.spawned(process.groupName, process.name);
        this.writeRecords();
      },
      refuseRestart: (process) => this.watchers.refuseRestart(process),
      dependencyGate: (process, first) => this.dependencies.check(process, first),
      outputEvent: (process, kind, channel, pid, data) => {
        const name = `${kind === 'log' ? 'PROCESS_LOG' : 'PROCESS_COMMUNICATION'}_${channel.toUpperCase()}`;
        if (!this.events.wants(name)) return;
        const payload =
          kind === 'log'
            ? processLogPayload(process.name, process.groupName, pid, channel, data)
            : processCommunicationPayload(process.name, process.groupName, pid, data);
        this.events.notify({ name, payload });
      },
    };
  }

  get moodCode(): number {
    return SupervisorState[this.mood];
  }

  /** Create every configured group (nothing spawns yet). */
  addConfiguredGroups(): void {
    for (const group of groupsOfModel(this.config)) this.addGroup(group);
  }

  /**
   * Spawn what autostarts, groups in priority order (nothing waits for RUNNING, as in Supervisor
   * #122). Each spawn forks the daemon (~10 ms at 60 MB), so a large config is started in slices
   * of about 100 ms with a turn of the event loop between them: RPC clients and the web UI are
   * answered while 500 programs start, instead of after.
   */
  startAutostart(): void {
    // Supervisor announces RUNNING as its main loop starts, before the first spawn.
    this.notifySimple('SUPERVISOR_STATE_CHANGE_RUNNING', '');
    // Group by group in priority order, each group's processes in its own order (a numprocs=500
    // program is one group, so slices cut between processes, not groups).
    const processes = this.sortedGroups().flatMap((group) => [...group.processes.values()].map((process) => ({ group, process })));
    const startSlice = (from: number): void => {
      const sliceEnd = performance.now() + AUTOSTART_SLICE_MS;
      for (let index = from; index < processes.length; index++) {
        if (this.mood !== 'RUNNING') return;
        const { group, process } = processes[index];
        // A group removed between slices (removeProcessGroup) must not spawn anything.
        if (this.groups.get(group.config.name) === group) process.transition();
        if (performance.now() >= sliceEnd && index + 1 < processes.length) {
          setImmediate(() => startSlice(index + 1));
          return;
        }
      }
    };
    startSlice(0);
  }

  sortedGroups(): ProcessGroup[] {
    return [...this.groups.values()].sort((a, b) => compareGroups(a.config, b.config));
  }

  private resolveLogPath(process: ProcessConfig, channel: 'stdout' | 'stderr'): string | null {
    const value = channel === 'stdout' ? process.stdout_logfile : process.stderr_logfile;
    if (value !== 'AUTO') return value;
    const { childlogdir, identifier } = this.config.supervisord;
    try {
      return createAutoLogFile(childlogdir, process.name, channel, identifier);
    } catch (error) {
      this.log.error(`could not create AUTO ${channel} log for ${process.name} in ${childlogdir}: ${(error as Error).message}`);
      return null;
    }
  }

  private addGroup(group: GroupWithProcesses): boolean {
    if (this.groups.has(group.config.name)) return false;
    const created = new ProcessGroup(group.config, group.processes);
    if (group.processes.some((config) => config.dependsOn)) this.hasDependsOn = true;
    const pool = group.config.origin === 'eventlistener' ? this.createPool(group) : undefined;
    for (const config of group.processes) {
      const stdout = this.resolveLogPath(config, 'stdout');
      const stderr = config.redirect_stderr ? null : this.resolveLogPath(config, 'stderr');
      const process = new SupervisedProcess(config, group.config.name, this.host, { stdout, stderr });
      if (pool) process.listener = pool.addListener(process);
      created.processes.set(config.name, process);
    }
    this.groups.set(group.config.name, created);
    this.groupsVersion++;
    // The new pool already subscribes, so it gets its own PROCESS_GROUP_ADDED (as in Supervisor).
    this.notifySimple('PROCESS_GROUP_ADDED', () => processGroupPayload(group.config.name));
    return true;
  }

  /** A pool for a listener group; `server:` stays the start-up identifier, as reloadConfig does not change it. */
  private createPool(group: GroupWithProcesses): EventListenerPool {
    const first = group.processes[0];
    const pool = new EventListenerPool(
      { name: group.config.name, bufferSize: first?.buffer_size ?? 10, events: first?.events ?? [], identifier: this.options.config.supervisord.identifier },
      this.events,
      this.log,
    );
    this.pools.set(group.config.name, pool);
    return pool;
  }

  /** Notify an event when some pool wants it; the payload is only built then. */
  private notifySimple(name: string, payload: string | (() => string)): void {
    if (!this.events.wants(name)) return;
    this.events.notify({ name, payload: typeof payload === 'string' ? payload : payload() });
  }

  /** sendRemoteCommEvent: a REMOTE_COMMUNICATION event for the pools that subscribe to it. */
  sendRemoteCommunication(type: string, data: string): void {
    this.notifySimple('REMOTE_COMMUNICATION', () => remoteCommunicationPayload(type, data));
  }

  /** addProcessGroup: from the last read config; false if already active; undefined if unknown. */
  addProcessGroup(name: string): boolean | undefined {
    const group = groupsOfModel(this.config).find((candidate) => candidate.config.name === name);
    if (!group) return undefined;
    if (!this.addGroup(group)) return false;
    this.log.info(`added process group ${name}`);
    this.groups.get(name)!.transition();
    return true;
  }

  /** removeProcessGroup: false while any process of it is not stopped. */
  removeProcessGroup(name: string): boolean {
    const group = this.groups.get(name)!;
    if (group.unstopped().length > 0) return false;
    for (const process of group.processes.values()) {
      this.watchers.forget(process);
      process.dispose();
    }
    this.pools.get(name)?.remove();
    this.pools.delete(name);
    this.groups.delete(name);
    this.groupsVersion++;
    this.log.info(`removed process group ${name}`);
    this.notifySimple('PROCESS_GROUP_REMOVED', () => processGroupPayload(name));
    this.writeRecords();
    return true;
  }

  /** reloadConfig: re-read the file and diff it against the active groups (changes nothing that runs). */
  reread(): GroupDiff {
    const next = this.options.rereadConfig();
    this.config = next;
    const active = [...this.groups.values()].map((group) => ({ config: group.config, processes: group.processConfigs }));
    return diffGroups(active, groupsOfModel(next));
  }

  healthChanged(): void {
    this.scheduleDependencyRecheck();
  }

  /** Once per burst, after the change settled: waiting dependents look at their dependencies again. */
  private scheduleDependencyRecheck(): void {
    if (!this.hasDependsOn || this.recheckPending) return;
    this.recheckPending = true;
    queueMicrotask(() => {
      this.recheckPending = false;
      this.dependencies.recheckWaiting();
    });
  }

  /** The liveness check's verdict (metrics' health gauge): false while failing, undefined without a verdict. */
  healthOf(process: SupervisedProcess): boolean | undefined {
    const { state } = this.watchers.health(process);
    return state === 'unhealthy' ? false : state === 'healthy' ? true : undefined;
  }

  findProcess(groupName: string, processName: string): SupervisedProcess | undefined {
    return this.groups.get(groupName)?.processes.get(processName);
  }

  /**
   * A restart (SIGHUP, `restart` RPC) reads and validates the new config *before* stopping
   * anything: a broken file keeps the running config and programs, is logged, and is thrown to
   * the caller (Supervisor stops everything and exits instead — we do better on purpose, #12).
   * The validated model is the one the next life runs.
   */
  requestRestart(): void {
    // Already stopping for a restart or a shutdown: nothing more to do.
    if (this.mood !== 'RUNNING') return;
    let next: SupervisorConfigModel;
    try {
      next = this.options.rereadConfig();
    } catch (error) {
      this.log.error(`restart refused, the config is broken (everything keeps running): ${(error as Error).message}`);
      throw error;
    }
    this.nextConfig = next;
    void this.requestStop('RESTARTING');
  }

  /** The config the next life runs, once a restart was accepted. */
  nextConfig: SupervisorConfigModel | undefined;

  /** Ask for an ordered stop of everything; resolves once every process is in a stopped state. */
  requestStop(mood: 'SHUTDOWN' | 'RESTARTING'): Promise<void> {
    if (this.mood === 'RUNNING' || (this.mood === 'RESTARTING' && mood === 'SHUTDOWN')) {
      this.mood = mood;
      for (const listener of this.moodListeners) listener();
    }
    if (!this.stopQueue) {
      this.notifySimple('SUPERVISOR_STATE_CHANGE_STOPPING', '');
      // depends_on (issue 17): dependents stop, and are gone, before what they depend on.
      this.stopQueue = this.dependencies.stopQueue(this.sortedGroups());
      this.shutdownReportTimer = setInterval(() => this.shutdownReport(), 1000);
      this.advanceStop();
    }
    return this.stoppedPromise;
  }

  /** Resolves once a requested stop (shutdown or restart) has stopped every process. */
  whenStopped(): Promise<void> {
    return this.stoppedPromise;
  }

  onMoodChange(listener: () => void): () => void {
    this.moodListeners.add(listener);
    return () => this.moodListeners.delete(listener);
  }

  /** One group at a time in descending priority; the next only once the current is all stopped. */
  private advanceStop(): void {
    const queue = this.stopQueue;
    if (!queue) return;
    while (queue.length > 0) {
      const group = queue[queue.length - 1]!;
      group.stopAll();
      if (group.unstopped().length > 0) return;
      queue.pop();
    }
    if ([...this.groups.values()].some((group) => group.unstopped().length > 0)) return;
    if (this.shutdownReportTimer) clearInterval(this.shutdownReportTimer);
    this.shutdownReportTimer = undefined;
    this.stoppedResolve?.();
    this.stoppedResolve = undefined;
  }

  /** "waiting for a, b to die" every 3 s while shutting down. */
  private shutdownReport(): void {
    const unstopped = [...this.groups.values()].flatMap((group) => group.unstopped());
    const now = Date.now();
    if (unstopped.length > 0 && now > this.lastShutdownReport + 3000) {
      this.log.info(`waiting for ${unstopped.map((process) => process.name).join(', ')} to die`);
      this.lastShutdownReport = now;
    }
  }

  private processStateChanged(process: SupervisedProcess, from: ProcessStateName, detail: StateChangeDetail): void {
    const to = process.state;
    const eventName = PROCESS_STATE_EVENT[to];
    if (this.events.wants(eventName)) {
      const payload = processStatePayload({
        processName: process.name,
        groupName: process.groupName,
        from,
        to,
        pid: detail.pid,
        tries: process.backoff,
        expected: detail.expected,
      });
      this.events.notify({ name: eventName, payload });
    }
    // A listener entering RUNNING may take the events waiting in its pool.
    if (to === 'RUNNING' && process.listener) this.pools.get(process.groupName)?.scheduleDispatch();
    // A child is gone when its process reaches one of these from a state that had a pid.
    if ((from === 'STARTING' || from === 'RUNNING' || from === 'STOPPING') && process.pid === 0) {
      // detail.pid is the pid that exited; 0 when a spawn failed before there was a child.
      if (detail.pid !== 0) this.tally.exited(process.groupName, process.name, process.lastExit?.expected ?? true);
      this.writeRecords();
    }
    this.watchers.stateChanged(process, from, detail);
    this.scheduleDependencyRecheck();
    if (this.stopQueue) queueMicrotask(() => this.advanceStop());
  }

  /**
   * Keep the pid records of live children on disk. Spawns and exits come in bursts (a start of
   * 500 programs), so a burst is written once, on the next turn of the event loop, and each
   * child's /proc start time is read once per pid rather than on every write.
   */
  private writeRecords(): void {
    if (!this.options.stateFile || this.recordsPending) return;
    this.recordsPending = true;
    setImmediate(() => {
      this.recordsPending = false;
      this.flushRecords();
    });
  }

  private flushRecords(): void {
    const stateFile = this.options.stateFile;
    // After dispose the daemon removes the file itself; a late flush must not bring it back.
    if (!stateFile || this.disposed) return;
    const children: ChildRecord[] = [];
    const live = new Map<number, string>();
    for (const group of this.groups.values()) {
      for (const process of group.processes.values()) {
        if (!process.pid) continue;
        const starttime = this.startTimes.get(process.pid) ?? processStartTime(process.pid);
        if (!starttime) continue;
        live.set(process.pid, starttime);
        children.push({
          pid: process.pid,
          starttime,
          name: process.name,
          group: group.config.name,
          filename: process.command?.filename,
          argv: process.command?.argv,
        });
      }
    }
    this.startTimes = live;
    this.daemonStart ??= processStartTime(process.pid);
    try {
      writeStateRecord(stateFile, { daemonPid: process.pid, daemonStart: this.daemonStart, children });
    } catch (error) {
      this.log.warn(`cannot write state file ${stateFile}: ${(error as Error).message}`);
    }
  }

  reopenLogs(): void {
    this.log.info('supervisord logreopen');
    this.log.reopen();
    for (const group of this.groups.values()) for (const process of group.processes.values()) process.logs.reopen();
  }

  /** Drop every process object (after the final stop); closes their log files. */
  dispose(): void {
    this.disposed = true;
    this.watchers.dispose();
    this.ticks.dispose();
    for (const pool of this.pools.values()) pool.remove();
    if (this.shutdownReportTimer) clearInterval(this.shutdownReportTimer);
    for (const group of this.groups.values()) for (const process of group.processes.values()) process.dispose();
    this.outputPipes.dispose();
  }
}
