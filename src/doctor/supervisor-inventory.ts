/**
 * One picture of the supervisors on this machine (#13): installed daemons and where they came
 * from, configs (Supervisor's search order plus every config a boot service or a running daemon
 * names), boot services of any name, and running daemons with their config and sockets. The
 * doctor and `svwiz init` read it; `svwiz supervisors` prints it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultSearchPaths, findSupervisordConfig } from '../config/discover.js';
import { loadSupervisorConfigSync } from '../config/load.js';
import { findSupervisorBootServices, type BootServiceFacts, type BootServiceDirs, DEFAULT_BOOT_SERVICE_DIRS, type SupervisorBackend } from '../system/boot-services.js';
import { mapToRoot, realTargetPath } from '../system/paths.js';
import { findSupervisorProcesses } from '../system/processes.js';
import { whichAll } from '../system/which.js';

export type InstallOrigin = 'apt' | 'pip' | 'npm' | 'unknown';

export interface InstalledDaemon {
  path: string;
  backend: SupervisorBackend;
  origin: InstallOrigin;
}

export interface KnownConfig {
  file: string;
  /** Why it is listed: 'search order #N', 'boot service NAME', 'running pid N'. */
  reasons: string[];
  /** The file plain `supervisorctl`/`supervisord` read when given no -c (the first existing one). */
  firstInSearchOrder: boolean;
}

export interface BootServiceEntry extends BootServiceFacts {
  /** The program it executes is not there (the seed's /usr/bin vs /usr/local/bin). */
  daemonMissing: boolean;
}

export interface RunningSupervisor {
  pid: number;
  backend: SupervisorBackend;
  configFile?: string;
  /** Its command line (how to start it again after an adoption is undone). */
  argv: string[];
  /** unix:// and http:// URLs its config serves, when the config is readable. */
  serverUrls: string[];
}

export interface SupervisorInventory {
  installed: InstalledDaemon[];
  configs: KnownConfig[];
  bootServices: BootServiceEntry[];
  running: RunningSupervisor[];
}

export interface InventoryOptions {
  root?: string;
  PATH?: string;
  serviceDirs?: BootServiceDirs;
  /** Leave this process out of the running daemons (the doctor inside a failing svwizd). */
  selfPid?: number;
}

const INSTALL_DIRS = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Which package owns a binary: dpkg's file lists, npm's node_modules, pip's /usr/local or a virtualenv. */
export function installOrigin(file: string, realFile: string, dpkgOwns: (file: string) => boolean): InstallOrigin {
  if (dpkgOwns(file) || dpkgOwns(realFile)) return 'apt';
  if (realFile.includes('/node_modules/')) return 'npm';
  if (/^\/usr\/local\/bin\/|\/(venv|\.venv|virtualenv|\.local)\/|\/site-packages\//.test(file)) return 'pip';
  return 'unknown';
}

function dpkgOwnership(root: string): (file: string) => boolean {
  let owned: Set<string> | undefined;
  return (file) => {
    if (!owned) {
      owned = new Set();
      const infoDir = mapToRoot(root, '/var/lib/dpkg/info');
      // Only the lists of packages that can ship a supervisor: reading every list costs seconds on a Pi.
      for (const list of ['supervisor.list', 'python3-supervisor.list']) {
        try {
          for (const line of readFileSync(path.join(infoDir, list), 'utf8').split('\n')) owned.add(line);
        } catch {
          // not installed
        }
      }
      try {
        for (const entry of readdirSync(infoDir)) if (/^svwiz.*\.list$/.test(entry)) for (const line of readFileSync(path.join(infoDir, entry), 'utf8').split('\n')) owned.add(line);
      } catch {
        // no dpkg
      }
    }
    return owned.has(file);
  };
}

function realPath(root: string, file: string): string {
  return realTargetPath(root, file) ?? file;
}

function serverUrlsOf(configFile: string | undefined): string[] {
  if (!configFile) return [];
  try {
    const model = loadSupervisorConfigSync(configFile);
    return [...model.unixHttpServers.map((server) => `unix://${server.file}`), ...model.inetHttpServers.map((server) => `http://${server.port}`)];
  } catch {
    return [];
  }
}

export function gatherSupervisorInventory(options: InventoryOptions = {}): SupervisorInventory {
  const root = options.root ?? '/';
  const PATH = [options.PATH ?? process.env.PATH ?? '', INSTALL_DIRS].join(':');
  const dpkgOwns = dpkgOwnership(root);
  const installed: InstalledDaemon[] = [];
  const seen = new Set<string>();
  for (const backend of ['supervisord', 'svwizd'] as const) {
    for (const file of whichAll(backend, PATH, root)) {
      const real = realPath(root, file);
      if (seen.has(real)) continue;
      seen.add(real);
      installed.push({ path: file, backend, origin: installOrigin(file, real, dpkgOwns) });
    }
  }

  const bootServices = findSupervisorBootServices(root, options.serviceDirs ?? DEFAULT_BOOT_SERVICE_DIRS).map((service) => ({
    ...service,
    daemonMissing: !existsSync(mapToRoot(root, service.daemon)) || (service.daemonScript !== undefined && !existsSync(mapToRoot(root, service.daemonScript))),
  }));

  const running: RunningSupervisor[] =
    root === '/'
      ? findSupervisorProcesses(findSupervisordConfig)
          .filter((daemon) => daemon.pid !== options.selfPid)
          .map((daemon) => ({ pid: daemon.pid, backend: daemon.backend, configFile: daemon.configFile, argv: daemon.argv, serverUrls: serverUrlsOf(daemon.configFile) }))
      : [];

  const configs = new Map<string, KnownConfig>();
  const note = (file: string | undefined, reason: string) => {
    if (!file) return;
    const entry = configs.get(file) ?? { file, reasons: [], firstInSearchOrder: false };
    entry.reasons.push(reason);
    configs.set(file, entry);
  };
  // Absolute search paths only: the relative ones depend on the cwd of whoever runs supervisorctl.
  const searchPaths = defaultSearchPaths('/usr/bin/supervisord', '/');
  const searchOrder = searchPaths.filter((file) => path.isAbsolute(file) && existsSync(mapToRoot(root, file)));
  for (const file of searchOrder) note(file, `search order #${searchPaths.indexOf(file) + 1}`);
  if (searchOrder[0]) configs.get(searchOrder[0])!.firstInSearchOrder = true;
  for (const service of bootServices) note(service.configFile ?? searchOrder[0], `boot service ${service.kind === 'systemd' ? `${service.name}.service` : service.file}`);
  for (const daemon of running) note(daemon.configFile, `running ${daemon.backend} pid ${daemon.pid}`);

  return { installed, configs: [...configs.values()], bootServices, running };
}

/** The inventory as lines for a person. */
export function renderSupervisorInventory(inventory: SupervisorInventory): string {
  const lines: string[] = ['Supervisors on this machine'];
  const section = (title: string, items: string[]) => {
    lines.push(`  ${title}:`);
    if (items.length === 0) lines.push('    (none)');
    for (const item of items) lines.push(`    ${item}`);
  };
  section('installed', inventory.installed.map((daemon) => `${daemon.path} (${daemon.backend}, ${daemon.origin === 'unknown' ? 'installed by hand' : `from ${daemon.origin}`})`));
  section(
    'boot services',
    inventory.bootServices.map(
      (service) =>
        `${service.kind === 'systemd' ? `${service.name}.service` : service.file}: ${service.daemon}${service.daemonScript ? ` ${service.daemonScript}` : ''}` +
        `${service.configFile ? ` -c ${service.configFile}` : ' (no -c: the search order decides)'}, ${service.enabled ? 'enabled' : 'not enabled'}` +
        `${service.daemonMissing ? ' — its daemon is missing' : ''}`,
    ),
  );
  section('configs', inventory.configs.map((config) => `${config.file}: ${config.reasons.join(', ')}${config.firstInSearchOrder ? ' — what plain supervisorctl reads' : ''}`));
  section(
    'running',
    inventory.running.map((daemon) => `pid ${daemon.pid} ${daemon.backend} on ${daemon.configFile ?? '(config unknown)'}${daemon.serverUrls.length ? `, serving ${daemon.serverUrls.join(' ')}` : ''}`),
  );
  return `${lines.join('\n')}\n`;
}
