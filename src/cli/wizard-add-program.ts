/** Handlers of `svwiz add-program` and `svwiz remove-program`: commander's options → the flows. */
import { runAddProgram, type ProgramCommandOptions } from '../wizard/add-program-flow.js';
import { pickFlags } from '../wizard/flag-table.js';
import { PROGRAM_FLAGS, PROGRAM_TARGET_FLAGS, WIZARD_COMMON_FLAGS } from '../wizard/flags.js';
import { runRemoveProgram } from '../wizard/remove-program-flow.js';

// Two tables, kept apart: add-program's `--env KEY=VALUE` list is not the process environment a flow's `env` option means.
function commandOptions(opts: object): ProgramCommandOptions {
  return { ...pickFlags(opts, WIZARD_COMMON_FLAGS), ...pickFlags(opts, PROGRAM_TARGET_FLAGS) };
}

export async function runAddProgramCommand(name: string | undefined, opts: object): Promise<number> {
  return runAddProgram(name, pickFlags(opts, PROGRAM_FLAGS), commandOptions(opts));
}

export async function runRemoveProgramCommand(name: string, opts: object): Promise<number> {
  return runRemoveProgram(name, commandOptions(opts));
}
