/**
 * svwizd's per-program limits (issue 17): `memory_limit` (with `memory_limit_check_period`) and
 * `restart_limit` (with `restart_limit_window`). Supervisor has no such keys and ignores them, so
 * a config using them still runs under Python supervisord, without the limits.
 */
import type { ConfigReader } from './config-reader.js';
import type { ProcessLimits } from './types.js';
import { byteSize, ConfigValueError, integer } from './datatypes.js';

export const PROCESS_LIMIT_KEYS = ['memory_limit', 'memory_limit_check_period', 'restart_limit', 'restart_limit_window'] as const;

export const DEFAULT_MEMORY_CHECK_PERIOD_SECONDS = 5;
export const DEFAULT_RESTART_LIMIT_WINDOW_SECONDS = 60;


function positive(value: number, valid: string): number {
  if (!(value > 0)) throw new ConfigValueError(`${value} is not greater than 0`, valid);
  return value;
}

/** The limits of one program section; undefined when it sets none of the keys (the default). */
export function readProcessLimits(reader: ConfigReader, section: string): ProcessLimits | undefined {
  if (!PROCESS_LIMIT_KEYS.some((key) => reader.store.get(section, key))) return undefined;
  const get = (key: string) => reader.get(section, key, null)?.value ?? null;
  const convert = <T>(key: string, fn: () => T): T => reader.guard(section, key, fn);
  const memory = get('memory_limit');
  const period = get('memory_limit_check_period');
  const limit = get('restart_limit');
  const window = get('restart_limit_window');
  const bytesValid = 'a number of bytes above 0 with an optional KB, MB or GB suffix, e.g. 200MB';
  const secondsValid = 'a whole number of seconds above 0';
  return {
    memoryLimitBytes: memory === null ? undefined : convert('memory_limit', () => positive(byteSize(memory), bytesValid)),
    memoryCheckPeriodSeconds:
      period === null ? DEFAULT_MEMORY_CHECK_PERIOD_SECONDS : convert('memory_limit_check_period', () => positive(integer(period), secondsValid)),
    restartLimit: limit === null ? undefined : convert('restart_limit', () => positive(integer(limit), 'a whole number of unexpected exits above 0, e.g. 5')),
    restartLimitWindowSeconds:
      window === null ? DEFAULT_RESTART_LIMIT_WINDOW_SECONDS : convert('restart_limit_window', () => positive(integer(window), secondsValid)),
  };
}
