/** `svwiz service install|uninstall|status`: flags only; the handler loads when a command runs. */
import { Option, type Command } from 'commander';
import { addConfigFlag } from './config-flag.js';

export function registerServiceCommands(program: Command): void {
  const service = program.command('service').description('The boot service that starts the supervisor (systemd unit or SysV init script)');
  addConfigFlag(
    service.command('install').description('Install and enable the boot service, with DAEMON/SUPERVISORCTL/PATH resolved by `which` now'),
    'supervisor config (default: from svwiz init)',
  )
    .addOption(new Option('--kind <kind>', 'service kind (default: from what PID 1 is)').choices(['systemd', 'systemd-user', 'sysv']))
    .addOption(new Option('--backend <backend>', 'svwizd or supervisord (default: from svwiz init)').choices(['svwizd', 'supervisord']))
    .option('--pidfile <path>', 'pid file (default: from svwiz init)')
    .option('--name <name>', 'unit / script name (default svwiz)')
    .option('--network-online', 'systemd: wait for network-online.target at boot')
    .option('--no-network-online', 'systemd: do not wait for the network (default)')
    .option('--low-memory', 'svwizd: run with a small V8 nursery (less memory on small boards)')
    .option('--no-low-memory', 'svwizd: run with V8\'s default heap sizes')
    .option('--root <dir>', 'treat DIR as /')
    .option('--dry-run', 'print the plan as a diff and change nothing')
    .option('-y, --yes', 'do not ask')
    .option('--overwrite', 'replace an existing unit/script that would change (backed up first)')
    .action(async (opts) => {
      const { runServiceInstall } = await import('../service-commands.js');
      process.exitCode = await runServiceInstall(opts);
    });
  addConfigFlag(
    service
      .command('uninstall')
      .description('Reverse exactly what install recorded: stop, disable, remove the unit or script and its rc.d links; an adopted Supervisor gets its config and service back'),
    'the config svwiz init wrote (default: from svwiz init)',
  )
    .option('--user', 'the user-mode service (~/.config/svwiz)')
    .option('--root <dir>', 'treat DIR as /')
    .option('--dry-run', 'print what would be undone')
    .action(async (opts) => {
      const { runServiceUninstall } = await import('../service-commands.js');
      process.exitCode = await runServiceUninstall(opts);
    });
  service
    .command('status')
    .description('Show the installed boot service and whether it runs')
    .option('--user', 'the user-mode service (~/.config/svwiz)')
    .option('--root <dir>', 'treat DIR as /')
    .option('--json', 'print one JSON document')
    .action(async (opts) => {
      const { runServiceStatus } = await import('../service-commands.js');
      process.exitCode = await runServiceStatus(opts);
    });
}
