/**
 * The keys of a `[program:x]` section (also the base of `[eventlistener:x]` and
 * `[fcgi-program:x]`), in Supervisor's order, each with how its value is checked and which
 * ProcessConfig field `reread` compares for it (Supervisor's ProcessConfig.__eq__ compares
 * `uid` for `user=` and `name` for `process_name=`; numprocs shapes the process set instead).
 * validate.ts (unknown keys), daemon/config-diff.ts (reread), checks/config-values.ts (value
 * kinds) and program-sections.ts (defaults) read this table, and a test holds sample-config.ts to
 * its defaults; the converters (in Supervisor's evaluation order) and json-contract.ts are still
 * written out by hand (issue 14).
 */
import type { ProcessConfig } from './types.js';

export type ProgramKeyKind = 'text' | 'boolean' | 'integer' | 'autorestart' | 'byte-size' | 'octal' | 'signal' | 'exit-codes' | 'environment';

export interface ProgramKey {
  key: string;
  kind: ProgramKeyKind;
  /** The ProcessConfig field `reread` compares for this key; null when it compares none. */
  reread: keyof ProcessConfig | null;
  /**
   * The value Supervisor uses when the key is absent, as it would be written in the file (the
   * reader converts it like a written value). null: absence means something of its own (no user,
   * no umask, an AUTO log, serverurl AUTO) or the key is required (command).
   */
  default: string | null;
}

const key = (name: string, kind: ProgramKeyKind, reread: keyof ProcessConfig | null, fallback: string | null): ProgramKey => ({ key: name, kind, reread, default: fallback });

/** The log keys of one channel, in Supervisor's order (each is also a ProcessConfig field). */
function channelKeys(channel: 'stdout' | 'stderr'): ProgramKey[] {
  type Suffix = 'logfile' | 'logfile_maxbytes' | 'logfile_backups' | 'capture_maxbytes' | 'events_enabled' | 'syslog';
  const channelKey = (suffix: Suffix, kind: ProgramKeyKind, fallback: string | null) => {
    const name: `${typeof channel}_${Suffix}` = `${channel}_${suffix}`;
    return key(name, kind, name, fallback);
  };
  return [
    channelKey('logfile', 'text', null),
    channelKey('logfile_maxbytes', 'byte-size', '50MB'),
    channelKey('logfile_backups', 'integer', '10'),
    channelKey('capture_maxbytes', 'byte-size', '0'),
    channelKey('events_enabled', 'boolean', 'false'),
    channelKey('syslog', 'boolean', 'false'),
  ];
}

export const PROGRAM_KEYS: readonly ProgramKey[] = [
  key('command', 'text', 'command', null),
  key('process_name', 'text', 'name', '%(program_name)s'),
  key('numprocs', 'integer', null, '1'),
  key('numprocs_start', 'integer', null, '0'),
  key('priority', 'integer', 'priority', '999'),
  key('autostart', 'boolean', 'autostart', 'true'),
  key('startsecs', 'integer', 'startsecs', '1'),
  key('startretries', 'integer', 'startretries', '3'),
  key('autorestart', 'autorestart', 'autorestart', 'unexpected'),
  key('exitcodes', 'exit-codes', 'exitcodes', '0'),
  key('stopsignal', 'signal', 'stopsignal', 'TERM'),
  key('stopwaitsecs', 'integer', 'stopwaitsecs', '10'),
  key('stopasgroup', 'boolean', 'stopasgroup', 'false'),
  key('killasgroup', 'boolean', 'killasgroup', 'false'), // with stopasgroup=true the reader defaults it to true, as Supervisor does
  key('user', 'text', 'uid', null),
  key('redirect_stderr', 'boolean', 'redirect_stderr', 'false'),
  ...channelKeys('stdout'),
  ...channelKeys('stderr'),
  key('environment', 'environment', 'environment', ''),
  key('directory', 'text', 'directory', null),
  key('umask', 'octal', 'umask', null),
  key('serverurl', 'text', 'serverurl', null),
];

export const PROGRAM_KEY_NAMES: readonly string[] = PROGRAM_KEYS.map((k) => k.key);

export function programKeysOfKind(kind: ProgramKeyKind): string[] {
  return PROGRAM_KEYS.filter((k) => k.kind === kind).map((k) => k.key);
}

/** The fields `reread` compares (Supervisor's req_param_names + optional_param_names). */
export const REREAD_FIELDS: readonly (keyof ProcessConfig)[] = PROGRAM_KEYS.flatMap((k) => (k.reread ? [k.reread] : []));

const DEFAULTS = new Map(PROGRAM_KEYS.map((k) => [k.key, k.default]));

/** Supervisor's default for a [program:x] key (null: none; see ProgramKey.default). */
export function programKeyDefault(name: string): string | null {
  if (!DEFAULTS.has(name)) throw new Error(`${name} is not a [program:x] key`);
  return DEFAULTS.get(name)!;
}
