/** Handlers of `svwiz add-program` and `svwiz remove-program`. */
import { runAddProgram, type ProgramCommandOptions } from '../wizard/add-program-flow.js';
import type { ProgramFlags } from '../wizard/program-questions.js';
import { runRemoveProgram } from '../wizard/remove-program-flow.js';

function commandOptions(opts: Record<string, unknown>): ProgramCommandOptions {
  return {
    root: opts.root as string | undefined,
    config: opts.config as string | undefined,
    dryRun: !!opts.dryRun,
    yes: !!opts.yes,
    interactive: opts.interactive as boolean | undefined,
    overwrite: opts.overwrite as boolean | undefined,
  };
}

export async function runAddProgramCommand(name: string | undefined, opts: Record<string, unknown>): Promise<number> {
  const flags: ProgramFlags = {
    command: opts.command as string | undefined,
    shell: opts.shell as boolean | undefined,
    force: opts.force as boolean | undefined,
    directory: opts.directory as string | undefined,
    user: opts.user as string | undefined,
    autostart: opts.autostart as boolean | undefined,
    autorestart: opts.autorestart as ProgramFlags['autorestart'],
    startsecs: opts.startsecs as number | undefined,
    startretries: opts.startretries as number | undefined,
    priority: opts.priority as number | undefined,
    stdoutLog: opts.stdoutLog as string | undefined,
    stderrLog: opts.stderrLog as string | undefined,
    redirectStderr: opts.redirectStderr as boolean | undefined,
    logMaxbytes: opts.logMaxbytes as string | undefined,
    logBackups: opts.logBackups as number | undefined,
    env: opts.env as string[] | undefined,
    loginEnv: opts.loginEnv as boolean | undefined,
  };
  return runAddProgram(name, flags, commandOptions(opts));
}

export async function runRemoveProgramCommand(name: string, opts: Record<string, unknown>): Promise<number> {
  return runRemoveProgram(name, commandOptions(opts));
}
