/**
 * Boot services that start a supervisor (SysV scripts, systemd units), looked up in the context's
 * service dirs under `--root`, and which config file each one starts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DoctorContext } from './types.js';

export const SERVICE_NAMES = ['supervisor', 'supervisord', 'svwizd'];

export interface BootService {
  kind: 'systemd' | 'sysv';
  name: string;
  /** Target path of the unit or script. */
  file: string;
  text: string;
  startCommand: string[];
}

function read(ctx: DoctorContext, file: string): string | undefined {
  try {
    return readFileSync(ctx.hostPath(file), 'utf8');
  } catch {
    return undefined;
  }
}

export function listBootServices(ctx: DoctorContext): BootService[] {
  const services: BootService[] = [];
  for (const name of SERVICE_NAMES) {
    for (const dir of ctx.serviceDirs.systemd) {
      const file = path.join(dir, `${name}.service`);
      const text = read(ctx, file);
      if (text !== undefined) {
        services.push({ kind: 'systemd', name, file, text, startCommand: ['systemctl', 'start', `${name}.service`] });
        break;
      }
    }
    const script = path.join(ctx.serviceDirs.initd, name);
    const text = read(ctx, script);
    if (text !== undefined) services.push({ kind: 'sysv', name, file: script, text, startCommand: [script, 'start'] });
  }
  return services;
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
    const config = serviceConfigFile(service.text);
    if (config) return ctx.configFile !== undefined && path.resolve(config) === ctx.configFile;
    return ctx.configFile === '/etc/supervisor/supervisord.conf' || ctx.configFile === '/etc/supervisord.conf';
  });
}

export function findBootService(ctx: DoctorContext): BootService | undefined {
  const services = servicesForConfig(ctx);
  const systemdRunning = existsSync(ctx.hostPath('/run/systemd/system'));
  return services.find((s) => s.kind === (systemdRunning ? 'systemd' : 'sysv')) ?? services.find((s) => s.kind === 'sysv');
}

/** `which` over the usual system dirs, under root. */
export function whichUnderRoot(ctx: DoctorContext, name: string, dirs = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']): string | undefined {
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (existsSync(ctx.hostPath(candidate))) return candidate;
  }
  return undefined;
}
