/**
 * Interop harness: the same config run by svwizd (the built bin) and by Debian's real Python
 * supervisord, each in its own temp dir, driven by the same real client (supervisorctl or a
 * Python xmlrpc.client script). Outputs are compared after masking what differs by nature.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { makeTempDir, removeTempDir, waitFor } from './temp.js';
import { startSvwizd } from './svwizd-daemon.js';
import { requirePythonSupervisor, startPythonSupervisord } from './python-supervisord.js';
import { assertExpectedAnswer, maskOutput, runCtl, startCtl, type CliResult, type LiveCtl, type ParityStep } from './ctl-parity.js';
import { basicAuth, xmlRpcCall } from './rpc-http.js';

export type DaemonKind = 'svwizd' | 'python';

export interface InteropDaemon {
  kind: DaemonKind;
  dir: string;
  socketPath: string;
  configPath: string;
  output(): string;
  stop(): Promise<void>;
}

/** svwizd through the one helper, in the shape the interop tests compare with Python's. */
export async function startSvwizdInterop(dir: string, configText: string): Promise<InteropDaemon> {
  const daemon = await startSvwizd(dir, configText);
  return { kind: 'svwizd', dir, socketPath: path.join(dir, 's.sock'), configPath: daemon.configPath, output: daemon.output, stop: async () => void (await daemon.stop()) };
}

export async function startPython(dir: string, configText: string): Promise<InteropDaemon> {
  requirePythonSupervisor();
  const socketPath = path.join(dir, 's.sock');
  const running = await startPythonSupervisord(dir, configText, socketPath);
  return { kind: 'python', dir, socketPath, configPath: running.configPath, output: running.output, stop: running.stop };
}

/** Until the daemon answers, is RUNNING, and no process is STARTING or BACKOFF. */
export async function waitUntilSettled(socketPath: string, headers: Record<string, string> = {}, timeoutMs = 30000): Promise<void> {
  await waitFor(`supervisor at ${socketPath} settled`, async () => {
    if (!existsSync(socketPath)) return false;
    const state = (await xmlRpcCall({ socketPath }, 'supervisor.getState', [], headers)) as { statename: string };
    const infos = (await xmlRpcCall({ socketPath }, 'supervisor.getAllProcessInfo', [], headers)) as { statename: string }[];
    return state.statename === 'RUNNING' && infos.every((info) => info.statename !== 'STARTING' && info.statename !== 'BACKOFF');
  }, { timeoutMs });
}

/** svwizd first, Python second; both on `configFor(dir)`. */
export class InteropPair {
  readonly dirs: [string, string];
  daemons: InteropDaemon[] = [];

  /** `unixAuth`: credentials of the [unix_http_server], used to wait until a daemon has settled. */
  constructor(
    prefix: string,
    private readonly configFor: (dir: string) => string,
    private readonly unixAuth?: { username: string; password: string },
  ) {
    this.dirs = [makeTempDir(`${prefix}S`), makeTempDir(`${prefix}P`)];
  }

  async start(): Promise<void> {
    this.daemons = await Promise.all([
      startSvwizdInterop(this.dirs[0], this.configFor(this.dirs[0])),
      startPython(this.dirs[1], this.configFor(this.dirs[1])),
    ]);
    await Promise.all(this.daemons.map((daemon) => waitUntilSettled(daemon.socketPath, this.settleHeaders())));
  }

  private settleHeaders(): Record<string, string> {
    return this.unixAuth ? { Authorization: basicAuth(this.unixAuth.username, this.unixAuth.password) } : {};
  }

  async stop(): Promise<void> {
    await Promise.all(this.daemons.map((daemon) => daemon.stop()));
    for (const dir of this.dirs) removeTempDir(dir);
  }

  mask(text: string): string {
    return maskOutput(text, this.dirs);
  }

  /** The real supervisorctl against both daemons at once: [svwizd result, python result]. */
  supervisorctl(args: string[], input?: string): Promise<CliResult[]> {
    return Promise.all(this.dirs.map((dir) => runCtl('supervisorctl', ['-c', path.join(dir, 'supervisord.conf'), ...args], { input })));
  }

  /** The real supervisorctl against one daemon (0 = svwizd, 1 = python) with its config. */
  supervisorctlAt(index: number, args: string[], input?: string): Promise<CliResult> {
    return runCtl('supervisorctl', ['-c', path.join(this.dirs[index], 'supervisord.conf'), ...args], { input });
  }

  /** Each step a subtest comparing masked stdout, stderr and exit code. */
  async runSteps(t: TestContext, steps: ParityStep[], configWith: (dir: string, variant: 'with-added' | 'base') => void): Promise<void> {
    for (const [index, step] of steps.entries()) {
      await t.test(`${index} supervisorctl ${step.args.join(' ')}`, async () => {
        if (step.config) for (const dir of this.dirs) configWith(dir, step.config);
        const [ours, theirs] = await this.supervisorctl(step.args);
        if (step.restarts) await Promise.all(this.daemons.map((daemon) => waitUntilSettled(daemon.socketPath, this.settleHeaders())));
        const shape = (text: string) => (step.unordered ? this.mask(text).split('\n').sort().join('\n') : this.mask(text));
        assert.equal(shape(ours.stdout), shape(theirs.stdout), `stdout of ${step.args.join(' ')}`);
        assert.equal(this.mask(ours.stderr), this.mask(theirs.stderr), `stderr of ${step.args.join(' ')}`);
        assert.equal(ours.code, theirs.code, `exit code of ${step.args.join(' ')}`);
        assertExpectedAnswer(step, theirs, this.mask(theirs.stdout), 'supervisord');
        assertExpectedAnswer(step, ours, this.mask(ours.stdout), 'svwizd');
      });
    }
  }

  /** The same live supervisorctl session against both daemons at once; `drive` types, waits, interrupts. */
  live(args: string[], drive: (ctl: LiveCtl, daemon: InteropDaemon) => Promise<void>, timeoutMs = 90000): Promise<CliResult[]> {
    return Promise.all(
      this.daemons.map(async (daemon) => {
        const ctl = startCtl('supervisorctl', ['-c', daemon.configPath, ...args]);
        const guard = setTimeout(() => ctl.kill(), timeoutMs);
        try {
          await drive(ctl, daemon);
          const code = await ctl.exited;
          return { stdout: ctl.output(), stderr: ctl.errors(), code };
        } finally {
          clearTimeout(guard);
          ctl.kill();
        }
      }),
    );
  }

  /**
   * The two results are alike, and (`expect`: supervisorctl's exit code and a pattern its masked
   * stdout matches, as against supervisord 4.2.5) right: two daemons failing alike cannot pass.
   */
  assertSame([ours, theirs]: CliResult[], what: string, expect: ParityStep['expect']): void {
    // supervisorctl prints an empty line when Ctrl-C lands inside its tail -f loop, and none when
    // it lands a moment earlier or later: that one newline is the client's timing, not the daemon's.
    const settled = (text: string) => this.mask(text).replace(/\n\n$/, '\n');
    assert.equal(settled(ours.stdout), settled(theirs.stdout), `stdout of ${what}`);
    assert.equal(this.mask(ours.stderr), this.mask(theirs.stderr), `stderr of ${what}`);
    assert.equal(ours.code, theirs.code, `exit code of ${what}`);
    assertExpectedAnswer({ args: [what], expect }, theirs, settled(theirs.stdout), 'supervisord');
    assertExpectedAnswer({ args: [what], expect }, ours, settled(ours.stdout), 'svwizd');
  }
}
