/**
 * Boot services that start a supervisor (SysV scripts, systemd units), looked up in the context's
 * service dirs under `--root`, and which config file each one starts.
 */
import path from 'node:path';
import { findSupervisorBootServices, type BootServiceFacts } from '../system/boot-services.js';
import type { DoctorContext } from './types.js';

/** Names a removed supervisor script had, for its left-over rc links (the script itself is found by content). */
export const SERVICE_NAMES = ['supervisor', 'supervisord', 'svwizd', 'svwiz'];

export interface BootService extends BootServiceFacts {
  text: string;
  startCommand: string[];
}

/**
 * Every boot service that starts a supervisor, whatever its name (src/system/boot-services.ts
 * reads what it really runs, shell variables expanded), in the context's service dirs.
 */
export function listBootServices(ctx: DoctorContext): BootService[] {
  return findSupervisorBootServices(ctx.root, ctx.serviceDirs).flatMap((facts) => {
    const text = ctx.files.readText(facts.file);
    if (text === undefined) return [];
    const startCommand = facts.kind === 'systemd' ? ['systemctl', 'start', `${facts.name}.service`] : [facts.file, 'start'];
    return [{ ...facts, text, startCommand }];
  });
}

/** The config a service starts: its `-c FILE` (a `${VAR:-default}` counts as the default), else the default search result. */
export function serviceConfigFile(text: string): string | undefined {
  const match = /(?:-c|--configuration)[=\s]+["']?(\$\{\w+:-([^}]+)\}|[^\s"'$]+)/.exec(text);
  if (match) return match[2] ?? match[1];
  const conf = /^\s*(?:CONF|CONFIG|CONFIG_FILE|SUPERVISORD_CONF)=["']?(?:\$\{\w+:-([^}]+)\}|([^\s"']+))/m.exec(text);
  return conf ? (conf[1] ?? conf[2]) : undefined;
}

/** Services that start the config the doctor is looking at (a service with no -c finds Supervisor's default). */
export function servicesForConfig(ctx: DoctorContext): BootService[] {
  return listBootServices(ctx).filter((service) => {
    const config = service.configFile;
    if (config) return ctx.configFile !== undefined && path.resolve(config) === ctx.configFile;
    return ctx.configFile === '/etc/supervisor/supervisord.conf' || ctx.configFile === '/etc/supervisord.conf';
  });
}

export function findBootService(ctx: DoctorContext): BootService | undefined {
  const services = servicesForConfig(ctx);
  const systemdRunning = ctx.files.exists('/run/systemd/system');
  return services.find((s) => s.kind === (systemdRunning ? 'systemd' : 'sysv')) ?? services.find((s) => s.kind === 'sysv');
}

/** `which` over the usual system dirs, under root. */
export function whichUnderRoot(ctx: DoctorContext, name: string, dirs = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']): string | undefined {
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (ctx.files.exists(candidate)) return candidate;
  }
  return undefined;
}
