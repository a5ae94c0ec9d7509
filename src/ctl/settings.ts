/**
 * Where svwizctl connects and as whom: command-line flags first, then the [supervisorctl]
 * section of the config file (given with -c or found where supervisorctl looks), then
 * supervisorctl's defaults. Config problems are usage errors (exit 2), as in supervisorctl.
 */
import { existsSync } from 'node:fs';
import { UsageError, UserError } from '../errors.js';
import type { SupervisorctlConfig } from '../config/types.js';
import type { CtlArgs } from './argv.js';
import type { CtlSettings } from './command-context.js';

export const DEFAULT_SERVER_URL = 'http://localhost:9001';

export async function resolveCtlSettings(args: CtlArgs, where: { argv0: string; cwd: string }): Promise<CtlSettings> {
  let configFile = args.configFile;
  if (configFile === undefined) {
    const { findSupervisordConfig } = await import('../config/discover.js');
    configFile = findSupervisordConfig(where.argv0, where.cwd);
  } else if (!existsSync(configFile)) {
    throw new UsageError(`could not find config file ${configFile}`);
  }
  let section: SupervisorctlConfig | undefined;
  if (configFile !== undefined) {
    const { loadSupervisorctlConfig } = await import('../config/ctl-config.js');
    try {
      section = await loadSupervisorctlConfig(configFile);
    } catch (error) {
      if (error instanceof UserError) throw new UsageError(error.message);
      throw error;
    }
  }
  return {
    serverUrl: args.serverUrl ?? section?.serverurl ?? DEFAULT_SERVER_URL,
    username: args.username ?? section?.username ?? null,
    password: args.password ?? section?.password ?? null,
    prompt: section?.prompt ?? 'supervisor',
    historyFile: args.historyFile ?? section?.history_file ?? null,
    interactive: args.interactive || args.command.length === 0,
  };
}
