/** What a previous setup left: the web password stored in the config (so a re-run keeps it) and the keys add-program needs. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseIniDialect } from '../config/ini-dialect.js';
import { UserError } from '../errors.js';
import { mapToRoot } from '../system/paths.js';
import { setupRecordPathFor } from './layout.js';
import type { SetupRecord } from './types.js';

function readIni(hostFile: string, file: string) {
  try {
    return parseIniDialect(readFileSync(hostFile, 'utf8'), file);
  } catch {
    return null;
  }
}

function valueOf(ini: ReturnType<typeof readIni>, section: (name: string) => boolean, key: string): string | null {
  for (const s of ini?.sections ?? []) if (section(s.name)) for (const e of s.entries) if (e.key === key) return e.value;
  return null;
}

export function readStoredWebPassword(root: string, configFile: string): string | null {
  const ini = readIni(mapToRoot(root, configFile), configFile);
  const value = valueOf(ini, (name) => name.startsWith('inet_http_server'), 'password');
  // The file holds %% for %; the stored value goes back through the renderer, which escapes again.
  return value === null ? null : value.replace(/%%/g, '%');
}

/** Where programs go and how to reach the supervisor, from a setup record or from the config itself. */
export interface ProgramTarget {
  configFile: string;
  includeDir: string;
  serverUrl: string;
  logDir: string;
  auth?: { username: string; password: string };
  mode: 'system' | 'user';
}

export function targetFromRecord(record: SetupRecord): ProgramTarget {
  return { configFile: record.configFile, includeDir: record.includeDir, serverUrl: record.serverUrl, logDir: record.logDir, mode: record.mode };
}

/** Without a record (a hand-made config): the first [include] pattern's dir, [supervisorctl] serverurl or the unix socket. */
export function targetFromConfig(root: string, configFile: string, isRoot: boolean): ProgramTarget {
  const ini = readIni(mapToRoot(root, configFile), configFile);
  if (!ini) throw new UserError(`cannot read the config ${configFile}; pass -c FILE or run 'svwiz init' first`);
  const files = valueOf(ini, (name) => name === 'include', 'files');
  const first = files?.split(/\s+/).filter(Boolean)[0];
  if (!first) throw new UserError(`${configFile} has no [include] files= pattern, so a program file would not be read; add one or run 'svwiz init'`);
  const includeDir = path.dirname(path.resolve(path.dirname(configFile), first));
  const socket = valueOf(ini, (name) => name.startsWith('unix_http_server'), 'file');
  const serverUrl = valueOf(ini, (name) => name === 'supervisorctl', 'serverurl') ?? (socket ? `unix://${socket}` : 'http://localhost:9001');
  const username = valueOf(ini, (name) => name === 'supervisorctl', 'username');
  const password = valueOf(ini, (name) => name === 'supervisorctl', 'password');
  const logfile = valueOf(ini, (name) => name === 'supervisord', 'logfile');
  const childlogdir = valueOf(ini, (name) => name === 'supervisord', 'childlogdir');
  return {
    configFile,
    includeDir,
    serverUrl,
    logDir: childlogdir ?? (logfile && path.isAbsolute(logfile) ? path.dirname(logfile) : '/var/log'),
    ...(username && password ? { auth: { username, password } } : {}),
    mode: isRoot ? 'system' : 'user',
  };
}

function readRecord(root: string, file: string): SetupRecord | null {
  try {
    const record = JSON.parse(readFileSync(mapToRoot(root, file), 'utf8')) as SetupRecord;
    return record.version === 1 ? record : null;
  } catch {
    return null;
  }
}

/** The record `svwiz init` left beside the include dir of this config (or of this include dir). */
export function findSetupRecord(root: string, where: { configFile?: string; includeDir?: string }): SetupRecord | null {
  if (where.includeDir) {
    const record = readRecord(root, setupRecordPathFor(where.includeDir));
    if (record) return record;
  }
  if (where.configFile) {
    const ini = readIni(mapToRoot(root, where.configFile), where.configFile);
    const first = valueOf(ini, (name) => name === 'include', 'files')?.split(/\s+/).filter(Boolean)[0];
    if (first) {
      const record = readRecord(root, setupRecordPathFor(path.dirname(path.resolve(path.dirname(where.configFile), first))));
      if (record && record.configFile === where.configFile) return record;
    }
  }
  return null;
}
