/**
 * Pure planners for the boot service. Install writes the unit or init script and enables and
 * starts it; under `--root` (an image being prepared, no init to talk to) the enable step is the
 * symlinks `systemctl enable` / `update-rc.d defaults` would make, and nothing is started.
 * Uninstall is never planned here: it is the reverse of the manifest install recorded.
 */
import path from 'node:path';
import type { Plan, PlanOperation } from '../plan/types.js';
import { renderSysvScript } from './sysv-script.js';
import { renderSystemdUnit, unitFileName } from './systemd-unit.js';
import type { ServiceSpec } from './types.js';

export interface ServiceInstallContext {
  /** True under --root: write files and enable links, execute nothing. */
  offline: boolean;
  /** Resolved paths of the tools used online (from `which`), by name. */
  tools?: { systemctl?: string; updateRcD?: string };
}

/** Where the unit or script goes (target path). */
export function serviceFilePath(spec: Pick<ServiceSpec, 'kind' | 'name' | 'home'>): string {
  switch (spec.kind) {
    case 'systemd':
      return `/etc/systemd/system/${unitFileName(spec.name)}`;
    case 'systemd-user':
      return path.join(spec.home ?? '/root', '.config/systemd/user', unitFileName(spec.name));
    case 'sysv':
      return `/etc/init.d/${spec.name}`;
  }
}

/** The links `update-rc.d NAME defaults` makes from the LSB header (start 2-5, stop 0 1 6). */
export function sysvRcLinks(name: string): { path: string; target: string }[] {
  const links: { path: string; target: string }[] = [];
  for (const level of ['2', '3', '4', '5']) links.push({ path: `/etc/rc${level}.d/S01${name}`, target: `../init.d/${name}` });
  for (const level of ['0', '1', '6']) links.push({ path: `/etc/rc${level}.d/K01${name}`, target: `../init.d/${name}` });
  return links;
}

export function planServiceInstall(spec: ServiceSpec, context: ServiceInstallContext): Plan {
  const file = serviceFilePath(spec);
  const ops: PlanOperation[] = [];
  if (spec.kind === 'sysv') {
    ops.push({ kind: 'write', path: file, content: renderSysvScript(spec), mode: 0o755, reason: `SysV init script for ${spec.name}` });
    if (context.offline) {
      for (const link of sysvRcLinks(spec.name)) {
        ops.push({ kind: 'symlink', path: link.path, target: link.target, reason: 'enable at boot (what update-rc.d defaults makes)' });
      }
    } else {
      const updateRcD = context.tools?.updateRcD ?? 'update-rc.d';
      ops.push({
        kind: 'exec',
        argv: [updateRcD, spec.name, 'defaults'],
        undo: [updateRcD, '-f', spec.name, 'remove'],
        reason: 'enable at boot',
      });
      ops.push({ kind: 'exec', argv: [file, 'start'], undo: [file, 'stop'], reason: 'start the supervisor now' });
    }
    return { title: `install SysV service ${spec.name}`, operations: ops };
  }

  const user = spec.kind === 'systemd-user';
  ops.push({ kind: 'write', path: file, content: renderSystemdUnit(spec), mode: 0o644, reason: `systemd ${user ? 'user ' : ''}unit for ${spec.name}` });
  if (context.offline) {
    const wants = user
      ? path.join(path.dirname(file), 'default.target.wants', unitFileName(spec.name))
      : `/etc/systemd/system/multi-user.target.wants/${unitFileName(spec.name)}`;
    ops.push({ kind: 'symlink', path: wants, target: file, reason: 'enable at boot (what systemctl enable makes)' });
  } else {
    const systemctl = context.tools?.systemctl ?? 'systemctl';
    const scope = user ? ['--user'] : [];
    ops.push({
      kind: 'exec',
      argv: [systemctl, ...scope, 'daemon-reload'],
      reason: 'make systemd read the new unit',
    });
    ops.push({
      kind: 'exec',
      argv: [systemctl, ...scope, 'enable', '--now', unitFileName(spec.name)],
      undo: [systemctl, ...scope, 'disable', '--now', unitFileName(spec.name)],
      reason: 'enable at boot and start now',
    });
  }
  return { title: `install systemd ${user ? 'user ' : ''}service ${spec.name}`, operations: ops };
}

/** After reversing a systemd install, systemd must forget the removed unit. */
export function reloadAfterUninstall(spec: Pick<ServiceSpec, 'kind'>, context: ServiceInstallContext): PlanOperation[] {
  if (context.offline || spec.kind === 'sysv') return [];
  const systemctl = context.tools?.systemctl ?? 'systemctl';
  return [{ kind: 'exec', argv: [systemctl, ...(spec.kind === 'systemd-user' ? ['--user'] : []), 'daemon-reload'], reason: 'make systemd forget the removed unit' }];
}
