/**
 * An append-only log file with Supervisor's size rotation (`x.log` → `x.log.1` … `x.log.N`,
 * checked after every write, so a file may exceed maxbytes by one chunk) and without its
 * failure modes: a write error (ENOSPC, EIO, a removed directory…) never throws to the caller.
 * The bytes that could not be written are counted and reported through `onError`, and the next
 * write tries again (the disk may have been freed).
 *
 * Writes are synchronous on purpose: a chunk read from a child pipe goes to the file in one
 * write(2) before the next chunk is read, so rotation can never lose or reorder bytes, and there
 * is no per-line work (the chunk is written as it came).
 */
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, renameSync, writeSync } from 'node:fs';

export interface RotationPolicy {
  /** 0 = never rotate. */
  maxBytes: number;
  /** 0 = rotation truncates (Supervisor: content lost). */
  backups: number;
}

export interface LogWriteFailure {
  file: string;
  error: NodeJS.ErrnoException;
  /** Bytes dropped by this failure. */
  dropped: number;
  /** Bytes dropped since the file was opened. */
  totalDropped: number;
}

export class RotatingLogFile {
  private fd: number | undefined;
  private size = 0;
  /** Bytes that could not be written since open (ENOSPC and friends). */
  droppedBytes = 0;
  /** The last write failed: the next one that succeeds ends the outage (onResume). */
  private failing = false;

  /** Opens at once so an unwritable path fails here (Supervisor's dispatcher error happens at spawn). */
  constructor(
    readonly file: string,
    private readonly policy: RotationPolicy,
    private readonly onError: (failure: LogWriteFailure) => void = () => {},
    /** The first complete write after failures, with the bytes dropped since the file was opened. */
    private readonly onResume: (file: string, totalDropped: number) => void = () => {},
  ) {
    this.open();
  }

  get isOpen(): boolean {
    return this.fd !== undefined;
  }

  private open(): void {
    this.fd = openSync(this.file, 'a');
    try {
      this.size = fstatSync(this.fd).size;
    } catch {
      this.size = 0;
    }
  }

  write(data: Buffer | string): void {
    const buffer = typeof data === 'string' ? Buffer.from(data) : data;
    if (this.fd === undefined) {
      try {
        this.open();
      } catch (error) {
        this.fail(error as NodeJS.ErrnoException, buffer.length);
        return;
      }
    }
    let offset = 0;
    while (offset < buffer.length) {
      try {
        offset += writeSync(this.fd!, buffer, offset, buffer.length - offset);
      } catch (error) {
        const err = error as NodeJS.ErrnoException;
        if (err.code === 'EAGAIN' || err.code === 'EINTR') continue;
        this.size += offset;
        this.fail(err, buffer.length - offset);
        return;
      }
    }
    this.size += buffer.length;
    if (this.failing) {
      this.failing = false;
      try {
        this.onResume(this.file, this.droppedBytes);
      } catch {
        // a failing reporter must not break log capture
      }
    }
    this.rotateIfFull();
  }

  private fail(error: NodeJS.ErrnoException, dropped: number): void {
    this.droppedBytes += dropped;
    if (dropped > 0) this.failing = true;
    try {
      this.onError({ file: this.file, error, dropped, totalDropped: this.droppedBytes });
    } catch {
      // a failing reporter must not break log capture
    }
  }

  private rotateIfFull(): void {
    if (this.policy.maxBytes <= 0 || this.size < this.policy.maxBytes) return;
    try {
      this.closeFd();
      if (this.policy.backups > 0) {
        for (let i = this.policy.backups - 1; i >= 1; i--) {
          const source = `${this.file}.${i}`;
          if (existsSync(source)) moveReplacing(source, `${this.file}.${i + 1}`);
        }
        moveReplacing(this.file, `${this.file}.1`);
      }
      // Supervisor reopens with 'wb': with backups=0 the content is simply truncated away.
      this.fd = openSync(this.file, 'w');
      this.size = 0;
    } catch (error) {
      this.fail(error as NodeJS.ErrnoException, 0);
      try {
        if (this.fd === undefined) this.open();
      } catch {
        // next write retries the open
      }
    }
  }

  /** SIGUSR2: close and reopen by name (for an external logrotate). */
  reopen(): void {
    this.closeFd();
    try {
      this.open();
    } catch (error) {
      this.fail(error as NodeJS.ErrnoException, 0);
    }
  }

  /**
   * Empty the file in place: the inode, owner and mode stay, so `tail -f` by name keeps following
   * (Supervisor unlinks and recreates instead). Rotated backups are left alone, as Supervisor does.
   */
  clear(): void {
    if (this.fd === undefined) {
      truncateLogFile(this.file);
      return;
    }
    ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  close(): void {
    this.closeFd();
  }

  private closeFd(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // already gone
    }
    this.fd = undefined;
  }
}

/** rename(2) replaces the target in one step (Supervisor removes it first, for Windows). */
function moveReplacing(source: string, target: string): void {
  try {
    renameSync(source, target);
  } catch (error) {
    // Someone removed the source (a cleanup script): nothing to rotate, as Supervisor tolerates.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Truncate a log file that no writer has open (stopped process); missing file is fine. */
export function truncateLogFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    ftruncateSync(fd, 0);
  } finally {
    closeSync(fd);
  }
}
