/**
 * Every `svwiz` subcommand area, each in its own module under commands/. A module only declares
 * its commands and flags; the handler code is imported when the command runs, so `svwiz doctor`
 * never loads prompt code and `svwiz config check` never loads the doctor.
 */
import type { Command } from 'commander';
import { registerConfigCommands } from './commands/config.js';
import { registerWizardCommands } from './commands/wizard.js';
import { registerServiceCommands } from './commands/service.js';
import { registerDoctorCommands } from './commands/doctor.js';
import { registerCompletionCommand } from './commands/completion.js';
import { registerSupervisorsCommand } from './commands/supervisors.js';

export type RegisterCommand = (program: Command) => void;

export const commandRegistry: RegisterCommand[] = [
  registerConfigCommands,
  registerWizardCommands,
  registerServiceCommands,
  registerDoctorCommands,
  registerCompletionCommand,
  registerSupervisorsCommand,
];
