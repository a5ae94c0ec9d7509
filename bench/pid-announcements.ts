/**
 * A FIFO the announcing programs write their pid into at start. The harness reads it with an
 * event-driven socket, so it learns the moment a (re)started child runs without asking the daemon.
 */
import { execFileSync } from 'node:child_process';
import { constants, openSync } from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

export interface Announcement {
  pid: number;
  /** performance.now() when the harness read it. */
  at: number;
}

export class PidAnnouncements {
  readonly seen: Announcement[] = [];
  private readonly socket: net.Socket;
  private pending = '';
  private waiters: { from: number; resolve: (value: Announcement) => void }[] = [];

  constructor(readonly fifoPath: string) {
    execFileSync('mkfifo', [fifoPath]);
    // Read-write keeps the FIFO open between writers, so there is never an EOF.
    const fd = openSync(fifoPath, constants.O_RDWR | constants.O_NONBLOCK);
    this.socket = new net.Socket({ fd, readable: true, writable: false });
    this.socket.on('data', (data: Buffer) => this.onData(data));
    this.socket.on('error', () => undefined);
  }

  private onData(data: Buffer): void {
    const at = performance.now();
    this.pending += data.toString('utf8');
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) {
      const pid = Number(line.trim());
      if (!Number.isInteger(pid) || pid <= 0) continue;
      this.seen.push({ pid, at });
    }
    this.waiters = this.waiters.filter((waiter) => {
      const found = this.seen.slice(waiter.from)[0];
      if (found) waiter.resolve(found);
      return !found;
    });
  }

  /** The first announcement with index ≥ `from` (default: the next one not yet seen). */
  next(timeoutMs: number, from = this.seen.length): Promise<Announcement> {
    const already = this.seen[from];
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== done);
        reject(new Error(`no pid announced on ${this.fifoPath} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (value: Announcement): void => {
        clearTimeout(timer);
        resolve(value);
      };
      this.waiters.push({ from, resolve: done });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
