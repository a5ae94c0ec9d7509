/**
 * Who listens on a TCP port or a unix socket: /proc/net/{tcp,tcp6,unix} give the socket inode,
 * /proc/PID/fd links (`socket:[inode]`) give the process. Parsers are pure; readers are thin.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { readProcess } from './processes.js';

export interface TcpSocketEntry {
  localAddress: string;
  localPort: number;
  /** Kernel state code; 0x0A = LISTEN. */
  state: number;
  uid: number;
  inode: number;
}

export const TCP_LISTEN = 0x0a;

/** Decode the hex address of /proc/net/tcp (little-endian 32-bit words) to text. */
export function decodeProcAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes: number[] = [];
  for (const word of words) {
    const value = parseInt(word, 16);
    bytes.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  }
  if (bytes.length === 4) return bytes.join('.');
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) reads better as IPv4.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return compressIpv6(groups);
}

/** RFC 5952 text: the longest run of two or more zero groups becomes `::`. */
function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

export function parseProcNetTcp(text: string): TcpSocketEntry[] {
  const entries: TcpSocketEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [address, port] = fields[1]!.split(':');
    entries.push({
      localAddress: decodeProcAddress(address!),
      localPort: parseInt(port!, 16),
      state: parseInt(fields[3]!, 16),
      uid: Number(fields[7]),
      inode: Number(fields[9]),
    });
  }
  return entries;
}

export interface UnixSocketEntry {
  inode: number;
  listening: boolean;
  path: string;
}

/** /proc/net/unix: `Num RefCount Protocol Flags Type St Inode Path`; flag 0x10000 = accepting connections. */
export function parseProcNetUnix(text: string): UnixSocketEntry[] {
  const entries: UnixSocketEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    entries.push({ inode: Number(fields[6]), listening: (parseInt(fields[3]!, 16) & 0x10000) !== 0, path: fields.slice(7).join(' ') });
  }
  return entries;
}

/** The socket inode a /proc/PID/fd link points at (`socket:[12345]`), if any. */
export function parseSocketLink(link: string): number | undefined {
  const match = /^socket:\[(\d+)\]$/.exec(link);
  return match ? Number(match[1]) : undefined;
}

/** Map socket inode → pids holding it, by scanning every readable /proc/PID/fd. */
export function socketOwners(inodes: Set<number>, procRoot = '/proc'): Map<number, number[]> {
  const owners = new Map<number, number[]>();
  if (inodes.size === 0) return owners;
  let pids: string[] = [];
  try {
    pids = readdirSync(procRoot).filter((name) => /^\d+$/.test(name));
  } catch {
    return owners;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(path.join(procRoot, pid, 'fd'));
    } catch {
      continue;
    }
    for (const fd of fds) {
      let inode: number | undefined;
      try {
        inode = parseSocketLink(readlinkSync(path.join(procRoot, pid, 'fd', fd)));
      } catch {
        continue;
      }
      if (inode !== undefined && inodes.has(inode)) {
        const list = owners.get(inode) ?? [];
        if (!list.includes(Number(pid))) list.push(Number(pid));
        owners.set(inode, list);
      }
    }
  }
  return owners;
}

export interface Listener {
  pid?: number;
  processName?: string;
  uid: number;
  address: string;
  port?: number;
  argv?: string[];
}

function readProcText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Every process listening on TCP `port` (IPv4 and IPv6). A socket whose owner we cannot see still counts (no pid). */
export function findTcpListeners(port: number, procRoot = '/proc'): Listener[] {
  const sockets = [
    ...parseProcNetTcp(readProcText(path.join(procRoot, 'net/tcp'))),
    ...parseProcNetTcp(readProcText(path.join(procRoot, 'net/tcp6'))),
  ].filter((s) => s.state === TCP_LISTEN && s.localPort === port);
  const owners = socketOwners(new Set(sockets.map((s) => s.inode)), procRoot);
  return describeListeners(sockets.map((s) => ({ inode: s.inode, uid: s.uid, address: s.localAddress, port: s.localPort })), owners, procRoot);
}

/** Processes with a listening unix socket bound at `socketPath`. */
export function findUnixListeners(socketPath: string, procRoot = '/proc'): Listener[] {
  const sockets = parseProcNetUnix(readProcText(path.join(procRoot, 'net/unix'))).filter((s) => s.listening && s.path === socketPath);
  const owners = socketOwners(new Set(sockets.map((s) => s.inode)), procRoot);
  return describeListeners(sockets.map((s) => ({ inode: s.inode, uid: -1, address: s.path })), owners, procRoot);
}

function describeListeners(
  sockets: { inode: number; uid: number; address: string; port?: number }[],
  owners: Map<number, number[]>,
  procRoot: string,
): Listener[] {
  const result: Listener[] = [];
  for (const socket of sockets) {
    const pids = owners.get(socket.inode) ?? [];
    if (pids.length === 0) result.push({ uid: socket.uid, address: socket.address, port: socket.port });
    for (const pid of pids) {
      const proc = readProcess(pid, procRoot);
      result.push({ pid, processName: proc?.comm, uid: proc?.uid ?? socket.uid, address: socket.address, port: socket.port, argv: proc?.argv });
    }
  }
  return result;
}

export type UnixSocketProbe = 'listening' | 'stale' | 'missing' | 'not-a-socket' | 'no-access';

/** Connect to a unix socket path: does anyone answer? (`stale` = a socket file nobody listens on.) */
export function probeUnixSocket(socketPath: string, timeoutMs = 2000): Promise<UnixSocketProbe> {
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    const done = (result: UnixSocketProbe) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done('listening'), timeoutMs);
    socket.once('connect', () => done('listening'));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') done('stale');
      else if (error.code === 'ENOENT') done('missing');
      else if (error.code === 'EACCES' || error.code === 'EPERM') done('no-access');
      else done('not-a-socket');
    });
  });
}

/** Can we bind host:port right now? (EADDRINUSE → false; other errors → false too.) */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A free port near `preferred` (same host), trying upwards, for "pick a free port" fixes. */
export async function findFreePort(preferred: number, host = '127.0.0.1', attempts = 50): Promise<number | undefined> {
  for (let port = preferred + 1; port < preferred + 1 + attempts && port <= 65535; port++) {
    if (findTcpListeners(port).length === 0 && (await isPortFree(port, host))) return port;
  }
  return undefined;
}
