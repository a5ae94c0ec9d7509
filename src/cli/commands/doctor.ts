/**
 * `svwiz doctor`: diagnose a Supervisor setup (svwizd or Python supervisord) and, with --fix,
 * repair it. Only flags are declared here; the handler is imported when the command runs.
 */
import type { Command } from 'commander';
import { addFlags } from '../flag-options.js';
import { DOCTOR_FLAGS, type DoctorCommandOptions } from '../doctor-flags.js';

export function registerDoctorCommands(program: Command): void {
  const doctor = program
    .command('doctor')
    .description('Find what breaks a Supervisor setup (stale sockets, EACCES on logs, port collisions, missing environment, ...) and, with --fix, repair it');
  addFlags(doctor, DOCTOR_FLAGS).action(async (options: DoctorCommandOptions) => {
    const { runDoctorCommand } = await import('../doctor-command.js');
    process.exitCode = await runDoctorCommand(options);
  });
}
