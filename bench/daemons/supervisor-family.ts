/**
 * svwizd and Python supervisord: both read the same generated supervisord.conf and answer
 * Supervisor's XML-RPC on a unix socket, so one adapter drives both.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, openSync, closeSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRpcClient, type RpcClient } from '../../src/protocol/transport.js';
import { encodeMethodCall } from '../../src/protocol/xmlrpc-codec.js';
import { renderSupervisordConf, type BenchProgram } from '../config-render.js';
import { tearDownDaemon, trackDaemon, untrackDaemon, waitGone } from '../process-teardown.js';
import type { DaemonId } from '../rows.js';
import type { CommandLine, DaemonUnderTest, ProgramState, RunningDaemon } from './daemon-under-test.js';

export const SUPERVISORCTL = '/usr/bin/supervisorctl';

export interface SupervisorFamilyOptions {
  id: DaemonId;
  heading: string;
  /** argv that runs the daemon in the foreground, before `-c FILE`. */
  daemonArgv: string[];
  ownCtlArgv: string[];
}

interface ProcessInfoShape {
  name?: unknown;
  group?: unknown;
  statename?: unknown;
  pid?: unknown;
}

const LIST_CALL = encodeMethodCall('supervisor.getAllProcessInfo', []);

class SupervisorFamilyDaemon implements RunningDaemon {
  private readonly rpc: RpcClient;
  private readonly rawAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(
    readonly id: DaemonId,
    readonly pid: number,
    readonly launchedAt: number,
    readonly dir: string,
    private readonly configFile: string,
    readonly socketPath: string,
    private readonly ownCtlArgv: string[],
  ) {
    this.rpc = createRpcClient(`unix://${socketPath}`);
  }

  async listPrograms(): Promise<ProgramState[]> {
    const infos = (await this.rpc.call('supervisor.getAllProcessInfo')) as ProcessInfoShape[];
    return infos.map((info) => ({ name: String(info.name), running: info.statename === 'RUNNING', pid: Number(info.pid) }));
  }

  rawListRoundTrip(): Promise<number> {
    return new Promise((resolve, reject) => {
      const start = performance.now();
      const request = http.request(
        { socketPath: this.socketPath, path: '/RPC2', method: 'POST', agent: this.rawAgent, headers: { Host: 'localhost', 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(LIST_CALL) } },
        (response) => {
          response.on('data', () => undefined);
          response.on('end', () => (response.statusCode === 200 ? resolve(performance.now() - start) : reject(new Error(`HTTP ${response.statusCode}`))));
        },
      );
      request.on('error', reject);
      request.end(LIST_CALL);
    });
  }

  async startProgram(name: string): Promise<void> {
    await this.rpc.call('supervisor.startProcess', name, false);
  }

  async stopProgram(name: string): Promise<void> {
    // A looping program is often between runs (EXITED), where Supervisor answers NOT_RUNNING:
    // try again until a run is caught and stopped (bounded).
    const deadline = performance.now() + 10_000;
    for (;;) {
      try {
        await this.rpc.call('supervisor.stopProcess', name, true);
        return;
      } catch (error) {
        if (!/NOT_RUNNING/.test(String(error)) || performance.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }

  ownCtl(args: string[]): CommandLine {
    return { file: this.ownCtlArgv[0]!, args: [...this.ownCtlArgv.slice(1), '-c', this.configFile, ...args] };
  }

  supervisorctl(args: string[]): CommandLine {
    return { file: SUPERVISORCTL, args: ['-c', this.configFile, ...args] };
  }

  async gracefulStop(timeoutMs: number): Promise<number | undefined> {
    const start = performance.now();
    process.kill(this.pid, 'SIGTERM');
    const gone = await waitGone(this.pid, timeoutMs);
    const elapsed = performance.now() - start;
    if (gone) {
      this.rpc.close();
      this.rawAgent.destroy();
      untrackDaemon(this.pid);
    }
    return gone ? elapsed : undefined;
  }

  async tearDown(): Promise<void> {
    this.rpc.close();
    this.rawAgent.destroy();
    await tearDownDaemon(this.pid);
  }
}

export function supervisorFamily(options: SupervisorFamilyOptions): DaemonUnderTest {
  return {
    id: options.id,
    heading: options.heading,
    supports: { startsecs: true, logCapture: true, doctor: true },
    async start(dir: string, programs: BenchProgram[]): Promise<RunningDaemon> {
      mkdirSync(path.join(dir, 'logs'), { recursive: true });
      const socketPath = path.join(dir, 's.sock');
      const configFile = path.join(dir, 'supervisord.conf');
      writeFileSync(configFile, renderSupervisordConf({ dir, socketPath, programs }));
      // The daemon's own stdout (nodaemon mirrors the log there) goes to a file, never a pipe that could fill.
      const output = openSync(path.join(dir, 'daemon.out'), 'a');
      const launchedAt = performance.now();
      const child = spawn(options.daemonArgv[0]!, [...options.daemonArgv.slice(1), '-c', configFile], {
        cwd: dir,
        stdio: ['ignore', output, output],
      });
      closeSync(output);
      if (child.pid === undefined) throw new Error(`could not start ${options.id}: ${options.daemonArgv.join(' ')}`);
      trackDaemon(child.pid);
      child.on('error', () => undefined);
      return new SupervisorFamilyDaemon(options.id, child.pid, launchedAt, dir, configFile, socketPath, options.ownCtlArgv);
    },
  };
}
