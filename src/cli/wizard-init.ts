/** Handler of `svwiz init`: commander's options → the init flow. */
import { runInit, type InitOptions } from '../wizard/init-flow.js';
import { pickOptions } from './pick-options.js';

const INIT_KEYS = [
  'root',
  'interactive',
  'overwrite',
  'mode',
  'backend',
  'config',
  'includeDir',
  'include',
  'socket',
  'logDir',
  'logOwner',
  'pidfile',
  'web',
  'webHost',
  'webPort',
  'webUser',
  'webPassword',
  'service',
  'serviceName',
  'networkOnline',
  'lowMemory',
  'existing',
  'start',
  'doctor',
] as const satisfies readonly (keyof InitOptions)[];

export async function runInitCommand(opts: Record<string, unknown>): Promise<number> {
  return runInit({ ...pickOptions<InitOptions>(opts, INIT_KEYS), dryRun: !!opts.dryRun, yes: !!opts.yes });
}
