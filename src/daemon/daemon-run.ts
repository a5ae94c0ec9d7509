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
import { leftoverChildren, readStateRecord, removeQuietly, stateFileFor, writePidfile } from './pid-records.js';
import { splitNamespec } from '../protocol/namespec.js';
import { createSupervisorNamespace } from './rpc-namespace.js';
import { Supervisor } from './supervisor-core.js';

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
  /** Info lines from before the main log was open (raised rlimits), logged once it is. */
  startupInfos?: string[];
}

export type DaemonLifeEnd = 'shutdown' | 'restart';

function rootWarning(config: SupervisorConfigModel, log: MainLog): void {
  if (process.getuid?.() === 0 && !config.supervisord.user) {
    log.critical(
      'Supervisor is running as root.  Privileges were not dropped because no user is specified in the config file.  If you intend to run as root, you can set user=root in the config file to avoid this message.',
    );
  }
}

function reportLeftovers(stateFile: string, log: MainLog): void {
  const record = readStateRecord(stateFile);
  for (const child of leftoverChildren(record)) {
    log.warn(
      `process '${child.group === child.name ? child.name : `${child.group}:${child.name}`}' (pid ${child.pid}) was left running by a previous ` +
        `svwizd (pid ${record!.daemonPid}) that did not stop it; it is not supervised by this instance and a new copy may start next to it: stop it with 'kill ${child.pid}'`,
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

export async function runDaemonLife(options: DaemonLifeOptions): Promise<DaemonLifeEnd> {
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
  const stateFile = stateFileFor(settings.pidfile);
  if (options.first) reportLeftovers(stateFile, log);

  const supervisor = new Supervisor({ config, log, rereadConfig: options.loadConfig, stateFile });
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
  supervisor.startAutostart();

  await supervisor.whenStopped();
  // Let the reply to a shutdown/restart RPC leave before the servers close their connections.
  await new Promise((resolve) => setTimeout(resolve, 100));
  await servers.close();
  const end: DaemonLifeEnd = supervisor.mood === 'RESTARTING' ? 'restart' : 'shutdown';
  supervisor.dispose();
  if (end === 'shutdown') {
    removeQuietly(settings.pidfile);
    removeQuietly(stateFile);
  }
  log.close();
  return end;
}
