/**
 * `[node:NAME]`: other supervisors (svwizd or Python supervisord) the web UI's Nodes view shows
 * beside this one (issue 17), reached over their XML-RPC like supervisorctl reaches them. The
 * section name is CeSI's; the keys are [supervisorctl]'s, so a user copies what already works
 * there. Supervisor 4.2.5 ignores a section it does not know (tested), so the file still runs
 * under Python supervisord, without the view.
 *
 * The password is the other daemon's, in clear, as in [supervisorctl]: keep the file 0640.
 */
import type { ConfigReader } from './config-reader.js';
import type { NodeConfig } from './types.js';
import { ConfigValueError } from './datatypes.js';

export const NODE_SECTION_PREFIX = 'node';
export const NODE_KEYS = ['serverurl', 'username', 'password', 'timeout'] as const;
export const DEFAULT_NODE_TIMEOUT_SECONDS = 3;
const VALID_URL = 'unix:///path/to/supervisor.sock or http://host:port';

/** Every `[node:NAME]` section, in file order. */
export function readNodeSections(reader: ConfigReader): NodeConfig[] {
  const nodes: NodeConfig[] = [];
  for (const section of reader.store.sections.values()) {
    if (!section.name.startsWith(`${NODE_SECTION_PREFIX}:`)) continue;
    nodes.push(readNode(reader, section.name));
  }
  return nodes;
}

function readNode(reader: ConfigReader, section: string): NodeConfig {
  const name = section.slice(NODE_SECTION_PREFIX.length + 1).trim();
  if (name === '' || /[\s/]/.test(name)) {
    throw reader.error(`[${section}] needs a name without spaces or slashes (valid: [node:pi-kitchen])`, section, undefined);
  }
  const get = (key: string) => reader.get(section, key, null)?.value?.trim() || null;
  const serverUrl = get('serverurl');
  if (serverUrl === null) throw reader.error(`[${section}] has no serverurl (valid: serverurl = ${VALID_URL})`, section, undefined);
  reader.guard(section, 'serverurl', () => checkServerUrl(serverUrl));
  const username = get('username');
  const password = get('password');
  if ((username === null) !== (password === null)) {
    throw reader.error(`[${section}] sets ${username === null ? 'password' : 'username'} without ${username === null ? 'username' : 'password'} (valid: both, or neither)`, section, username === null ? 'password' : 'username');
  }
  const timeoutText = get('timeout');
  const timeoutSeconds = timeoutText === null ? DEFAULT_NODE_TIMEOUT_SECONDS : reader.guard(section, 'timeout', () => seconds(timeoutText));
  return { name, serverUrl, ...(username !== null && password !== null ? { auth: { username, password } } : {}), timeoutSeconds };
}

function checkServerUrl(value: string): void {
  if (/^unix:\/\/\/./.test(value)) return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigValueError(`${JSON.stringify(value)} is not a URL`, VALID_URL);
  }
  if (url.protocol !== 'http:') throw new ConfigValueError(`${url.protocol} is not a protocol supervisors serve XML-RPC on`, VALID_URL);
  if (url.username || url.password) throw new ConfigValueError('credentials belong in username= and password=, not in the URL', VALID_URL);
}

function seconds(value: string): number {
  const number = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(number > 0) || number > 60) {
    throw new ConfigValueError(`${JSON.stringify(value)} is not a timeout svwizd accepts`, 'seconds above 0, at most 60, e.g. 3 or 1.5');
  }
  return number;
}
