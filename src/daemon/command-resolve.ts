/**
 * Turn a program's `command=` into the file to execute and its argv, with Supervisor's checks and
 * its exact error texts (they become `spawnerr` and RPC fault details).
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { pythonRepr } from '../protocol/python-repr.js';
import { shlexSplit, ShlexError } from '../shell/shlex-split.js';
import { firstAlongPath } from '../system/which.js';

/** Which RPC fault a bad command maps to (startProcess checks before spawning). */
export type CommandProblemKind = 'NO_FILE' | 'NOT_EXECUTABLE';

export class CommandProblem extends Error {
  constructor(
    message: string,
    readonly kind: CommandProblemKind,
  ) {
    super(message);
    this.name = 'CommandProblem';
  }
}

export interface ResolvedCommand {
  filename: string;
  argv: string[];
}

const DEFAULT_PATH = ['/bin', '/usr/bin', '/usr/local/bin'];

/** The search path Supervisor uses: the program environment's PATH, else the daemon's, else a default. */
export function searchPath(programEnvironment: Record<string, string> | null, daemonEnv: NodeJS.ProcessEnv): string[] {
  const programPath = programEnvironment?.PATH;
  if (programPath !== undefined) return programPath.split(':');
  const daemonPath = daemonEnv.PATH;
  return daemonPath ? daemonPath.split(':') : DEFAULT_PATH;
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

export function resolveCommand(command: string, pathDirs: string[]): ResolvedCommand {
  let argv: string[];
  try {
    argv = shlexSplit(command);
  } catch (error) {
    if (error instanceof ShlexError) {
      throw new CommandProblem(`can't parse command ${pythonRepr(command)}: ${error.message}`, 'NOT_EXECUTABLE');
    }
    throw error;
  }
  if (argv.length === 0) throw new CommandProblem('command is empty', 'NOT_EXECUTABLE');
  const program = argv[0]!;
  let filename = program;
  let st: Stats | undefined;
  if (program.includes('/')) {
    st = statOrUndefined(program);
  } else {
    // Supervisor's search (system/which.ts): the first path that exists, executable or not.
    const hit = firstAlongPath(program, pathDirs, statOrUndefined);
    if (hit) {
      filename = hit.file;
      st = hit.found;
    }
  }
  if (!st) throw new CommandProblem(`can't find command ${pythonRepr(filename)}`, 'NO_FILE');
  if (st.isDirectory()) throw new CommandProblem(`command at ${pythonRepr(filename)} is a directory`, 'NOT_EXECUTABLE');
  if ((st.mode & 0o111) === 0) throw new CommandProblem(`command at ${pythonRepr(filename)} is not executable`, 'NOT_EXECUTABLE');
  try {
    accessSync(filename, constants.X_OK);
  } catch {
    throw new CommandProblem(`no permission to run command ${pythonRepr(filename)}`, 'NOT_EXECUTABLE');
  }
  return { filename, argv };
}
