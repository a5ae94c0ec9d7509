/**
 * `[supervisorctl]` as supervisorctl 4.2.5 reads it: only the given file (includes are ignored),
 * no [supervisord] required, but the [supervisorctl] section is (reference §1.5).
 */
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { SupervisorctlConfig } from './types.js';
import { accountsFor } from '../system/users.js';
import { ConfigReader } from './config-reader.js';
import { normalizePath, type ValueContext } from './datatypes.js';
import { IniStore, parseIniDialect } from './ini-dialect.js';
import { readMainConfigText } from './read-config-file.js';

export interface CtlLoadOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const SECTION = 'supervisorctl';

/** Read [supervisorctl] out of an already merged store (also used for the model of the main config). */
export function readSupervisorctlSection(reader: ConfigReader): SupervisorctlConfig {
  const here = new Map([['here', reader.here]]);
  let serverurl = reader.get(SECTION, 'serverurl', 'http://localhost:9001', here)!.value;
  if (serverurl.startsWith('unix://')) serverurl = `unix://${normalizePath(serverurl.slice(7), reader.ctx)}`;
  const prompt = reader.get(SECTION, 'prompt', 'supervisor')!.value;
  const username = reader.get(SECTION, 'username', null)?.value ?? null;
  const password = reader.get(SECTION, 'password', null)?.value ?? null;
  const history = reader.get(SECTION, 'history_file', null, here)?.value ?? null;
  return { serverurl, username, password, prompt, history_file: history ? normalizePath(history, reader.ctx) : null };
}

export function loadSupervisorctlConfigSync(file: string, options: CtlLoadOptions = {}): SupervisorctlConfig {
  const cwd = options.cwd ?? process.cwd();
  const ctx: ValueContext = { cwd, env: options.env ?? process.env, accounts: accountsFor('/') };
  const absolute = path.resolve(cwd, file);
  const text = readMainConfigText(absolute, file);
  const store = new IniStore();
  store.merge(parseIniDialect(text, absolute));
  if (!store.has(SECTION)) {
    throw new ConfigError('.ini file does not include supervisorctl section (valid: add [supervisorctl] with serverurl=...)', {
      position: { file: absolute, line: 1 },
    });
  }
  const reader = new ConfigReader(store, ctx, absolute, path.dirname(absolute), '');
  return readSupervisorctlSection(reader);
}

export async function loadSupervisorctlConfig(file: string, options: CtlLoadOptions = {}): Promise<SupervisorctlConfig> {
  return loadSupervisorctlConfigSync(file, options);
}
