/**
 * One life of the daemon between (re)starts, in supervisord's start-up order (reference 2.1):
 * config → drop privileges → main log → queued config messages → AUTO log cleanup → groups →
 * HTTP servers → pidfile → autostart. Ends when a shutdown or restart has stopped every process.
 */
import type { SupervisorConfigModel } from '../config/types.js';
import { UserError } from '../errors.js';
import type { DaemonHttpHooks } from '../protocol/types.js';
import { startRpcServers, type RpcServers } from '../rpc/servers.js';
import type { WebRequestHandler } from '../rpc/web-hook.js';
import { removeOldAutoLogs } from './auto-log-names.js';
import { MainLog } from './main-log.js';
import { removeStalePipeDirs } from './output-pipes.js';
import { leftoverChildren, readStateRecord, removeQuietly, stateFileFor, writePidfile } from './pid-records.js';
import { splitNamespec } from '../protocol/namespec.js';
import { createSupervisorNamespace } from './rpc-namespace.js';
import { Supervisor } from './supervisor-core.js';
import type { ProcessTally } from './process-tally.js';
import { stopLeftoverChildren } from './leftover-children.js';

export interface DaemonLifeOptions {
  /** Loads (and re-loads, for reloadConfig) the config with the command-line overrides applied. */
  loadConfig: () => SupervisorConfigModel;
  config: SupervisorConfigModel;
  /** Called once the daemon serves (daemon mode: tells the waiting parent). */
  onReady?: () => void;
  /** Signal routing: the bin points its handlers at the current life's supervisor. */
  onSupervisor?: (supervisor: Supervisor) => void;
  /** Web UI handler, when the web module is present. */
  web?: WebRequestHandler;
  /** Previous life's log (a restart reuses the process; the log is reopened). */
  first: boolean;
  /** Spawn and exit counters shared by every life (issue 17, /metrics). */
  tally?: ProcessTally;
  /** Info lines from before the main log was open (raised rlimits), logged once it is. */
  startupInfos?: string[];
}

/** How a life ended; a restart carries the config it validated before stopping. */
/** `exitStatus`: the daemon's exit status (non-zero after exit_on_fatal, issue 17). */
export type DaemonLifeEnd = { kind: 'shutdown'; exitStatus: number } | { kind: 'restart'; config: SupervisorConfigModel };

function rootWarning(config: SupervisorConfigModel, log: MainLog): void {
  if (process.getuid?.() === 0 && !config.supervisord.user) {
    log.critical(
      'Supervisor is running as root.  Privileges were not dropped because no user is specified in the config file.  If you intend to run as root, you can set user=root in the config file to avoid this message.',
    );
  }
}

export function httpHooksFor(supervisor: Supervisor): DaemonHttpHooks {
  return {
    processLogPath(namespec, channel) {
      const { group, process } = splitNamespec(namespec);
      if (process === undefined) return undefined;
      return supervisor.findProcess(group, process)?.logs.path(channel) ?? undefined;
    },
    mainLogPath: () => supervisor.log.path,
  };
}

/**
 * Holds the event loop open for one life. Without it a daemon with no HTTP server and no child
 * (only one-shot or autostart=false programs, or none) has nothing keeping Node alive and exits
 * by itself (#12); Supervisor stays up until it is told to stop. One timer of the longest delay
 * Node allows costs nothing while idle.
 */
function holdLifetime(): () => void {
  const hold = setInterval(() => undefined, 2 ** 31 - 1);
  return () => clearInterval(hold);
}

export async function runDaemonLife(options: DaemonLifeOptions): Promise<DaemonLifeEnd> {
  const release = holdLifetime();
  try {
    return await runLife(options);
  } finally {
    release();
  }
}

async function runLife(options: DaemonLifeOptions): Promise<DaemonLifeEnd> {
  const config = options.config;
  const settings = config.supervisord;
  const log = new MainLog({
    file: settings.logfile,
    maxBytes: settings.logfile_maxbytes,
    backups: settings.logfile_backups,
    level: settings.loglevel,
    mirrorToStdout: settings.nodaemon && !settings.silent,
  });
  try {
    log.open();
  } catch (error) {
    throw new UserError(`cannot open the main log ${settings.logfile}: ${(error as Error).message}`, { cause: error });
  }
  for (const warning of config.warnings) log.warn(warning.message);
  for (const file of config.files.slice(1)) log.info(`Included extra file "${file}" during parsing`);
  rootWarning(config, log);
  for (const info of options.startupInfos ?? []) log.info(info);
  if (!settings.nocleanup) {
    const cleanup = removeOldAutoLogs(settings.childlogdir, settings.identifier);
    if (cleanup.unreadable) log.warn('Could not clear childlog dir');
    for (const file of cleanup.failed) log.warn(`Failed to clean up '${file}'`);
  }
  // A SIGKILLed daemon could not remove its FIFO dir (output-pipes.ts).
  for (const dir of removeStalePipeDirs()) log.info(`removed stale output pipes dir ${dir}`);
  const stateFile = stateFileFor(settings.pidfile);
  const previous = options.first ? readStateRecord(stateFile) : undefined;

  const supervisor = new Supervisor({ config, log, rereadConfig: options.loadConfig, stateFile, tally: options.tally });
  supervisor.addConfiguredGroups();
  options.onSupervisor?.(supervisor);

  let servers: RpcServers;
  try {
    servers = await startRpcServers({
      unix: config.unixHttpServers,
      inet: config.inetHttpServers,
      namespace: createSupervisorNamespace(supervisor),
      hooks: httpHooksFor(supervisor),
      log: (level, message) => log.log(level === 'crit' ? 'critical' : level, message),
      web: options.web,
    });
  } catch (error) {
    supervisor.dispose();
    log.close();
    throw error;
  }
  if (config.rpcInterfaces.length > 0) log.info("RPC interface 'supervisor' initialized");

  try {
    writePidfile(settings.pidfile);
  } catch (error) {
    log.critical(`could not write pidfile ${settings.pidfile}: ${(error as Error).message}`);
  }
  log.info(`supervisord started with pid ${process.pid}`);
  options.onReady?.();
  // Before anything spawns: no program may run twice (leftover-children.ts).
  await stopLeftoverChildren(previous, leftoverChildren(previous), config.processes, log);
  if (supervisor.mood === 'RUNNING') supervisor.startAutostart();

  await supervisor.whenStopped();
  // An alert of the last moments (the FATAL that ends an exit_on_fatal daemon) still goes out.
  await supervisor.watchers.flush();
  // Let the reply to a shutdown/restart RPC leave before the servers close their connections.
  await new Promise((resolve) => setTimeout(resolve, 100));
  await servers.close();
  const next = supervisor.mood === 'RESTARTING' ? supervisor.nextConfig : undefined;
  const end: DaemonLifeEnd = next ? { kind: 'restart', config: next } : { kind: 'shutdown', exitStatus: supervisor.exitStatus };
  supervisor.dispose();
  if (end.kind === 'shutdown') {
    removeQuietly(settings.pidfile);
    removeQuietly(stateFile);
  }
  log.close();
  return end;
}
