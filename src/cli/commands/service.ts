/** `svwiz service install|uninstall|status`: flags only; the handler loads when a command runs. */
import type { Command } from 'commander';
import { addTableCommand } from '../flag-options.js';
import { SERVICE_INSTALL_FLAGS, SERVICE_STATUS_FLAGS, SERVICE_UNINSTALL_FLAGS } from '../service-flags.js';

export function registerServiceCommands(program: Command): void {
  const service = program.command('service').description('The boot service that starts the supervisor (systemd unit or SysV init script)');
  addTableCommand(
    service,
    'install',
    'Install and enable the boot service, with DAEMON/SUPERVISORCTL/PATH resolved by `which` now',
    SERVICE_INSTALL_FLAGS,
    async (options) => (await import('../service-commands.js')).runServiceInstall(options),
  );
  addTableCommand(
    service,
    'uninstall',
    'Reverse exactly what install recorded: stop, disable, remove the unit or script and its rc.d links; an adopted Supervisor gets its config and service back',
    SERVICE_UNINSTALL_FLAGS,
    async (options) => (await import('../service-commands.js')).runServiceUninstall(options),
  );
  addTableCommand(
    service,
    'status',
    'Show the installed boot service and whether it runs',
    SERVICE_STATUS_FLAGS,
    async (options) => (await import('../service-commands.js')).runServiceStatus(options),
  );
}
