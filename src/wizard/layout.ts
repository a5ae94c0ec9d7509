/**
 * Where things go by default. System mode: the config at /etc/supervisord.conf (found by a bare
 * `supervisorctl`), programs under /etc/svwiz/conf.d, the socket and pidfile in /run (not /tmp,
 * where tmp cleaners delete the socket and break supervisorctl), logs in /var/log/svwiz.
 * User mode: everything under ~/.config/svwiz.
 */
import path from 'node:path';
import { userConfigDir } from '../system/setup-record-files.js';
import type { SetupMode } from './types.js';

export interface DefaultLayout {
  configFile: string;
  includeDir: string;
  socketFile: string;
  pidFile: string;
  logDir: string;
  setupRecord: string;
  serviceManifest: string;
}


export function defaultLayout(mode: SetupMode, home: string, runtimeDir: string | null): DefaultLayout {
  if (mode === 'system') {
    return {
      configFile: '/etc/supervisord.conf',
      includeDir: '/etc/svwiz/conf.d',
      socketFile: '/run/svwiz.sock',
      pidFile: '/run/svwiz.pid',
      logDir: '/var/log/svwiz',
      setupRecord: '/etc/svwiz/setup.json',
      serviceManifest: '/var/lib/svwiz/service-manifest.json',
    };
  }
  const base = userConfigDir(home);
  // $XDG_RUNTIME_DIR (/run/user/UID) is per-user, private and not cleaned while logged in/lingering.
  const run = runtimeDir ?? path.join(base, 'run');
  return {
    configFile: path.join(base, 'supervisord.conf'),
    includeDir: path.join(base, 'conf.d'),
    socketFile: path.join(run, 'svwiz.sock'),
    pidFile: path.join(run, 'svwiz.pid'),
    logDir: path.join(base, 'log'),
    setupRecord: path.join(base, 'setup.json'),
    serviceManifest: path.join(base, 'service-manifest.json'),
  };
}

/** Both extensions: the seed's trap is a `*.ini` include silently skipping `*.conf` files. */
export function defaultIncludePatterns(includeDir: string): string[] {
  return [path.join(includeDir, '*.ini'), path.join(includeDir, '*.conf')];
}

export function setupRecordPathFor(includeDir: string): string {
  return path.join(path.dirname(includeDir), 'setup.json');
}

// The record's locations have one owner below the wizard (the doctor reads them too).
export { setupRecordCandidates, userConfigDir } from '../system/setup-record-files.js';
