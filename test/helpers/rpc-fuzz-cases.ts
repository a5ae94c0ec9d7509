/**
 * Generators of malformed and hostile XML-RPC requests for the fuzz tests (seeded, so a failure
 * can be replayed). Each case says which answers are acceptable.
 */
import { encodeMethodCall } from '../../src/protocol/xmlrpc-codec.js';
import type { XmlRpcValue } from '../../src/protocol/types.js';

export interface FuzzCase {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The client may see the connection cut instead of a reply (a refused oversized upload). */
  mayReset?: boolean;
}

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SUPERVISOR_METHOD_NAMES = [
  'getAPIVersion', 'getVersion', 'getSupervisorVersion', 'getIdentification', 'getState', 'getPID', 'readLog',
  'readMainLog', 'clearLog', 'reloadConfig', 'addProcessGroup', 'removeProcessGroup', 'startProcess',
  'startProcessGroup', 'stopProcess', 'stopProcessGroup', 'signalProcess', 'signalProcessGroup',
  'getProcessInfo', 'getAllProcessInfo', 'getAllConfigInfo', 'readProcessStdoutLog', 'readProcessLog',
  'readProcessStderrLog', 'tailProcessStdoutLog', 'tailProcessLog', 'tailProcessStderrLog', 'clearProcessLogs',
  'clearProcessLog', 'sendProcessStdin', 'sendRemoteCommEvent',
];

const HOSTILE_NAMES = [
  'supervisor.supervisord.options.warnings.linecache.os.system',
  'supervisor.supervisord.options.execve',
  'supervisor._update',
  'supervisor.__class__',
  'supervisor.constructor',
  'supervisor.__proto__',
  'supervisor.prototype',
  'supervisor.hasOwnProperty',
  'supervisor.valueOf',
  'system.constructor',
  'system._listMethods',
  'process.exit',
  'require.child_process',
  '',
  '.',
  '..',
  'supervisor..getVersion',
  'supervisor.getVersion\u0000',
  'x'.repeat(5000),
];

export interface FuzzOptions {
  /** Names that the daemon must never be asked to stop or signal (to keep its programs running). */
  safeProcessName: string;
  auth: Record<string, string>;
  maxBodyBytes: number;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function randomScalar(random: () => number): XmlRpcValue {
  switch (Math.floor(random() * 8)) {
    case 0: return Math.floor(random() * 2 ** 31) * (random() < 0.5 ? -1 : 1);
    case 1: return random() < 0.5;
    case 2: return 'x'.repeat(Math.floor(random() * 50));
    case 3: return random() * 1e6;
    case 4: return new Date(Math.floor(random() * 4e12));
    case 5: return Buffer.from([Math.floor(random() * 256), 0x41]);
    case 6: return [1, 'two', { three: 3 }];
    default: return { name: 'nope', nested: [[[]]] };
  }
}

function randomBytes(random: () => number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) buffer[i] = Math.floor(random() * 256);
  return buffer;
}

function mutate(random: () => number, text: string): string {
  const chars = [...text];
  const edits = 1 + Math.floor(random() * 5);
  for (let i = 0; i < edits; i += 1) {
    const at = Math.floor(random() * chars.length);
    switch (Math.floor(random() * 3)) {
      case 0: chars.splice(at, 1); break;
      case 1: chars.splice(at, 0, pick(random, ['<', '>', '&', '"', '/', '\u0000', ']]>', '<value>', '</data>'])); break;
      default: chars.length = at; break;
    }
  }
  return chars.join('');
}

/** Methods whose effect a fuzzer may trigger on a real daemon without stopping its programs. */
function harmlessCall(random: () => number, safeName: string): string {
  const method = pick(random, SUPERVISOR_METHOD_NAMES.filter((name) => !/^(stop|signal|remove|clearLog|sendProcessStdin)/.test(name)));
  const params: XmlRpcValue[] = [];
  const count = Math.floor(random() * 4);
  for (let i = 0; i < count; i += 1) params.push(random() < 0.3 ? `nope-${i}` : randomScalar(random));
  if (method.startsWith('start') && params.length > 0) params[0] = `nope:${safeName}`;
  return encodeMethodCall(`supervisor.${method}`, params);
}

export function makeFuzzCase(random: () => number, options: FuzzOptions): FuzzCase {
  const post = (kind: string, body: string | Buffer, extra: Partial<FuzzCase> = {}): FuzzCase => ({
    kind,
    method: 'POST',
    path: '/RPC2',
    headers: { ...options.auth, 'Content-Type': 'text/xml' },
    body,
    ...extra,
  });
  const roll = Math.floor(random() * 12);
  switch (roll) {
    case 0:
      return post('garbage', randomBytes(random, Math.floor(random() * 400)));
    case 1:
      return post('mutated', mutate(random, encodeMethodCall('supervisor.getProcessInfo', ['cat', [1, { a: 'b' }]])));
    case 2: {
      const depth = 30 + Math.floor(random() * 1000);
      const inner = '<value><array><data>'.repeat(depth) + '</data></array></value>'.repeat(depth);
      return post('deep-nesting', `<?xml version='1.0'?><methodCall><methodName>supervisor.getState</methodName><params><param>${inner}</param></params></methodCall>`);
    }
    case 3:
      return post('wrong-types', harmlessCall(random, options.safeProcessName));
    case 4:
      return post('hostile-name', encodeMethodCall(pick(random, HOSTILE_NAMES), ['/bin/touch /tmp/svwiz-fuzz-pwned']));
    case 5: {
      const auths: Record<string, string>[] = [{}, { Authorization: 'Basic !!!' }, { Authorization: 'Digest x' }, { Authorization: `Basic ${Buffer.from('user:wrong').toString('base64')}` }, { Authorization: 'Basic' }];
      return { kind: 'bad-auth', method: 'POST', path: '/RPC2', headers: pick(random, auths), body: encodeMethodCall('supervisor.getVersion', []) };
    }
    case 6:
      return { kind: 'bad-http-method', method: pick(random, ['GET', 'PUT', 'DELETE', 'PATCH']), path: pick(random, ['/RPC2', '/RPC2x', '/logtail/x', '/mainlogtail', '/nope', '/logtail/%zz']), headers: options.auth, body: undefined };
    case 7:
      return post('multicall', encodeMethodCall('system.multicall', [[
        { methodName: 'system.multicall', params: [[]] },
        { methodName: pick(random, HOSTILE_NAMES), params: [] },
        { params: [] },
        { methodName: 'supervisor.getProcessInfo', params: 'x' },
        { methodName: 'supervisor.getVersion', params: [] },
      ]]));
    case 8:
      return post('entities', `<?xml version='1.0'?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><methodCall><methodName>supervisor.getProcessInfo</methodName><params><param><value>&b;&undefined;&#xFFFFFFF;</value></param></params></methodCall>`);
    case 9:
      if (random() < 0.05) {
        return post('huge-body', Buffer.alloc(options.maxBodyBytes + 1 + Math.floor(random() * 1000), 0x3c), { mayReset: true });
      }
      return post('long-string', encodeMethodCall('supervisor.getProcessInfo', ['n'.repeat(Math.floor(random() * 20000))]));
    case 10: {
      const type = pick(random, ['int', 'i4', 'double', 'boolean', 'dateTime.iso8601', 'base64']);
      const text = pick(random, ['', 'abc', '1e999', '--1', '99999999999999999999', '\u00e9', '20261301T99:99:99', '====', ' 7 ']);
      return post('bad-scalars', `<methodCall><methodName>supervisor.readLog</methodName><params><param><value><${type}>${text}</${type}></value></param><param><value><int>0</int></value></param></params></methodCall>`);
    }
    default:
      return post('many-params', encodeMethodCall('supervisor.getState', Array.from({ length: 1 + Math.floor(random() * 300) }, (_, i) => i)));
  }
}
