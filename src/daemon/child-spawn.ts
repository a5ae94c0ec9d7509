/**
 * Start one child the way Supervisor's fork/exec does, with Node's spawn:
 *
 * - Process group: `detached: true` makes the child a session (and so process-group) leader via
 *   setsid. Supervisor uses setpgrp (new group, same session); a new session gives the same
 *   stopasgroup/killasgroup semantics (`kill(-pid)` reaches the child and every descendant that
 *   kept the group) and also detaches the child from the daemon's terminal, which Supervisor's
 *   setpgrp was there to approximate (no Ctrl-C reaching children).
 * - `user=`: Node's own uid/gid options call setgroups(0) and drop the supplementary groups a Pi
 *   user needs (gpio, dialout, video…). We exec through util-linux `setpriv --reuid --regid
 *   --init-groups`, which does Supervisor's setgroups([gid] + member groups), setgid, setuid and
 *   then execs the program in the same pid. Without setpriv we fall back to Node's uid/gid and
 *   say so in the log.
 * - stdout/stderr are real pipes (output-pipes.ts, issue 18), as Supervisor's; redirect_stderr
 *   hands the one pipe to fd 1 and fd 2. Only when FIFOs cannot be made do they fall back to
 *   Node's socketpairs, where Node cannot hand one pipe to both fds, so the child is exec'd
 *   through `sh -c 'exec "$0" "$@" 2>&1'` (same pid, same ordering guarantees as one pipe).
 * - Failures Supervisor detects after fork (setuid as non-root, chdir) are reproduced by running
 *   a tiny `sh` that writes Supervisor's `supervisor: …` lines to the stderr log and exits 127,
 *   so the state machine sees exactly what it sees under Supervisor (spawned, then BACKOFF).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { ChildOutput } from './child-output.js';
import type { OutputPipe, OutputPipes } from './output-pipes.js';
import { accountsFor, type Accounts } from '../system/users.js';

export const SETPRIV_CANDIDATES = ['/usr/bin/setpriv', '/bin/setpriv', '/usr/sbin/setpriv'];

export function findSetpriv(): string | undefined {
  return SETPRIV_CANDIDATES.find((file) => existsSync(file));
}

export interface ChildSpawnRequest {
  filename: string;
  argv: string[];
  env: Record<string, string>;
  directory: string | null;
  umask: number | null;
  uid: number | null;
  redirectStderr: boolean;
}

export interface ChildSpawnContext {
  /** The daemon's own uid (process.getuid()). */
  daemonUid: number;
  setpriv: string | undefined;
  warn: (message: string) => void;
  /** Real pipes for stdout/stderr; absent (or out of FIFOs) = Node's socketpairs. */
  outputPipes?: OutputPipes;
}

/** A started child and the daemon's ends of its output pipes. */
export interface SpawnedChild {
  process: ChildProcess;
  stdout: ChildOutput | null;
  stderr: ChildOutput | null;
}

/** Both pipes a child needs, or none: a half-made pair goes back to the socketpair path. */
function outputPipesFor(pipes: OutputPipes | undefined, redirectStderr: boolean): { stdout: OutputPipe; stderr?: OutputPipe } | undefined {
  const stdout = pipes?.take();
  if (!stdout) return undefined;
  if (redirectStderr) return { stdout };
  const stderr = pipes!.take();
  if (stderr) return { stdout, stderr };
  stdout.reader.destroy();
  closeSync(stdout.writeFd);
  return undefined;
}

/** What the child would print before exec, if anything (Supervisor's post-fork checks). */
export function preExecFailure(request: ChildSpawnRequest, daemonUid: number, accounts: Accounts = accountsFor('/')): string | undefined {
  if (request.uid !== null && request.uid !== daemonUid && daemonUid !== 0) {
    return `couldn't setuid to ${request.uid}: Can't drop privilege as nonroot user`;
  }
  if (request.uid !== null && request.uid !== daemonUid && !accounts.user(request.uid)) {
    return `couldn't setuid to ${request.uid}: Can't find uid ${request.uid}`;
  }
  if (request.directory !== null) {
    try {
      if (!statSync(request.directory).isDirectory()) return `couldn't chdir to ${request.directory}: ENOTDIR`;
      accessSync(request.directory, constants.X_OK);
    } catch (error) {
      return `couldn't chdir to ${request.directory}: ${(error as NodeJS.ErrnoException).code ?? 'EACCES'}`;
    }
  }
  return undefined;
}

export function spawnChild(request: ChildSpawnRequest, context: ChildSpawnContext): SpawnedChild {
  const accounts = accountsFor('/');
  const failure = preExecFailure(request, context.daemonUid, accounts);
  let file = request.filename;
  let args = request.argv.slice(1);
  let argv0: string | undefined = request.argv[0];
  let uid: number | undefined;
  let gid: number | undefined;
  let cwd = request.directory ?? undefined;
  const pipes = outputPipesFor(context.outputPipes, request.redirectStderr);

  if (failure !== undefined) {
    file = '/bin/sh';
    // With redirect_stderr Supervisor's fd 2 is the stdout pipe, so the message lands in the stdout log.
    const target = request.redirectStderr ? '' : ' >&2';
    args = ['-c', `printf "supervisor: %s\\nsupervisor: child process was not spawned\\n" "$1"${target}; exit 127`, 'sh', failure];
    argv0 = undefined;
    cwd = undefined;
  } else {
    if (request.uid !== null && request.uid !== context.daemonUid) {
      const entry = accounts.user(request.uid)!;
      if (context.setpriv) {
        args = [`--reuid=${entry.uid}`, `--regid=${entry.gid}`, '--init-groups', '--', file, ...args];
        file = context.setpriv;
        argv0 = undefined;
      } else {
        context.warn(`setpriv not found: ${request.argv[0]} runs as uid ${entry.uid} without its supplementary groups`);
        uid = entry.uid;
        gid = entry.gid;
      }
    }
    if (request.redirectStderr && !pipes) {
      args = ['-c', 'exec "$0" "$@" 2>&1', file, ...args];
      file = '/bin/sh';
      argv0 = undefined;
    }
  }

  const previousUmask = request.umask !== null && failure === undefined ? process.umask(request.umask) : undefined;
  const stdoutFd = pipes?.stdout.writeFd;
  const stdio: ['pipe', 'pipe' | number, 'pipe' | 'ignore' | number] = pipes
    ? ['pipe', stdoutFd!, pipes.stderr?.writeFd ?? stdoutFd!]
    : ['pipe', 'pipe', request.redirectStderr ? 'ignore' : 'pipe'];
  let child: ChildProcess;
  try {
    child = spawn(file, args, { argv0, cwd, env: request.env, uid, gid, detached: true, stdio });
  } catch (error) {
    releasePipes(pipes, true);
    throw error;
  } finally {
    if (previousUmask !== undefined) process.umask(previousUmask);
  }
  // The child holds its own copies now; the daemon's must go, or the reader never sees EOF.
  releasePipes(pipes, child.pid === undefined);
  if (!pipes) return { process: child, stdout: outputOf(child.stdout), stderr: outputOf(child.stderr) };
  return { process: child, stdout: pipes.stdout.reader, stderr: pipes.stderr?.reader ?? null };
}

function outputOf(stream: Readable | null): ChildOutput | null {
  return stream ? ChildOutput.ofStream(stream) : null;
}

function releasePipes(pipes: { stdout: OutputPipe; stderr?: OutputPipe } | undefined, readersToo: boolean): void {
  for (const pipe of [pipes?.stdout, pipes?.stderr]) {
    if (!pipe) continue;
    closeSync(pipe.writeFd);
    if (readersToo) pipe.reader.destroy();
  }
}
