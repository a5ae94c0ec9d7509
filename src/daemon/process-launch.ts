/**
 * The parent's half of Supervisor's spawn(): resolve the command, open the log files
 * ("dispatchers"), build the environment and start the child. Failures come back as Supervisor's
 * spawnerr text; the state machine decides what they mean.
 */
import type { ProcessConfig } from '../config/types.js';
import { buildChildEnv, programSearchEnvironment } from './child-env.js';
import { spawnChild, type ChildSpawnContext, type SpawnedChild } from './child-spawn.js';
import { CommandProblem, resolveCommand, searchPath, type ResolvedCommand } from './command-resolve.js';
import type { ProcessLogChannels } from './process-log-channels.js';

export interface LaunchContext {
  daemonEnv: NodeJS.ProcessEnv;
  daemonServerUrl: string | undefined;
  supervisordEnvironment: Record<string, string> | null;
  spawnContext: ChildSpawnContext;
}

export type LaunchOutcome =
  | { kind: 'spawned'; child: SpawnedChild; command: ResolvedCommand }
  /** Node reports some fork/exec errors (EAGAIN, ENOENT…) asynchronously on the child's 'error'. */
  | { kind: 'error-pending'; child: SpawnedChild }
  | { kind: 'failed'; spawnerr: string };

export function commandOf(config: ProcessConfig, context: LaunchContext): ResolvedCommand {
  const env = programSearchEnvironment(context.supervisordEnvironment, config.environment);
  return resolveCommand(config.command, searchPath(env, context.daemonEnv));
}

export function forkErrorText(name: string, code: string): string {
  return code === 'EAGAIN' ? `Too many processes in process table to spawn '${name}'` : `unknown error during fork for '${name}': ${code}`;
}

export function launchChild(config: ProcessConfig, groupName: string, context: LaunchContext, logs: ProcessLogChannels): LaunchOutcome {
  const name = config.name;
  let command: ResolvedCommand;
  try {
    command = commandOf(config, context);
  } catch (error) {
    if (error instanceof CommandProblem) return { kind: 'failed', spawnerr: error.message };
    throw error;
  }
  try {
    logs.open();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { kind: 'failed', spawnerr: code === 'EMFILE' ? `too many open files to spawn '${name}'` : `unknown error making dispatchers for '${name}': ${code}` };
  }
  const env = buildChildEnv({
    daemonEnv: context.daemonEnv,
    processName: name,
    groupName,
    programServerUrl: config.serverurl,
    daemonServerUrl: context.daemonServerUrl,
    supervisordEnvironment: context.supervisordEnvironment,
    programEnvironment: config.environment,
  });
  let child: SpawnedChild;
  try {
    child = spawnChild(
      { filename: command.filename, argv: command.argv, env, directory: config.directory, umask: config.umask, uid: config.uid, redirectStderr: config.redirect_stderr },
      context.spawnContext,
    );
  } catch (error) {
    logs.maybeClose();
    return { kind: 'failed', spawnerr: forkErrorText(name, (error as NodeJS.ErrnoException).code ?? String(error)) };
  }
  return child.process.pid === undefined ? { kind: 'error-pending', child } : { kind: 'spawned', child, command };
}
