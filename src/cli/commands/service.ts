/** `svwiz service install|uninstall|status`: flags only; the handler loads when a command runs. */
import type { Command } from 'commander';
import { addFlags } from '../flag-options.js';
import { SERVICE_INSTALL_FLAGS, SERVICE_STATUS_FLAGS, SERVICE_UNINSTALL_FLAGS, type ServiceInstallOptions, type ServiceStatusOptions, type ServiceUninstallOptions } from '../service-flags.js';

export function registerServiceCommands(program: Command): void {
  const service = program.command('service').description('The boot service that starts the supervisor (systemd unit or SysV init script)');
  const install = service.command('install').description('Install and enable the boot service, with DAEMON/SUPERVISORCTL/PATH resolved by `which` now');
  addFlags(install, SERVICE_INSTALL_FLAGS).action(async (opts: ServiceInstallOptions) => {
    const { runServiceInstall } = await import('../service-commands.js');
    process.exitCode = await runServiceInstall(opts);
  });
  const uninstall = service
    .command('uninstall')
    .description('Reverse exactly what install recorded: stop, disable, remove the unit or script and its rc.d links; an adopted Supervisor gets its config and service back');
  addFlags(uninstall, SERVICE_UNINSTALL_FLAGS).action(async (opts: ServiceUninstallOptions) => {
    const { runServiceUninstall } = await import('../service-commands.js');
    process.exitCode = await runServiceUninstall(opts);
  });
  const status = service.command('status').description('Show the installed boot service and whether it runs');
  addFlags(status, SERVICE_STATUS_FLAGS).action(async (opts: ServiceStatusOptions) => {
    const { runServiceStatus } = await import('../service-commands.js');
    process.exitCode = await runServiceStatus(opts);
  });
}
