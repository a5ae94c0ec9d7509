/**
 * Runs one doctor scenario for real: `fixtures/doctor/ID/break.sh` builds the broken state in a
 * fresh temp dir (starting a real supervisor where needed), then the test drives the built
 * `svwiz doctor` CLI against it. Cleans up every process whose command line names the temp dir.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';
import { isAlive } from '../../helpers/processes.js';
import { testBin } from '../../helpers/bins.js';
import { createRpcClient } from '../../../src/protocol/transport.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SVWIZ = testBin('svwiz');

export interface Backend {
  name: 'supervisord' | 'svwizd';
  /** Command (words) that starts the daemon; `-n -c FILE` is appended. */
  command: string;
}

export const PYTHON_BACKEND: Backend = { name: 'supervisord', command: '/usr/bin/supervisord' };
export const SVWIZD_BACKEND: Backend = { name: 'svwizd', command: `${process.execPath} ${testBin('svwizd')}` };

export interface DoctorJson {
  version: string;
  checks: { id: string; title: string; status: string; findings: { message: string; file?: string; line?: number; fix?: { description: string; safety: string; applied?: boolean } }[] }[];
  summary: { ok: number; warn: number; error: number };
}

export class Scenario {
  readonly backups: string;
  constructor(
    readonly id: string,
    readonly dir: string,
    readonly backend: Backend,
  ) {
    this.backups = path.join(dir, 'backups');
  }

  get config(): string {
    return path.join(this.dir, 'supervisord.conf');
  }

  /** Run the built CLI: `svwiz doctor -c CONFIG ...args`. */
  doctor(args: string[]): Promise<{ code: number; stdout: string; stderr: string; json?: DoctorJson }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [SVWIZ, 'doctor', '-c', this.config, ...args], { timeout: 90000, maxBuffer: 8 << 20 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        let json: DoctorJson | undefined;
        if (args.includes('--json')) {
          try {
            json = JSON.parse(stdout) as DoctorJson;
          } catch {
            assert.fail(`--json output is not one JSON document:\n${stdout}\n--- stderr:\n${stderr}`);
          }
        }
        resolve({ code, stdout, stderr, json });
      });
    });
  }

  socketPath(): string {
    const text = readFileSync(this.config, 'utf8');
    return /^file=(.*)$/m.exec(text)![1]!.trim();
  }

  async rpc(method: string, ...params: (string | number | boolean)[]): Promise<unknown> {
    const client = createRpcClient(`unix://${this.socketPath()}`);
    try {
      return await client.call(method, ...params);
    } finally {
      client.close();
    }
  }

  async answering(): Promise<boolean> {
    try {
      await this.rpc('supervisor.getState');
      return true;
    } catch {
      return false;
    }
  }

  /** Start the supervisor from / (as init would) unless one already answers. */
  async ensureSupervisor(): Promise<void> {
    if (await this.answering()) return;
    // A daemon of this scenario is alive but slow to answer (a loaded machine): wait, do not start a second one.
    const alive = supervisorPids(this.dir);
    if (alive.length > 0) {
      await waitFor(`supervisor pid ${alive.join(',')} answering`, () => this.answering(), { timeoutMs: 30000 }).catch(() => undefined);
      if (await this.answering()) return;
    }
    await this.startSupervisor();
  }

  /** Start one more supervisor on this config (from /, as init would) and wait until the socket answers; returns its pid. */
  async startSupervisor(): Promise<number> {
    const words = this.backend.command.split(' ');
    const child = spawn(words[0]!, [...words.slice(1), '-n', '-c', this.config], { cwd: '/', detached: true, stdio: 'ignore' });
    child.unref();
    this.launched.push(child.pid!);
    await waitFor(`supervisor for ${this.id} answering`, () => this.answering(), { timeoutMs: 30000 });
    return child.pid!;
  }

  async waitState(name: string, state: string): Promise<void> {
    await waitFor(
      `${name} ${state}`,
      async () => ((await this.rpc('supervisor.getProcessInfo', name)) as { statename: string }).statename === state,
      { timeoutMs: 30000, intervalMs: 100 },
    );
  }

  readonly launched: number[] = [];

  async cleanup(): Promise<void> {
    const pids = new Set<number>(this.launched);
    for (const file of ['launched.pids']) {
      const text = existsSync(path.join(this.dir, file)) ? readFileSync(path.join(this.dir, file), 'utf8') : '';
      for (const word of text.split(/\s+/)) if (/^\d+$/.test(word)) pids.add(Number(word));
    }
    for (const pid of [...pids, ...processesNaming(this.dir)]) if (isAlive(pid)) signal(pid, 'SIGTERM');
    await waitFor(`processes of ${this.dir} to exit`, () => [...pids, ...processesNaming(this.dir)].every((pid) => !isAlive(pid)), { timeoutMs: 20000 }).catch(() => {
      for (const pid of [...pids, ...processesNaming(this.dir)]) if (isAlive(pid)) signal(pid, 'SIGKILL');
    });
    const userFile = path.join(this.dir, 'user.name');
    if (existsSync(userFile)) {
      const user = readFileSync(userFile, 'utf8').trim();
      await new Promise((resolve) => execFile('userdel', ['-r', user], () => resolve(undefined)));
    }
    removeTempDir(this.dir);
  }
}

/** Live supervisord/svwizd processes of this scenario. */
export function supervisorPids(dir: string): number[] {
  return processesNaming(dir).filter((pid) => isAlive(pid) && /supervisord|svwizd/.test(commandLine(pid).split('\0').slice(0, 3).join(' ')));
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Pids whose command line mentions `dir` (programs, holders and daemons of this scenario only). */
export function processesNaming(dir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(dir)) pids.push(Number(name));
    } catch {
      // gone
    }
  }
  return pids;
}

export async function breakScenario(id: string, backend: Backend): Promise<Scenario> {
  const dir = makeTempDir('drs');
  chmodSync(dir, 0o755);
  const scenario = new Scenario(id, dir, backend);
  const script = path.join(REPO, 'fixtures/doctor', id, 'break.sh');
  await new Promise<void>((resolve, reject) => {
    execFile('/bin/sh', [script], { env: { ...process.env, DIR: dir, SUPERVISORD: backend.command }, timeout: 180000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${script} failed (${error.signal ? `killed by ${error.signal}: timeout` : `exit ${error.code}`}): ${stderr || stdout || error.message}`));
      else resolve();
    });
  }).catch(async (error) => {
    await scenario.cleanup();
    throw error;
  });
  return scenario;
}

/** Content and metadata of the setup's files (logs, sockets, pids and backups excluded). */
export function snapshot(dir: string): Map<string, string> {
  const result = new Map<string, string>();
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      const rel = path.relative(dir, full);
      if (rel === 'backups' || /(^|\/)(launched\.pids|daemon\.out)$|\.(sock|log|out|err)(\.\d+)?$|\.pid(\.[\w.]+)?$/.test(rel)) continue;
      const st = lstatSync(full);
      const meta = `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
      if (st.isSymbolicLink()) result.set(rel, `link ${readlinkSync(full)}`);
      else if (st.isDirectory()) {
        result.set(rel + '/', `dir ${meta}`);
        walk(full);
      } else if (st.isFile()) result.set(rel, `file ${meta} ${createHash('sha1').update(readFileSync(full)).digest('hex')}`);
    }
  };
  walk(dir);
  return result;
}

/** Every file whose content changed between the snapshots has a backup with its old content. */
export function assertBackedUp(dir: string, backups: string, before: Map<string, string>, after: Map<string, string>): string[] {
  const changed = [...before.keys()].filter((rel) => before.get(rel)!.startsWith('file') && after.has(rel) && hashOf(before.get(rel)!) !== hashOf(after.get(rel)!));
  const backupFiles = existsSync(backups) ? listFiles(backups) : [];
  for (const rel of changed) {
    const absolute = path.join(dir, rel);
    const found = backupFiles.some((b) => b.endsWith(absolute) && createHash('sha1').update(readFileSync(b)).digest('hex') === hashOf(before.get(rel)!));
    assert.ok(found, `${absolute} changed but no backup with its old content is in ${backups}`);
  }
  return changed;
}

function hashOf(entry: string): string {
  return entry.split(' ').at(-1)!;
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (lstatSync(full).isDirectory()) files.push(...listFiles(full));
    else files.push(full);
  }
  return files;
}

/** The report flags `id` (with one of `statuses`) and no other check has an error or crashed. */
export function assertOnly(report: DoctorJson, id: string, statuses: string[]): void {
  const target = report.checks.find((c) => c.id === id);
  assert.ok(target, `check ${id} missing from the report`);
  assert.ok(statuses.includes(target.status), `${id} is ${target.status}, expected ${statuses.join('/')}: ${JSON.stringify(target.findings)}`);
  const others = report.checks.filter((c) => c.id !== id && (c.status === 'error' || c.status === 'crashed'));
  assert.deepEqual(others.map((c) => `${c.id}: ${c.status} ${JSON.stringify(c.findings.map((f) => f.message))}`), [], 'no other check may report an error');
}

export function assertNoErrors(report: DoctorJson): void {
  const bad = report.checks.filter((c) => c.status === 'error' || c.status === 'crashed');
  assert.deepEqual(bad.map((c) => `${c.id}: ${JSON.stringify(c.findings.map((f) => f.message))}`), []);
}
