/**
 * The systemd unit for the supervisor: Type=simple with the daemon in the foreground (`-n`), so
 * systemd tracks the real process (no Type=forking and pidfile guessing), and a minimal explicit
 * PATH instead of the caller's.
 */
import type { ServiceSpec } from './types.js';

/** systemd splits ExecStart like a shell; quote words with spaces or quotes. */
function unitWord(word: string): string {
  return /[\s"'\\]/.test(word) ? `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : word;
}

export function daemonArgv(spec: Pick<ServiceSpec, 'daemon' | 'configFile'>): string[] {
  return [spec.daemon.binary, ...(spec.daemon.script ? [spec.daemon.script] : []), '-n', '-c', spec.configFile];
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
    ...(user ? [] : ['After=network.target']),
    '',
    '[Service]',
    'Type=simple',
    `Environment=${unitWord(`PATH=${spec.PATH}`)}`,
    `ExecStart=${daemonArgv(spec).map(unitWord).join(' ')}`,
    // SIGHUP makes both supervisord and svwizd re-read their config, as `supervisorctl reload` does.
    'ExecReload=/bin/kill -HUP $MAINPID',
    // Only the supervisor gets SIGTERM; it stops its children itself, honouring stopwaitsecs.
    'KillMode=mixed',
    'TimeoutStopSec=90',
    'Restart=on-failure',
    'RestartSec=5',
    '',
    '[Install]',
    `WantedBy=${user ? 'default.target' : 'multi-user.target'}`,
    '',
  ];
  return lines.join('\n');
}
