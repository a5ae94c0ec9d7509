/** Command-line values override `[supervisord]` ones, as supervisord's ServerOptions does. */
import path from 'node:path';
import type { SupervisordConfig } from '../config/types.js';
import { byteSize } from '../config/datatypes.js';
import { UsageError } from '../errors.js';
import type { DaemonArgs } from '../protocol/supervisord-args.js';
import type { LogLevelName } from './main-log.js';

const LEVEL_ALIASES: Record<string, LogLevelName> = {
  critical: 'critical',
  crit: 'critical',
  error: 'error',
  erro: 'error',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
  debg: 'debug',
  trace: 'trace',
  trac: 'trace',
  blather: 'blather',
  blat: 'blather',
};

export function parseLogLevel(value: string): LogLevelName {
  const level = LEVEL_ALIASES[value.toLowerCase()];
  if (!level) throw new UsageError(`invalid value for -e/--loglevel: ${value} (one of critical, error, warn, info, debug, trace, blather)`);
  return level;
}

export function applyDaemonArgs(config: SupervisordConfig, args: DaemonArgs, cwd: string): SupervisordConfig {
  const merged: SupervisordConfig = { ...config };
  if (args.nodaemon) merged.nodaemon = true;
  if (args.silent) merged.silent = true;
  if (args.user !== undefined) merged.user = args.user;
  if (args.umask !== undefined) merged.umask = args.umask;
  if (args.directory !== undefined) merged.directory = path.resolve(cwd, args.directory);
  if (args.logfile !== undefined) merged.logfile = args.logfile === 'syslog' ? null : path.resolve(cwd, args.logfile);
  if (args.logfileMaxbytes !== undefined) {
    try {
      merged.logfile_maxbytes = byteSize(args.logfileMaxbytes);
    } catch {
      throw new UsageError(`invalid value for -y/--logfile_maxbytes: ${args.logfileMaxbytes} (bytes, or a size like 50MB)`);
    }
  }
  if (args.logfileBackups !== undefined) merged.logfile_backups = args.logfileBackups;
  if (args.loglevel !== undefined) merged.loglevel = parseLogLevel(args.loglevel);
  if (args.pidfile !== undefined) merged.pidfile = path.resolve(cwd, args.pidfile);
  if (args.identifier !== undefined) merged.identifier = args.identifier;
  if (args.childlogdir !== undefined) merged.childlogdir = path.resolve(cwd, args.childlogdir);
  if (args.nocleanup) merged.nocleanup = true;
  if (args.stripAnsi) merged.strip_ansi = true;
  if (args.minfds !== undefined) merged.minfds = args.minfds;
  if (args.minprocs !== undefined) merged.minprocs = args.minprocs;
  return merged;
}
