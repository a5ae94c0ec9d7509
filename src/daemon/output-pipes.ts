/**
 * Real pipes for the children's stdout/stderr (issue 18). Node's `stdio: 'pipe'` is a unix
 * socketpair: every 4 KiB block a child writes costs it ~2.4× the kernel time of a pipe write and
 * wakes the daemon for a small read. Node cannot call pipe(2), but a FIFO opened once for reading
 * (non-blocking, held by the daemon) and once for writing (blocking, handed to the child as fd 1/2)
 * and then unlinked is an anonymous pipe: the same 64 KiB buffer and EOF/EPIPE semantics as
 * Supervisor's os.pipe(), including SIGPIPE for a child whose daemon died.
 *
 * FIFOs are made ahead in batches (8, doubling to 256) by one `mkfifo` exec each, in a private
 * 0700 directory named after the daemon's pid, so a launch of 500 programs pays a handful of
 * execs rather than one per program. Without `mkfifo` (or a writable tmpdir) the daemon keeps
 * Node's socketpairs and says so once in its log.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, constants, lstatSync, mkdtempSync, openSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChildOutput } from './child-output.js';

const DIR_PREFIX = 'svwizd-pipes-';
const FIRST_BATCH = 8;
const LARGEST_BATCH = 256;

/**
 * The `mkfifo` helper's exit raises a SIGCHLD that is no supervised child quitting; the daemon's
 * debug line `received SIGCHLD indicating a child quit` skips it (people grep that line, #12).
 */
let helperExitPending = false;

export function takeHelperExit(): boolean {
  const pending = helperExitPending;
  helperExitPending = false;
  return pending;
}

/** One pipe: the daemon's read end, the write end's fd for the child's stdio. */
export interface OutputPipe {
  reader: ChildOutput;
  writeFd: number;
}

/** `svwizd-pipes-<pid>-XXXXXX`: the pid says whether the daemon that made it is still alive. */
export function pipeDirPid(name: string): number | undefined {
  const match = /^svwizd-pipes-(\d+)-[A-Za-z0-9]+$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove the pipes dirs of daemons that died without cleaning up (SIGKILL): only real dirs
 * owned by us whose creating pid is gone. Returns the dirs removed.
 */
export function removeStalePipeDirs(tmpdir = os.tmpdir(), uid = process.getuid?.() ?? 0): string[] {
  let names: string[];
  try {
    names = readdirSync(tmpdir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = pipeDirPid(name);
    if (pid === undefined || pid === process.pid || processAlive(pid)) continue;
    const dir = path.join(tmpdir, name);
    try {
      const stat = lstatSync(dir);
      if (!stat.isDirectory() || stat.uid !== uid) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}

export class OutputPipes {
  private dir: string | undefined;
  private ready: string[] = [];
  private batch = FIRST_BATCH;
  private made = 0;
  private broken = false;

  constructor(
    private readonly warn: (message: string) => void,
    private readonly tmpdir = os.tmpdir(),
  ) {}

  /** A fresh pipe, or undefined when FIFOs cannot be made (the caller uses Node's socketpair). */
  take(): OutputPipe | undefined {
    if (this.broken) return undefined;
    try {
      if (this.ready.length === 0) this.makeBatch();
      const fifo = this.ready.pop()!;
      // The read end first: opening the write end then cannot block. O_NONBLOCK stays on the
      // daemon's end only (the write end is its own open file description, blocking, as a
      // child expects its stdout to be). libuv opens with O_CLOEXEC, so no other child inherits it.
      const readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      let writeFd: number;
      try {
        writeFd = openSync(fifo, constants.O_WRONLY);
      } catch (error) {
        closeSync(readFd);
        throw error;
      }
      unlinkSync(fifo);
      return { reader: ChildOutput.ofPipe(readFd), writeFd };
    } catch (error) {
      this.giveUp(`cannot make output pipes (${(error as Error).message}); children's output goes through socketpairs`);
      return undefined;
    }
  }

  private makeBatch(): void {
    this.dir ??= mkdtempSync(path.join(this.tmpdir, `${DIR_PREFIX}${process.pid}-`));
    const names: string[] = [];
    for (let i = 0; i < this.batch; i++) names.push(path.join(this.dir, String(this.made++)));
    const result = spawnSync('mkfifo', ['-m', '0600', ...names], { stdio: ['ignore', 'ignore', 'pipe'] });
    helperExitPending = result.pid > 0;
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`mkfifo exited ${result.status}: ${result.stderr.toString().trim()}`);
    this.ready = names.reverse();
    this.batch = Math.min(this.batch * 2, LARGEST_BATCH);
  }

  private giveUp(message: string): void {
    this.broken = true;
    this.warn(message);
    this.dispose();
  }

  /** Remove the dir and the FIFOs not handed out (the ones in use are unlinked already). */
  dispose(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.ready = [];
  }
}
