/**
 * `svwiz init`, `svwiz add-program`, `svwiz remove-program`: flags only, from the tables in
 * src/wizard/flags.ts (every question has a flag there). The handlers (and the prompt library)
 * load only when the command runs.
 */
import type { Command } from 'commander';
import { addFlags } from '../flag-options.js';
import { INIT_FLAGS, PROGRAM_FLAGS, PROGRAM_TARGET_FLAGS, WIZARD_COMMON_FLAGS } from '../../wizard/flags.js';

export function registerWizardCommands(program: Command): void {
  const init = program
    .command('init')
    .description('Set up a supervisor: config, include dir, boot service; start it and check it with the doctor');
  addFlags(addFlags(init, WIZARD_COMMON_FLAGS), INIT_FLAGS).action(async (opts) => {
    const { runInitCommand } = await import('../wizard-init.js');
    process.exitCode = await runInitCommand(opts);
  });

  const addProgram = program
    .command('add-program')
    .argument('[name]', 'program name')
    .description('Add a program: write INCLUDE_DIR/NAME.ini, load it into the running supervisor, wait for RUNNING');
  addFlags(addFlags(addFlags(addProgram, WIZARD_COMMON_FLAGS), PROGRAM_TARGET_FLAGS), PROGRAM_FLAGS).action(async (name: string | undefined, opts) => {
    const { runAddProgramCommand } = await import('../wizard-add-program.js');
    process.exitCode = await runAddProgramCommand(name, opts);
  });

  const removeProgram = program
    .command('remove-program')
    .argument('<name>', 'program name')
    .description('Stop a program, remove it from the running supervisor and delete (back up) its file');
  addFlags(addFlags(removeProgram, WIZARD_COMMON_FLAGS), PROGRAM_TARGET_FLAGS).action(async (name: string, opts) => {
    const { runRemoveProgramCommand } = await import('../wizard-add-program.js');
    process.exitCode = await runRemoveProgramCommand(name, opts);
  });
}
