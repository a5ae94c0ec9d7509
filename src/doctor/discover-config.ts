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

export interface DiscoveredConfig {
  file?: string;
  source?: 'option' | 'running-daemon' | 'search-path';
  searched: string[];
}

export function discoverConfig(options: { configFile?: string; root: string; cwd: string; running: SupervisorProcess[] }): DiscoveredConfig {
  const searched = supervisordSearchPaths(options.cwd);
  if (options.configFile) return { file: path.resolve(options.cwd, options.configFile), source: 'option', searched };
  if (options.root === '/') {
    const fromDaemon = options.running.find((p) => p.configFile && existsSync(p.configFile));
    if (fromDaemon) return { file: fromDaemon.configFile, source: 'running-daemon', searched };
  }
  const found = searched.find((candidate) => existsSync(mapToRoot(options.root, candidate)));
  return { file: found, source: found ? 'search-path' : undefined, searched };
}
