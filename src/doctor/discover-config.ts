/**
 * Which config file the doctor examines: `-c FILE`, else the one a running supervisor was started
 * with, else Supervisor's default search order (reference §1.1) for both a Debian (/usr/bin) and a
 * pip (/usr/local/bin) install, honouring `--root`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { mapToRoot } from '../system/paths.js';
import { defaultSearchPaths } from '../config/discover.js';
import type { SupervisorProcess } from '../system/processes.js';

/**
 * Supervisor's search order for the binaries a system may have, de-duplicated, as target paths:
 * each binary's own prefix entries first, then the entries they share (cwd, /etc).
 */
export function supervisordSearchPaths(cwd: string): string[] {
  const perBinary = ['/usr/bin/supervisord', '/usr/local/bin/supervisord'].map((argv0) => defaultSearchPaths(argv0, cwd).map((p) => path.resolve(cwd, p)));
  const PREFIX_ENTRIES = 2;
  return [...new Set([...perBinary.flatMap((paths) => paths.slice(0, PREFIX_ENTRIES)), ...perBinary[0]!.slice(PREFIX_ENTRIES)])];
}

export type ConfigSource = 'option' | 'setup-record' | 'running-daemon' | 'search-path';

export interface DiscoveredConfig {
  file?: string;
  source?: ConfigSource;
  searched: string[];
}

/**
 * The setup to check, in this order (#13): `-c`; the config `svwiz init` recorded; the one
 * running daemon whose config is in Supervisor's search order (an unrelated daemon on a /tmp
 * config is never picked silently, nor one of several); else the search order itself.
 */
export function discoverConfig(options: { configFile?: string; root: string; cwd: string; running: SupervisorProcess[]; recorded?: string[] }): DiscoveredConfig {
  const searched = supervisordSearchPaths(options.cwd);
  if (options.configFile) return { file: path.resolve(options.cwd, options.configFile), source: 'option', searched };
  const recorded = (options.recorded ?? []).find((file) => existsSync(mapToRoot(options.root, file)));
  if (recorded) return { file: recorded, source: 'setup-record', searched };
  if (options.root === '/') {
    const inSearchOrder = [...new Set(options.running.map((p) => p.configFile).filter((file): file is string => !!file && searched.includes(file) && existsSync(file)))];
    if (inSearchOrder.length === 1) return { file: inSearchOrder[0], source: 'running-daemon', searched };
  }
  const found = searched.find((candidate) => existsSync(mapToRoot(options.root, candidate)));
  return { file: found, source: found ? 'search-path' : undefined, searched };
}

/** How a report says where the checked config came from. */
export const CONFIG_SOURCE_WORDS: Record<ConfigSource, string> = {
  option: 'given with -c',
  'setup-record': 'the setup svwiz init recorded',
  'running-daemon': 'the running supervisor\'s, in Supervisor\'s search order',
  'search-path': 'first in Supervisor\'s search order',
};
