/**
 * PM2 7 as the third daemon: a fresh PM2_HOME per start inside the run's temp dir, started with
 * its own CLI (`pm2 start ecosystem.json`, as a user would), observed through its API socket.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderPm2Ecosystem, type BenchProgram, type Pm2App } from '../config-render.js';
import { tearDownDaemon, trackDaemon, untrackDaemon, waitGone } from '../process-teardown.js';
import type { CommandLine, DaemonUnderTest, ProgramState, RunningDaemon } from './daemon-under-test.js';

const require = createRequire(import.meta.url);

/** The slice of PM2's programmatic API the bench uses (callback style). */
interface Pm2Api {
  connect(callback: (error: Error | null) => void): void;
  disconnect(): void;
  list(callback: (error: Error | null, list: { name: string; pid: number; pm2_env?: { status?: string } }[]) => void): void;
  start(app: object, callback: (error: Error | null) => void): void;
  stop(name: string, callback: (error: Error | null) => void): void;
}
type Pm2ApiConstructor = new (options: { pm2_home: string; daemon_mode?: boolean }) => Pm2Api;

export function pm2Bin(): string {
  return require.resolve('pm2/bin/pm2');
}

export function pm2Version(): string {
  return (JSON.parse(readFileSync(require.resolve('pm2/package.json'), 'utf8')) as { version: string }).version;
}

function loadPm2Api(): Pm2ApiConstructor {
  return (require('pm2') as { custom: Pm2ApiConstructor }).custom;
}

function run(command: CommandLine): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.file, command.args, { env: command.env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function callback<T>(invoke: (done: (error: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => invoke((error, value) => (error ? reject(error) : resolve(value as T))));
}

class Pm2Daemon implements RunningDaemon {
  readonly id = 'pm2' as const;

  constructor(
    readonly pid: number,
    readonly launchedAt: number,
    readonly dir: string,
    private readonly home: string,
    private readonly api: Pm2Api,
    private readonly deferred: Map<string, Pm2App>,
  ) {}

  async listPrograms(): Promise<ProgramState[]> {
    const list = await callback<{ name: string; pid: number; pm2_env?: { status?: string } }[]>((done) => this.api.list(done));
    return list.map((app) => ({ name: app.name, running: app.pm2_env?.status === 'online', pid: app.pid }));
  }

  async startProgram(name: string): Promise<void> {
    const app = this.deferred.get(name);
    if (!app) throw new Error(`pm2: ${name} is not a program that waits to be started`);
    await callback((done) => this.api.start(app, done));
  }

  async stopProgram(name: string): Promise<void> {
    await callback((done) => this.api.stop(name, done));
  }

  ownCtl(args: string[]): CommandLine {
    return { file: process.execPath, args: [pm2Bin(), ...args], env: { ...process.env, PM2_HOME: this.home } };
  }

  supervisorctl(): undefined {
    return undefined;
  }

  async gracefulStop(timeoutMs: number): Promise<number | undefined> {
    this.api.disconnect();
    const start = performance.now();
    process.kill(this.pid, 'SIGTERM');
    const gone = await waitGone(this.pid, timeoutMs);
    const elapsed = performance.now() - start;
    if (gone) untrackDaemon(this.pid);
    return gone ? elapsed : undefined;
  }

  async tearDown(): Promise<void> {
    this.api.disconnect();
    await tearDownDaemon(this.pid);
  }
}

export function pm2Daemon(): DaemonUnderTest {
  return {
    id: 'pm2',
    heading: `PM2 ${pm2Version()}`,
    supports: { startsecs: false, logCapture: false, doctor: false },
    async start(dir: string, programs: BenchProgram[]): Promise<RunningDaemon> {
      const home = path.join(dir, 'pm2home');
      mkdirSync(home, { recursive: true });
      mkdirSync(path.join(dir, 'logs'), { recursive: true });
      const ecosystem = path.join(dir, 'ecosystem.json');
      // PM2 7 never starts an app declared with autostart:false (`pm2 start NAME` reports success and
      // leaves it stopped), so such programs are handed to the daemon only when started.
      const { apps } = renderPm2Ecosystem(programs);
      const deferred = new Map(apps.filter((app) => !app.autostart).map((app) => [app.name, { ...app, autostart: true }]));
      writeFileSync(ecosystem, JSON.stringify({ apps: apps.filter((app) => app.autostart) }, null, 2));
      const env = { ...process.env, PM2_HOME: home };
      const launchedAt = performance.now();
      const command = deferred.size < programs.length ? ['start', ecosystem] : ['ping'];
      const code = await run({ file: process.execPath, args: [pm2Bin(), ...command], env });
      const pid = Number(readFileSync(path.join(home, 'pm2.pid'), 'utf8').trim());
      if (!Number.isInteger(pid) || pid <= 0) throw new Error(`pm2 ${command[0]} exited ${code} without a daemon pid`);
      trackDaemon(pid);
      if (code !== 0) throw new Error(`pm2 ${command.join(' ')} exited ${code}`);
      const api = new (loadPm2Api())({ pm2_home: home, daemon_mode: true });
      await callback((done) => api.connect(done));
      return new Pm2Daemon(pid, launchedAt, dir, home, api, deferred);
    },
  };
}
