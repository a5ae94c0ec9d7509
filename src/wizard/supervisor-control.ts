/**
 * Talking to the running supervisor (svwizd or Python supervisord, same XML-RPC): start it when
 * no boot service does, wait until it answers, reread + update like `supervisorctl update`, and
 * wait for a program to be RUNNING past startsecs.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors.js';
import { createRpcClient, type RpcClient } from '../protocol/transport.js';
import type { XmlRpcValue } from '../protocol/types.js';
import type { ResolvedProgram } from '../service/types.js';

export function connect(serverUrl: string, auth?: { username: string; password: string }): RpcClient {
  return createRpcClient(serverUrl, auth);
}

/** Start the supervisor in the background (no boot service manages it), output to `logFile`. */
export function startSupervisorProcess(daemon: ResolvedProgram, configFile: string, logFile: string, env: NodeJS.ProcessEnv): number {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'a');
  try {
    const argv = [...(daemon.script ? [daemon.script] : []), '-n', '-c', configFile];
    const child = spawn(daemon.binary, argv, { detached: true, stdio: ['ignore', fd, fd], env, cwd: '/' });
    child.unref();
    if (!child.pid) throw new UserError(`could not start ${daemon.binary}`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** Alive and not a zombie (PID 1 may not reap an orphaned daemon). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Give up early when this process has died (the supervisor we just started). */
  pid?: number;
}

/** Poll getState until the supervisor says RUNNING; returns its pid. */
export async function waitUntilAnswering(client: RpcClient, options: WaitOptions = {}): Promise<number> {
  const deadline = Date.now() + (options.timeoutMs ?? 30000);
  let lastError = '';
  for (;;) {
    if (options.pid && !isAlive(options.pid)) throw new UserError(`the supervisor (pid ${options.pid}) exited during start-up`);
    try {
      const state = (await client.call('supervisor.getState')) as { statename: string };
      if (state.statename === 'RUNNING') return (await client.call('supervisor.getPID')) as number;
      lastError = `state ${state.statename}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (Date.now() > deadline) throw new UserError(`the supervisor did not answer within ${Math.round((options.timeoutMs ?? 30000) / 1000)} s: ${lastError}`);
    await sleep(200);
  }
}

export interface UpdateResult {
  added: string[];
  changed: string[];
  removed: string[];
}

/** `supervisorctl update`: reloadConfig, then remove/re-add what changed and add what is new. */
export async function rereadAndUpdate(client: RpcClient, only?: string[]): Promise<UpdateResult> {
  const reply = (await client.call('supervisor.reloadConfig')) as string[][][];
  const [added, changed, removed] = reply[0] as [string[], string[], string[]];
  const wanted = (name: string) => !only || only.includes(name);
  const result: UpdateResult = { added: added.filter(wanted), changed: changed.filter(wanted), removed: removed.filter(wanted) };
  for (const group of [...result.removed, ...result.changed]) {
    await client.call('supervisor.stopProcessGroup', group, true).catch(() => undefined);
    await client.call('supervisor.removeProcessGroup', group);
  }
  for (const group of [...result.changed, ...result.added]) await client.call('supervisor.addProcessGroup', group);
  return result;
}

export interface ProcessState {
  statename: string;
  description: string;
  spawnerr: string;
  pid: number;
  exitstatus: number;
}

/**
 * Wait until NAME is RUNNING (Supervisor only calls it RUNNING after startsecs) or has given up
 * (FATAL, or BACKOFF/EXITED seen after `settleMs`). `onState` is told every state change.
 */
export async function waitForRunning(
  client: RpcClient,
  name: string,
  options: { timeoutMs: number; onState?: (state: string) => void },
): Promise<ProcessState> {
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  let info: ProcessState | undefined;
  for (;;) {
    try {
      info = (await client.call('supervisor.getProcessInfo', name)) as unknown as ProcessState;
      if (info.statename !== last) {
        last = info.statename;
        options.onState?.(last);
      }
      if (info.statename === 'RUNNING' || info.statename === 'FATAL') return info;
      if (info.statename === 'STOPPED' || info.statename === 'EXITED') return info;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) return info ?? { statename: 'UNKNOWN', description: last, spawnerr: '', pid: 0, exitstatus: 0 };
    await sleep(250);
  }
}

/** The last bytes of a program's stderr (stdout when stderr is redirected). */
export async function tailProgramOutput(client: RpcClient, name: string, bytes = 2000): Promise<string> {
  for (const method of ['supervisor.tailProcessStderrLog', 'supervisor.tailProcessStdoutLog']) {
    try {
      const [text] = (await client.call(method, name, 0, bytes)) as [string, number, boolean];
      if (text.trim()) return text;
    } catch {
      /* no such log: try the other */
    }
  }
  return '';
}

export async function callQuietly(client: RpcClient, method: string, ...params: XmlRpcValue[]): Promise<XmlRpcValue | undefined> {
  try {
    return await client.call(method, ...params);
  } catch {
    return undefined;
  }
}
