/**
 * `svwiz doctor`: diagnose a Supervisor setup (svwizd or Python supervisord) and, with --fix,
 * repair it. Only flags are declared here; the handler is imported when the command runs.
 */
import type { Command } from 'commander';
import { addConfigFlag } from './config-flag.js';
import type { DoctorCommandOptions } from '../doctor-command.js';

export function registerDoctorCommands(program: Command): void {
  addConfigFlag(
    program
      .command('doctor')
      .description('Find what breaks a Supervisor setup (stale sockets, EACCES on logs, port collisions, missing environment, ...) and, with --fix, repair it'),
    "supervisord config (default: the running daemon's, else Supervisor's search path)",
  )
    .option('--root <dir>', 'treat DIR as / (check an SD-card image or a test tree)')
    .option('--fix', 'build fixes, show them, apply them (asks unless --yes), then re-run the checks')
    .option('-y, --yes', 'apply fixes without asking')
    .option('--json', 'print one JSON report on stdout and nothing else')
    .option('--verbose', 'show the evidence behind every finding')
    .option('--strict', 'exit 1 on warnings too')
    .option('--check <id>', 'run only this check (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--list-checks', 'list the checks and exit')
    .option('--backup-dir <dir>', 'where --fix keeps copies of the files it changes (default <root>/var/backups/svwiz)')
    .option('--timeout <ms>', 'time limit per check', '20000')
    .option('--init-dir <dir>', 'where SysV init scripts live (default <root>/etc/init.d)')
    .option('--rc-dir <dir>', 'the dir holding rc0.d … rc6.d (default <root>/etc)')
    .option('--unit-dir <dir>', 'a systemd unit dir to look in (repeatable; default the standard ones)', (value: string, previous: string[] = []) => [...previous, value])
    .action(async (options: DoctorCommandOptions) => {
      const { runDoctorCommand } = await import('../doctor-command.js');
      process.exitCode = await runDoctorCommand(options);
    });
}
