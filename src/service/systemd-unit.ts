/**
 * The systemd unit for the supervisor: Type=exec with the daemon in the foreground (`-n`), so
 * systemd tracks the real process (no Type=forking and pidfile guessing) and a bad ExecStart
 * (binary gone, not executable) fails the start instead of reporting "active"; a minimal
 * explicit PATH instead of the caller's; TimeoutStopSec from the config's stopwaitsecs.
 */
import { DEFAULT_STOP_TIMEOUT_SECS } from './stop-timeout.js';
import { daemonLaunchWords } from './low-memory.js';
import type { ServiceSpec } from './types.js';

/** systemd splits ExecStart like a shell; quote words with spaces or quotes. */
function unitWord(word: string): string {
  return /[\s"'\\]/.test(word) ? `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : word;
}

export function daemonArgv(spec: Pick<ServiceSpec, 'daemon' | 'configFile' | 'backend' | 'lowMemory'>): string[] {
  return [...daemonLaunchWords(spec), '-n', '-c', spec.configFile];
}

export function unitFileName(name: string): string {
  return `${name}.service`;
}

export function renderSystemdUnit(spec: ServiceSpec): string {
  const user = spec.kind === 'systemd-user';
  const lines = [
    `# Written by svwiz service install; remove with: svwiz service uninstall${user ? ' (as this user)' : ''}`,
    '[Unit]',
    `Description=Process supervisor (${spec.backend}) for ${spec.configFile}`,
    `Documentation=man:${spec.backend === 'svwizd' ? 'svwizd(8)' : 'supervisord(1)'} man:svwiz(1)`,
    // network-online.target only on request: waiting for it delays boot, and a board without
    // network must still start its programs.
    ...(user ? [] : [spec.networkOnline ? 'After=network.target network-online.target' : 'After=network.target']),
    ...(!user && spec.networkOnline ? ['Wants=network-online.target'] : []),
    '',
    '[Service]',
    'Type=exec',
    `Environment=${unitWord(`PATH=${spec.PATH}`)}`,
    `ExecStart=${daemonArgv(spec).map(unitWord).join(' ')}`,
    // SIGHUP makes both supervisord and svwizd re-read their config, as `supervisorctl reload` does.
    'ExecReload=/bin/kill -HUP $MAINPID',
    // Only the supervisor gets SIGTERM; it stops its children itself, honouring stopwaitsecs.
    'KillMode=mixed',
    // Long enough for every group's stopwaitsecs, one group after another (stop-timeout.ts).
    `TimeoutStopSec=${spec.stopTimeoutSecs ?? DEFAULT_STOP_TIMEOUT_SECS}`,
    'Restart=on-failure',
    'RestartSec=5',
    '',
    '[Install]',
    `WantedBy=${user ? 'default.target' : 'multi-user.target'}`,
    '',
  ];
  return lines.join('\n');
}
