/** Handlers of `svwiz add-program` and `svwiz remove-program`. */
import { runAddProgram, type ProgramCommandOptions } from '../wizard/add-program-flow.js';
import type { ProgramFlags } from '../wizard/program-questions.js';
import { runRemoveProgram } from '../wizard/remove-program-flow.js';
import { pickOptions } from './pick-options.js';

const COMMAND_KEYS = ['root', 'config', 'interactive', 'overwrite'] as const satisfies readonly (keyof ProgramCommandOptions)[];

const PROGRAM_KEYS = [
  'command',
  'shell',
  'force',
  'directory',
  'user',
  'autostart',
  'autorestart',
  'startsecs',
  'startretries',
  'priority',
  'stdoutLog',
  'stderrLog',
  'redirectStderr',
  'logMaxbytes',
  'logBackups',
  'env',
  'loginEnv',
] as const satisfies readonly (keyof ProgramFlags)[];

function commandOptions(opts: Record<string, unknown>): ProgramCommandOptions {
  return { ...pickOptions<ProgramCommandOptions>(opts, COMMAND_KEYS), dryRun: !!opts.dryRun, yes: !!opts.yes };
}

export async function runAddProgramCommand(name: string | undefined, opts: Record<string, unknown>): Promise<number> {
  return runAddProgram(name, pickOptions<ProgramFlags>(opts, PROGRAM_KEYS), commandOptions(opts));
}

export async function runRemoveProgramCommand(name: string, opts: Record<string, unknown>): Promise<number> {
  return runRemoveProgram(name, commandOptions(opts));
}
