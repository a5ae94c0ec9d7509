/**
 * `[supervisord] exit_on_fatal` (issue 17, Supervisor's most repeated request, for containers):
 * the first program to enter FATAL while the daemon runs makes it stop every program, in the
 * usual order, and exit with `exit_on_fatal_code`. Supervisor stays up with a FATAL program.
 */
import type { FatalExitSettings } from '../config/types.js';
import type { MainLog } from './main-log.js';

export interface FatalExitTarget {
  readonly mood: string;
  exitStatus: number;
  requestStop(mood: 'SHUTDOWN'): Promise<void>;
}

/** Call on every FATAL; a FATAL during a shutdown or restart (a group stop) changes nothing. */
export function exitOnFatal(settings: FatalExitSettings | undefined, target: FatalExitTarget, processName: string, log: MainLog): void {
  if (!settings || target.mood !== 'RUNNING') return;
  log.critical(`${processName} entered FATAL state; exit_on_fatal is set: stopping every program, then exiting with status ${settings.code}`);
  target.exitStatus = settings.code;
  void target.requestStop('SHUTDOWN');
}
