/**
 * Load a supervisord config exactly as Supervisor 4.2.5's ServerOptions does (reference §1): read
 * the main file, follow the main file's [include], expand %(...)s, validate every value, expand
 * numprocs and build groups. The result is the typed model everything else reads config from.
 */
import { hostname as osHostname } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { ConfigWarning, ProcessConfig, SupervisorConfigModel, SupervisorctlConfig, SupervisordConfig } from './types.js';
import { accountsFor } from '../system/users.js';
import { ConfigReader, expandValue } from './config-reader.js';
import type { ValueContext } from './datatypes.js';
import { checkCommandWords, checkEnvironmentStrings, checkExecTotal, execStringBytes, readExecArgSpace } from './exec-limits.js';
import { readSupervisorctlSection } from './ctl-config.js';
import { MAIN_RPCINTERFACE_FACTORY, readInetServers, readRpcInterfaces, readUnixServers } from './http-server-sections.js';
import { IniStore, parseIniDialect } from './ini-dialect.js';
import { readProgramGroups } from './program-sections.js';
import { checkDependencies } from './depends-on.js';
import { includeExpansions, includeMatches, includePatterns } from './include-files.js';
import { readIncludedConfigText, readMainConfigText } from './read-config-file.js';
import { checkSupervisordUser, readSupervisordSection } from './supervisord-section.js';
import { readAlertsSection } from './alerts-section.js';
import { readNodeSections } from './nodes-section.js';
import { findUnknownNames } from './validate.js';

export interface LoadOptions {
  /** supervisord's environment (ENV_x names, ~ expansion). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** %(host_node_name)s. Default os.hostname(). */
  hostname?: string;
  /** Relative paths (config file, logfile, pidfile, existence checks) resolve here. Default process.cwd(). */
  cwd?: string;
  /** Bytes the kernel takes for a child's arguments + environment. Default: from this process's stack limit. */
  execArgSpace?: number;
}

/** What execve would refuse at every spawn is refused here, at the key that causes it (issue #12). */
function checkSpawnLimits(reader: ConfigReader, supervisord: SupervisordConfig, processes: ProcessConfig[], space: number): void {
  if (supervisord.environment) reader.guard('supervisord', 'environment', () => checkEnvironmentStrings(supervisord.environment!));
  const inherited = Object.entries(reader.ctx.env).flatMap(([k, v]) => (v === undefined ? [] : [[k, v] as [string, string]]));
  const inheritedBytes = execStringBytes(inherited.map(([k, v]) => `${k}=${v}`));
  for (const process of processes) {
    const ownEnvironment = Object.fromEntries(Object.entries(process.environment ?? {}).filter(([k, v]) => supervisord.environment?.[k] !== v));
    reader.guard(process.section, 'environment', () => checkEnvironmentStrings(ownEnvironment));
    reader.guard(process.section, 'command', () => checkCommandWords(process.command));
    const environment: Record<string, string> = {
      ...Object.fromEntries(inherited),
      SUPERVISOR_ENABLED: '1',
      SUPERVISOR_PROCESS_NAME: process.name,
      SUPERVISOR_GROUP_NAME: process.group,
      ...(process.environment ?? {}),
    };
    const key = reader.position(process.section, 'environment') ? 'environment' : 'command';
    reader.guard(process.section, key, () => checkExecTotal({ environment, command: process.command, inheritedBytes, space }));
  }
}

/** Follow [include] as Supervisor does: only the main file's section, globs relative to its directory. */
function readIncludes(store: IniStore, reader: ConfigReader, mainFile: string, files: string[], warnings: ConfigWarning[]): void {
  store.expandHere(reader.here);
  const setting = store.get('include', 'files');
  if (!setting) {
    throw reader.error('.ini file has [include] section, but no files setting (valid: files = conf.d/*.ini)', 'include', undefined);
  }
  const expansions = includeExpansions(mainFile, reader.hostname, reader.ctx.env);
  for (const joined of reader.guard('include', 'files', () => includePatterns(setting.value, mainFile, expansions))) {
    const matches = includeMatches(joined);
    if (matches.length === 0) {
      warnings.push({
        message: `No file matches via include "${joined}"`,
        position: setting.position,
        section: 'include',
        key: 'files',
      });
      continue;
    }
    for (const match of matches) {
      const text = readIncludedConfigText(match);
      if (text !== null) {
        store.merge(parseIniDialect(text, match));
        if (!files.includes(match)) files.push(match);
      } else {
        warnings.push({
          message: `included file ${match} cannot be read and is skipped (Supervisor skips it silently)`,
          position: setting.position,
          section: 'include',
          key: 'files',
        });
      }
      store.expandHere(path.resolve(path.dirname(match)));
    }
  }
}

export function loadSupervisorConfigSync(file: string, options: LoadOptions = {}): SupervisorConfigModel {
  const cwd = options.cwd ?? process.cwd();
  const ctx: ValueContext = { cwd, env: options.env ?? process.env, accounts: accountsFor('/') };
  const mainFile = path.resolve(cwd, file);
  const text = readMainConfigText(mainFile, file);
  const store = new IniStore();
  store.merge(parseIniDialect(text, mainFile));
  const reader = new ConfigReader(store, ctx, mainFile, path.dirname(mainFile), options.hostname ?? osHostname());
  const files = [mainFile];
  const warnings: ConfigWarning[] = [];
  if (store.has('include')) readIncludes(store, reader, mainFile, files, warnings);

  if (!store.has('supervisord')) {
    throw new ConfigError('.ini file does not include supervisord section (valid: add a [supervisord] section; it may be empty)', {
      position: { file: mainFile, line: 1 },
    });
  }
  const supervisord = readSupervisordSection(reader);
  const rpcInterfaces = readRpcInterfaces(reader);
  const { groups, processes } = readProgramGroups(reader);
  checkDependencies(reader, processes, groups);
  for (const process of processes) {
    if (supervisord.environment) process.environment = { ...supervisord.environment, ...(process.environment ?? {}) };
  }
  checkSpawnLimits(reader, supervisord, processes, options.execArgSpace ?? readExecArgSpace());
  const inetHttpServers = readInetServers(reader);
  const unixHttpServers = readUnixServers(reader);
  checkSupervisordUser(reader, supervisord);
  const alerts = readAlertsSection(reader);
  const nodes = readNodeSections(reader);

  // supervisord builds the RPC interfaces when it opens its HTTP servers; make_main_rpcinterface
  // takes no keyword arguments, so any extra key (typically from [DEFAULT]) makes it refuse to start.
  if (inetHttpServers.length + unixHttpServers.length > 0) {
    for (const rpc of rpcInterfaces) {
      if (rpc.factory === MAIN_RPCINTERFACE_FACTORY && rpc.extras.length > 0) {
        const section = `rpcinterface:${rpc.name}`;
        throw reader.error(
          `Could not make ${rpc.name} rpc interface: ${MAIN_RPCINTERFACE_FACTORY} accepts no settings but got ${rpc.extras.join(', ')} (valid: remove them, or move [DEFAULT] keys into the sections that need them)`,
          section,
          rpc.extras[0],
        );
      }
    }
  }

  let supervisorctl: SupervisorctlConfig | null = null;
  if (store.has('supervisorctl')) {
    try {
      supervisorctl = readSupervisorctlSection(reader);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      reader.warn(`[supervisorctl] cannot be read by supervisorctl: ${error.message}`, 'supervisorctl');
    }
  }

  return {
    file: mainFile,
    files,
    supervisord,
    unixHttpServers,
    inetHttpServers,
    supervisorctl,
    groups,
    processes,
    rpcInterfaces: rpcInterfaces.map(({ name, factory }) => ({ name, factory })),
    warnings: [...warnings, ...reader.warnings, ...findUnknownNames(store)],
    ...(alerts ? { alerts } : {}),
    ...(nodes.length > 0 ? { nodes } : {}),
  };
}

/** Async form of loadSupervisorConfigSync (the files are small; reading is synchronous inside). */
export async function loadSupervisorConfig(file: string, options: LoadOptions = {}): Promise<SupervisorConfigModel> {
  return loadSupervisorConfigSync(file, options);
}
