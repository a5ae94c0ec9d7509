/**
 * `[inet_http_server*]` and `[unix_http_server*]` sections (any section whose name starts with those
 * words counts, as in Supervisor), plus the `[rpcinterface:x]` factories.
 */
import type { InetHttpServerConfig, UnixHttpServerConfig } from './types.js';
import type { ConfigReader } from './config-reader.js';
import { boolean, colonSeparatedUserGroup, inetAddress, normalizePath, octal } from './datatypes.js';
import { pyStrip } from './py-format.js';
import { checkImportSpec } from './python-import-spec.js';
import { sectionSources } from './supervisord-section.js';

/** The one factory a TypeScript supervisor can honour. */
export const MAIN_RPCINTERFACE_FACTORY = 'supervisor.rpcinterface:make_main_rpcinterface';
const FACTORY_KEY = 'supervisor.rpcinterface_factory';

function credentials(reader: ConfigReader, section: string): { username: string | null; password: string | null } {
  const username = reader.get(section, 'username', null)?.value ?? null;
  const password = reader.get(section, 'password', null)?.value ?? null;
  if ((username === null) !== (password === null)) {
    throw reader.error(
      `Section [${section}] contains incomplete authentication: If a username or a password is specified, both the username and password must be specified`,
      section,
      username === null ? 'password' : 'username',
    );
  }
  return { username, password };
}

/** A host name, an IP (IPv6 without brackets), `.example.com` (that domain and its subdomains) or `*`. */
const ALLOWED_HOST = /^(?:\*|\.?[a-z0-9_-]+(?:\.[a-z0-9_-]+)*|[0-9a-f:.]*:[0-9a-f:.]*)$/;

/** svwizd's own key: Host names besides the machine's own that the server answers (DNS-rebinding guard). */
function readAllowedHosts(reader: ConfigReader, section: string): string[] {
  const raw = reader.get(section, 'allowed_hosts', null)?.value ?? null;
  if (raw === null) return [];
  const entries = raw.toLowerCase().split(/[\s,]+/).filter((entry) => entry !== '');
  for (const entry of entries) {
    if (!ALLOWED_HOST.test(entry)) {
      throw reader.error(
        `invalid allowed_hosts entry ${JSON.stringify(entry)} (valid: host names or IPs without port, .example.com for a domain and its subdomains, or * for any, separated by commas)`,
        section,
        'allowed_hosts',
      );
    }
  }
  return entries;
}

/**
 * svwizd's own key (issue 17): `metrics_auth = false` serves GET /metrics without Basic auth, for a
 * Prometheus that should not hold the password. Only present in the model when written, so a config
 * without it reads as before; Supervisor ignores the key.
 */
function readMetricsAuth(reader: ConfigReader, section: string): { metricsAuth?: boolean } {
  const raw = reader.get(section, 'metrics_auth', null)?.value ?? null;
  if (raw === null) return {};
  return { metricsAuth: reader.guard(section, 'metrics_auth', () => boolean(raw)) };
}

export function readInetServers(reader: ConfigReader): InetHttpServerConfig[] {
  const servers: InetHttpServerConfig[] = [];
  for (const section of reader.store.sectionNames()) {
    if (!section.startsWith('inet_http_server')) continue;
    const auth = credentials(reader, section);
    const port = reader.get(section, 'port', null)?.value ?? null;
    if (port === null) throw reader.error(`section [${section}] has no port value (valid: port=127.0.0.1:9001)`, section, undefined);
    const [host, portNumber] = reader.guard(section, 'port', () => inetAddress(port));
    const allowedHosts = readAllowedHosts(reader, section);
    servers.push({ section, port, host, portNumber, ...auth, allowedHosts, ...readMetricsAuth(reader, section), sources: sectionSources(reader, section) });
  }
  return servers;
}

export function readUnixServers(reader: ConfigReader): UnixHttpServerConfig[] {
  const servers: UnixHttpServerConfig[] = [];
  for (const section of reader.store.sectionNames()) {
    if (!section.startsWith('unix_http_server')) continue;
    const file = reader.get(section, 'file', null, new Map([['here', reader.here]]))?.value ?? null;
    if (file === null) throw reader.error(`section [${section}] has no file value (valid: file=/run/supervisor.sock)`, section, undefined);
    const normalized = normalizePath(pyStrip(file), reader.ctx);
    const auth = credentials(reader, section);
    const chown = reader.get(section, 'chown', null)?.value ?? null;
    if (chown !== null) {
      reader.guard(section, 'chown', () => {
        try {
          colonSeparatedUserGroup(chown, reader.ctx);
        } catch {
          throw reader.error(`Invalid sockchown value ${chown} (valid: user or user:group that exist)`, section, 'chown');
        }
      });
    }
    const chmodRaw = reader.get(section, 'chmod', null)?.value ?? null;
    let chmod = 0o700;
    if (chmodRaw !== null) {
      try {
        chmod = octal(chmodRaw);
      } catch {
        throw reader.error(`Invalid chmod value ${chmodRaw} (valid: an octal mode such as 0700 or 0770)`, section, 'chmod');
      }
    }
    servers.push({ section, file: normalized, chmod, chown, ...auth, ...readMetricsAuth(reader, section), sources: sectionSources(reader, section) });
  }
  return servers;
}

export interface RpcInterfaceSection {
  name: string;
  factory: string;
  /** Every other key: keyword arguments of the factory. */
  extras: string[];
}

/** Supervisor's get_plugins for `rpcinterface:` sections (run before groups are read). */
export function readRpcInterfaces(reader: ConfigReader): RpcInterfaceSection[] {
  const found: RpcInterfaceSection[] = [];
  for (const section of reader.store.sectionNames()) {
    if (!section.startsWith('rpcinterface:')) continue;
    const name = section.slice(section.indexOf(':') + 1);
    const factory = reader.get(section, FACTORY_KEY, null)?.value ?? null;
    if (factory === null) {
      throw reader.error(`section [${section}] does not specify a ${FACTORY_KEY} (valid: ${FACTORY_KEY} = ${MAIN_RPCINTERFACE_FACTORY})`, section, undefined);
    }
    if (reader.guard(section, FACTORY_KEY, () => checkImportSpec(factory, section)) === 'third-party') {
      reader.warn(`[${section}] uses the Python factory ${factory}, which svwizd cannot load`, section, FACTORY_KEY);
    }
    const extras: string[] = [];
    for (const key of reader.store.keysOf(section)) {
      if (key === FACTORY_KEY) continue;
      reader.get(section, key, null);
      extras.push(key);
    }
    found.push({ name, factory, extras });
  }
  return found;
}
