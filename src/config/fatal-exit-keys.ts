/**
 * `[supervisord] exit_on_fatal` and `exit_on_fatal_code` (svwizd only, issue 17): when any
 * program enters FATAL the daemon stops everything and exits with the code, so a container
 * running svwizd as PID 1 is restarted by its orchestrator. Supervisor 4.2.5 has no such keys
 * (its [supervisord] keys are in validate.ts) and ignores them.
 */
import type { ConfigReader } from './config-reader.js';
import type { FatalExitSettings } from './types.js';
import { boolean, ConfigValueError, integer } from './datatypes.js';

export const FATAL_EXIT_KEYS = ['exit_on_fatal', 'exit_on_fatal_code'] as const;
export const DEFAULT_FATAL_EXIT_CODE = 1;


/** undefined unless exit_on_fatal is true (Supervisor's behaviour: stay up). */
export function readFatalExit(reader: ConfigReader): FatalExitSettings | undefined {
  const get = (key: string) => reader.get('supervisord', key, null)?.value ?? null;
  const enabled = get('exit_on_fatal');
  const codeText = get('exit_on_fatal_code');
  const on = enabled !== null && reader.guard('supervisord', 'exit_on_fatal', () => boolean(enabled));
  const code =
    codeText === null
      ? DEFAULT_FATAL_EXIT_CODE
      : reader.guard('supervisord', 'exit_on_fatal_code', () => {
          const value = integer(codeText);
          if (value < 1 || value > 255) throw new ConfigValueError(`${value} is not a usable exit status`, 'a whole number from 1 to 255');
          return value;
        });
  return on ? { code } : undefined;
}
