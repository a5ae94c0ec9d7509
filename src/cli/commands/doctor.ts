/**
 * `svwiz doctor`: diagnose a Supervisor setup (svwizd or Python supervisord) and, with --fix,
 * repair it. Only flags are declared here; the handler is imported when the command runs.
 */
import type { Command } from 'commander';
import { addTableCommand } from '../flag-options.js';
import { DOCTOR_FLAGS } from '../doctor-flags.js';

export function registerDoctorCommands(program: Command): void {
  addTableCommand(
    program,
    'doctor',
    'Find what breaks a Supervisor setup (stale sockets, EACCES on logs, port collisions, missing environment, ...) and, with --fix, repair it',
    DOCTOR_FLAGS,
    async (options) => (await import('../doctor-command.js')).runDoctorCommand(options),
  );
}
