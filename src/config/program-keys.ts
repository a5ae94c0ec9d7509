/**
 * The keys of a `[program:x]` section (also the base of `[eventlistener:x]` and
 * `[fcgi-program:x]`), in Supervisor's order, each with how its value is checked and which
 * ProcessConfig field `reread` compares for it (Supervisor's ProcessConfig.__eq__ compares
 * `uid` for `user=` and `name` for `process_name=`; numprocs shapes the process set instead).
 * validate.ts (unknown keys), daemon/config-diff.ts (reread) and checks/config-values.ts (value
 * kinds) read this table; program-sections.ts (the reader, with the defaults) and
 * json-contract.ts / sample-config.ts are still hand-kept (issue 14, next step).
 */
import type { ProcessConfig } from './types.js';

export type ProgramKeyKind = 'text' | 'boolean' | 'integer' | 'autorestart' | 'byte-size' | 'octal' | 'signal' | 'exit-codes' | 'environment';

export interface ProgramKey {
  key: string;
  kind: ProgramKeyKind;
  /** The ProcessConfig field `reread` compares for this key; null when it compares none. */
  reread: keyof ProcessConfig | null;
}

const key = (name: string, kind: ProgramKeyKind, reread: keyof ProcessConfig | null): ProgramKey => ({ key: name, kind, reread });

export const PROGRAM_KEYS: readonly ProgramKey[] = [
  key('command', 'text', 'command'),
  key('process_name', 'text', 'name'),
  key('numprocs', 'integer', null),
  key('numprocs_start', 'integer', null),
  key('priority', 'integer', 'priority'),
  key('autostart', 'boolean', 'autostart'),
  key('startsecs', 'integer', 'startsecs'),
  key('startretries', 'integer', 'startretries'),
  key('autorestart', 'autorestart', 'autorestart'),
  key('exitcodes', 'exit-codes', 'exitcodes'),
  key('stopsignal', 'signal', 'stopsignal'),
  key('stopwaitsecs', 'integer', 'stopwaitsecs'),
  key('stopasgroup', 'boolean', 'stopasgroup'),
  key('killasgroup', 'boolean', 'killasgroup'),
  key('user', 'text', 'uid'),
  key('redirect_stderr', 'boolean', 'redirect_stderr'),
  key('stdout_logfile', 'text', 'stdout_logfile'),
  key('stdout_logfile_maxbytes', 'byte-size', 'stdout_logfile_maxbytes'),
  key('stdout_logfile_backups', 'integer', 'stdout_logfile_backups'),
  key('stdout_capture_maxbytes', 'byte-size', 'stdout_capture_maxbytes'),
  key('stdout_events_enabled', 'boolean', 'stdout_events_enabled'),
  key('stdout_syslog', 'boolean', 'stdout_syslog'),
  key('stderr_logfile', 'text', 'stderr_logfile'),
  key('stderr_logfile_maxbytes', 'byte-size', 'stderr_logfile_maxbytes'),
  key('stderr_logfile_backups', 'integer', 'stderr_logfile_backups'),
  key('stderr_capture_maxbytes', 'byte-size', 'stderr_capture_maxbytes'),
  key('stderr_events_enabled', 'boolean', 'stderr_events_enabled'),
  key('stderr_syslog', 'boolean', 'stderr_syslog'),
  key('environment', 'environment', 'environment'),
  key('directory', 'text', 'directory'),
  key('umask', 'octal', 'umask'),
  key('serverurl', 'text', 'serverurl'),
];

export const PROGRAM_KEY_NAMES: readonly string[] = PROGRAM_KEYS.map((k) => k.key);

export function programKeysOfKind(kind: ProgramKeyKind): string[] {
  return PROGRAM_KEYS.filter((k) => k.kind === kind).map((k) => k.key);
}

/** The fields `reread` compares (Supervisor's req_param_names + optional_param_names). */
export const REREAD_FIELDS: readonly (keyof ProcessConfig)[] = PROGRAM_KEYS.flatMap((k) => (k.reread ? [k.reread] : []));
