/**
 * `[supervisord]` as Supervisor 4.2.5 reads it (reference §1.5), in its order of evaluation so the
 * first error reported is the one supervisord would report.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { SectionSources, SupervisordConfig } from './types.js';
import type { ConfigReader } from './config-reader.js';
import { expandValue } from './config-reader.js';
import {
  boolean,
  byteSize,
  existingDirectory,
  existingDirpath,
  integer,
  loggingLevel,
  nameToUid,
  normalizePath,
  octal,
  type ValueContext,
} from './datatypes.js';
import { dictOfKeyValuePairs } from './environment-pairs.js';
import { readFatalExit } from './fatal-exit-keys.js';

const SECTION = 'supervisord';

/** Python's tempfile.gettempdir(): first usable of $TMPDIR, $TEMP, $TMP, /tmp, /var/tmp, /usr/tmp, cwd. */
export function pythonTempDir(ctx: ValueContext): string {
  const candidates = [ctx.env.TMPDIR, ctx.env.TEMP, ctx.env.TMP, '/tmp', '/var/tmp', '/usr/tmp', ctx.cwd];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const absolute = path.resolve(ctx.cwd, candidate);
    try {
      if (statSync(absolute).isDirectory()) {
        accessSync(absolute, constants.W_OK);
        return absolute;
      }
    } catch {
      // not usable; Python tries the next one
    }
  }
  return ctx.cwd;
}

export function readSupervisordSection(reader: ConfigReader): SupervisordConfig {
  const here = new Map([['here', reader.here]]);
  const get = (key: string, fallback: string | null) => reader.get(SECTION, key, fallback, here)?.value ?? null;
  const convert = <T>(key: string, fn: () => T): T => reader.guard(SECTION, key, fn);
  const ctx = reader.ctx;

  const minfds = convert('minfds', () => integer(get('minfds', '1024')!));
  const minprocs = convert('minprocs', () => integer(get('minprocs', '200')!));
  const directoryRaw = get('directory', null);
  const directory = directoryRaw === null ? null : convert('directory', () => existingDirectory(directoryRaw, ctx));
  const user = get('user', null);
  const umask = convert('umask', () => octal(get('umask', '022')!));
  const logfileRaw = convert('logfile', () => existingDirpath(get('logfile', 'supervisord.log')!, ctx));
  const logfile_maxbytes = convert('logfile_maxbytes', () => byteSize(get('logfile_maxbytes', '50MB')!));
  const logfile_backups = convert('logfile_backups', () => integer(get('logfile_backups', '10')!));
  const loglevel = convert('loglevel', () => loggingLevel(get('loglevel', 'info')!));
  const pidfileRaw = convert('pidfile', () => existingDirpath(get('pidfile', 'supervisord.pid')!, ctx));
  const identifier = get('identifier', 'supervisor')!;
  const nodaemon = convert('nodaemon', () => boolean(get('nodaemon', 'false')!));
  const silent = convert('silent', () => boolean(get('silent', 'false')!));
  const childlogdir = convert('childlogdir', () => existingDirectory(get('childlogdir', pythonTempDir(ctx))!, ctx));
  const nocleanup = convert('nocleanup', () => boolean(get('nocleanup', 'false')!));
  const strip_ansi = convert('strip_ansi', () => boolean(get('strip_ansi', 'false')!));

  // 4.2.x expands [supervisord] environment twice (here+ENV, then here+host_node_name+ENV), so %% cannot be used there.
  const environmentOnce = get('environment', '')!;
  const second = new Map<string, string | number>([
    ['here', reader.here],
    ['host_node_name', reader.hostname],
    ...reader.environExpansions,
  ]);
  const environment = convert('environment', () => dictOfKeyValuePairs(expandValue(environmentOnce, second, 'environment')));
  for (const [k, v] of environment) reader.environExpansions.set(`ENV_${k}`, v);
  // svwizd's own keys last: the errors Supervisor would report come first.
  const fatalExit = readFatalExit(reader);

  return {
    logfile: logfileRaw === 'syslog' ? logfileRaw : normalizePath(logfileRaw, ctx),
    logfile_maxbytes,
    logfile_backups,
    loglevel,
    pidfile: normalizePath(pidfileRaw, ctx),
    nodaemon,
    silent,
    minfds,
    minprocs,
    umask,
    identifier,
    directory,
    childlogdir,
    user,
    nocleanup,
    strip_ansi,
    environment: environment.size > 0 ? Object.fromEntries(environment) : null,
    sources: sectionSources(reader, SECTION),
    // Left out when off, so the model of a plain Supervisor config stays as it was.
    ...(fatalExit ? { fatalExit } : {}),
  };
}

/** Supervisor validates `[supervisord] user` only after everything else is read (in realize()). */
export function checkSupervisordUser(reader: ConfigReader, config: SupervisordConfig): void {
  if (config.user !== null) reader.guard(SECTION, 'user', () => nameToUid(config.user!, reader.ctx));
}

export function sectionSources(reader: ConfigReader, section: string): SectionSources {
  const keys: SectionSources['keys'] = {};
  for (const key of reader.store.keysOf(section)) keys[key] = reader.store.get(section, key)!.position;
  return { section: reader.sectionPosition(section) ?? { file: reader.mainFile, line: 1 }, keys };
}
