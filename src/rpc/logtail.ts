/**
 * The `tail -f` streams supervisorctl reads (reference §3.8): `/logtail/NAME[/stdout|/stderr]`
 * and `/mainlogtail`. The reply is chunked text: first the last ≤1024 bytes of the file, then
 * whatever is appended, polled every 0.1 s; a rotated file (new inode at the path) is reopened
 * from its start, and a file that shrank yields a "==> File truncated <==" line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync, statSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DaemonHttpHooks } from '../protocol/types.js';

const HEAD_BYTES = 1024;
const POLL_MS = 100;
/** Upper bound on one read, so a burst of output cannot balloon memory. */
const MAX_READ_BYTES = 1024 * 1024;
const TRUNCATED_MARKER = '==> File truncated <==\n';

export type LogtailTarget = { kind: 'found'; path: string; accelHeader: boolean } | { kind: 'not-found' };

/** Which file a /logtail or /mainlogtail URL names (pure apart from the hooks lookup). */
export function resolveLogtailTarget(url: string, hooks: DaemonHttpHooks): LogtailTarget {
  let pathPart = url.split(/[?#;]/, 1)[0];
  if (pathPart.includes('%')) {
    try {
      pathPart = decodeURIComponent(pathPart);
    } catch {
      return { kind: 'not-found' };
    }
  }
  pathPart = pathPart.replace(/^\/+/, '');
  const slash = pathPart.indexOf('/');
  const head = slash < 0 ? pathPart : pathPart.slice(0, slash);
  let logPath: string | undefined;
  if (head === 'mainlogtail') {
    logPath = hooks.mainLogPath();
  } else {
    if (slash < 0) return { kind: 'not-found' };
    const rest = pathPart.slice(slash + 1);
    const channelSlash = rest.indexOf('/');
    const namespec = channelSlash < 0 ? rest : rest.slice(0, channelSlash);
    const channel = channelSlash < 0 ? 'stdout' : rest.slice(channelSlash + 1);
    if (channel !== 'stdout' && channel !== 'stderr') return { kind: 'not-found' };
    logPath = hooks.processLogPath(namespec, channel);
  }
  // A missing log file is a temporary condition (never started, or NONE until a reload): 404.
  if (logPath === undefined || !existsSync(logPath)) return { kind: 'not-found' };
  return { kind: 'found', path: logPath, accelHeader: head !== 'mainlogtail' };
}

/** Follows one file by inode, yielding what was appended since the last call. */
class FileFollower {
  private file!: FileHandle;
  private inode = 0;
  private offset = 0;

  constructor(private readonly path: string) {}

  async open(): Promise<void> {
    this.file = await open(this.path, 'r');
    this.inode = (await this.file.stat()).ino;
    this.offset = 0;
  }

  async start(head: number): Promise<void> {
    await this.open();
    const size = (await this.file.stat()).size;
    if (size >= head) this.offset = size - head;
  }

  /** New bytes (or the truncation marker), or undefined when nothing changed. */
  async poll(): Promise<Buffer | string | undefined> {
    const current = await stat(this.path).catch(() => undefined);
    if (current && current.ino !== this.inode) {
      await this.file.close().catch(() => undefined);
      await this.open();
    }
    const size = (await this.file.stat()).size;
    if (size < this.offset) {
      this.offset = 0;
      return TRUNCATED_MARKER;
    }
    if (size === this.offset) return undefined;
    const length = Math.min(size - this.offset, MAX_READ_BYTES);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.file.read(buffer, 0, length, this.offset);
    this.offset += bytesRead;
    return bytesRead > 0 ? buffer.subarray(0, bytesRead) : undefined;
  }

  async close(): Promise<void> {
    await this.file?.close().catch(() => undefined);
  }
}

/** Stream `path` to the response until the client goes away or `stopped` says so. */
export async function streamLogtail(
  req: IncomingMessage,
  res: ServerResponse,
  target: { path: string; accelHeader: boolean },
  stopped: () => boolean,
): Promise<void> {
  const follower = new FileFollower(target.path);
  try {
    await follower.start(HEAD_BYTES);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/html' }).end();
    return;
  }
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain;charset=utf-8',
    // A log is whatever a program printed: never let a browser sniff it into HTML, or cache it
    // (logs carry tokens and paths). supervisorctl ignores both headers.
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Last-Modified': statSync(target.path, { throwIfNoEntry: false })?.mtime.toUTCString() ?? new Date().toUTCString(),
  };
  if (target.accelHeader) headers['X-Accel-Buffering'] = 'no';
  res.writeHead(200, headers);
  res.flushHeaders();
  let gone = false;
  const markGone = () => (gone = true);
  res.on('close', markGone);
  req.on('close', () => {
    if (req.socket.destroyed) markGone();
  });
  try {
    while (!gone && !stopped()) {
      const data = await follower.poll();
      if (data !== undefined) {
        if (!res.write(data)) {
          await new Promise<void>((resolve) => {
            const done = () => resolve();
            res.once('drain', done);
            res.once('close', done);
          });
        }
        if (typeof data !== 'string' && data.length === MAX_READ_BYTES) continue;
      }
      await sleep(POLL_MS);
    }
  } catch {
    // The file vanished under us or the peer reset: end the stream quietly.
  } finally {
    await follower.close();
    if (!res.writableEnded && !res.destroyed) res.end();
  }
}
