/**
 * Who holds a listening socket: read /proc/net/{tcp,tcp6,unix} for the socket inode, then find
 * the process whose /proc/PID/fd links to `socket:[inode]`. Used only to make "address in use"
 * errors name the culprit; every failure just means "unknown".
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

export interface SocketOwner {
  pid: number;
  name: string;
}

const TCP_LISTEN = '0A';
/** __SO_ACCEPTCON in /proc/net/unix's Flags column: the socket is listening. */
const UNIX_ACCEPTCON = 0x10000;

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}

/** Inodes of sockets listening on `port` (any local address), from /proc/net/tcp-style text. */
export function listeningTcpInodes(procNetTcp: string, port: number): number[] {
  const inodes: number[] = [];
  for (const line of procNetTcp.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const localPort = parseInt(fields[1].split(':')[1] ?? '', 16);
    if (localPort === port && fields[3] === TCP_LISTEN) inodes.push(Number(fields[9]));
  }
  return inodes;
}

/**
 * Inodes of listening unix sockets bound to `file`, or to `file.<pid>` (Supervisor and svwizd
 * bind to a temporary name and hard-link it, so the kernel remembers the temporary one).
 */
export function listeningUnixInodes(procNetUnix: string, file: string): number[] {
  const inodes: number[] = [];
  for (const line of procNetUnix.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const boundPath = fields.slice(7).join(' ');
    const listening = (parseInt(fields[3], 16) & UNIX_ACCEPTCON) !== 0;
    const sameFile = boundPath === file || (boundPath.startsWith(`${file}.`) && /^\d+$/.test(boundPath.slice(file.length + 1)));
    if (listening && sameFile) inodes.push(Number(fields[6]));
  }
  return inodes;
}

async function ownerOfInodes(inodes: number[]): Promise<SocketOwner | undefined> {
  if (inodes.length === 0) return undefined;
  const wanted = new Set(inodes.map((inode) => `socket:[${inode}]`));
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = await readdir(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (wanted.has(target)) {
        const name = (await readText(`/proc/${pid}/comm`)).trim() || 'unknown';
        return { pid: Number(pid), name };
      }
    }
  }
  return undefined;
}

export async function findTcpPortOwner(port: number): Promise<SocketOwner | undefined> {
  const inodes = [
    ...listeningTcpInodes(await readText('/proc/net/tcp'), port),
    ...listeningTcpInodes(await readText('/proc/net/tcp6'), port),
  ];
  return ownerOfInodes(inodes);
}

export async function findUnixSocketOwner(file: string): Promise<SocketOwner | undefined> {
  return ownerOfInodes(listeningUnixInodes(await readText('/proc/net/unix'), file));
}

export function describeOwner(owner: SocketOwner | undefined): string {
  return owner ? `process ${owner.pid} (${owner.name})` : 'another process (its pid could not be found)';
}
