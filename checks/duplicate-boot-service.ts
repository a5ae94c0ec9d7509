/**
 * `duplicate-boot-service`: two boot services that both start this config at boot — a hand-made
 * /etc/init.d/supervisord left beside the service `svwiz init` installed, or beside Debian's. At
 * boot the second says "already running", or both fight over the socket: the seed's confusion
 * (#13). The one to keep runs the backend that runs now (else svwiz's own, else the first); the
 * fix disables the others (their rc links are removed, backed up; a unit is `systemctl disable`d)
 * and never repairs both. On a systemd machine a SysV script shadowed by a unit of its name does
 * not start anything and does not count.
 */
import { servicesForConfig, type BootService } from '../src/doctor/boot-service.js';
import { bootLinksOf } from '../src/system/boot-services.js';
import type { Check, DoctorContext, Finding } from '../src/doctor/types.js';
import type { PlanOperation } from '../src/plan/types.js';

interface DisableFixData {
  leftovers: { kind: BootService['kind']; name: string; file: string }[];
}

const label = (service: { kind: string; name: string; file: string }) => (service.kind === 'systemd' ? `${service.name}.service` : service.file);

/** Services that really start something at boot on this init system. */
function startingAtBoot(ctx: DoctorContext): BootService[] {
  const systemd = ctx.files.exists('/run/systemd/system');
  const enabled = servicesForConfig(ctx).filter((service) => service.enabled);
  if (!systemd) return enabled.filter((service) => service.kind === 'sysv');
  const units = new Set(servicesForConfig(ctx).filter((service) => service.kind === 'systemd').map((service) => service.name));
  // systemd-sysv-generator skips a script when a unit of the same name exists.
  return enabled.filter((service) => service.kind === 'systemd' || !units.has(service.name));
}

function keeperOf(ctx: DoctorContext, services: BootService[]): BootService {
  const running = ctx.supervisor.processes[0]?.backend;
  return (
    services.find((service) => running !== undefined && service.backend === running && service.name === 'svwiz') ??
    services.find((service) => running !== undefined && service.backend === running) ??
    services.find((service) => service.name === 'svwiz') ??
    services[0]!
  );
}

function rcLinksOf(ctx: DoctorContext, name: string): string[] {
  return bootLinksOf(ctx.root, { kind: 'sysv', name }, ctx.serviceDirs);
}

/**
 * Which services the other service checks should judge: not the leftovers this check disables,
 * and not a disabled script when another service already starts the config (enabling or repairing
 * it would make two).
 */
export function servicesToJudge(ctx: DoctorContext): BootService[] {
  const starting = startingAtBoot(ctx);
  const leftovers = starting.length > 1 ? starting.filter((service) => service !== keeperOf(ctx, starting)) : [];
  return servicesForConfig(ctx).filter((service) => {
    if (leftovers.some((leftover) => leftover.file === service.file)) return false;
    return service.enabled || !starting.some((other) => other.file !== service.file);
  });
}

export const duplicateBootServiceCheck: Check<DisableFixData> = {
  id: 'duplicate-boot-service',
  title: 'Exactly one boot service starts this config',
  area: 'service',
  fixOrder: 20,
  appliesTo: (ctx) => (ctx.configFile ? true : 'no config found'),
  async run(ctx) {
    const services = startingAtBoot(ctx);
    if (services.length < 2) return [];
    const keeper = keeperOf(ctx, services);
    const leftovers = services.filter((service) => service !== keeper);
    const finding: Finding<DisableFixData> = {
      severity: 'error',
      message:
        `${services.length} boot services start ${ctx.configFile}: ${services.map(label).join(', ')}; at boot the second finds the first running (or fights it for the socket). ` +
        `Keep ${label(keeper)} (it runs ${keeper.backend}${ctx.supervisor.processes[0] ? ', the backend running now' : ''}) and disable ${leftovers.map(label).join(', ')}`,
      file: keeper.file,
      fix: {
        description: `disable ${leftovers.map(label).join(', ')} (rc links removed and backed up / systemctl disable); the scripts and units themselves stay`,
        safety: 'confirm',
        commands: leftovers.map((service) => (service.kind === 'systemd' ? `systemctl disable ${service.name}.service` : `update-rc.d ${service.name} disable`)),
      },
      data: { leftovers: leftovers.map(({ kind, name, file }) => ({ kind, name, file })) },
    };
    return [finding];
  },
  async fix(ctx, finding) {
    const leftovers = finding.data?.leftovers ?? [];
    const operations: PlanOperation[] = leftovers.flatMap((service): PlanOperation[] =>
      service.kind === 'systemd'
        ? [{ kind: 'exec', argv: ['systemctl', 'disable', `${service.name}.service`], undo: ['systemctl', 'enable', `${service.name}.service`], reason: 'a second boot service for this config' }]
        : rcLinksOf(ctx, service.name).map((link) => ({ kind: 'unlink' as const, path: link, reason: `${service.file} is a second boot service for this config` })),
    );
    return operations.length ? { title: `Disable ${leftovers.map(label).join(', ')}`, operations } : undefined;
  },
};
