/**
 * Two daemons on the same config, one per client: svwizctl talks to the first, the real
 * supervisorctl to the second (always a Python supervisord). Steps run in lock step and must
 * print the same stdout (masked) with the same exit code.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { makeTempDir, removeTempDir, waitFor } from './temp.js';
import { startPythonSupervisord } from './python-supervisord.js';
import { ADDED_PROGRAM, assertExpectedAnswer, maskOutput, parityConfigText, runCtl, writeParityConfig, type CtlClient, type ParityStep } from './ctl-parity.js';
import { createRpcClient } from '../../src/protocol/transport.js';

export interface DaemonUnderTest {
  /** Resolves when the daemon process has exited. */
  exited(): boolean;
  stop(): Promise<unknown>;
}

export interface PairSide {
  client: CtlClient;
  dir: string;
  daemon?: DaemonUnderTest;
}

export type StartDaemon = (dir: string, configText: string) => Promise<DaemonUnderTest>;

export const startPythonDaemon: StartDaemon = async (dir, configText) => {
  const running = await startPythonSupervisord(dir, configText, `${dir}/s.sock`);
  return { exited: () => running.child.exitCode !== null || running.child.signalCode !== null, stop: running.stop };
};

export class ClientPair {
  readonly sides: PairSide[];
  readonly dirs: string[];

  constructor(prefix: string, private readonly startOurs: StartDaemon = startPythonDaemon) {
    this.sides = [
      { client: 'svwizctl', dir: makeTempDir(`${prefix}A`) },
      { client: 'supervisorctl', dir: makeTempDir(`${prefix}B`) },
    ];
    this.dirs = this.sides.map((side) => side.dir);
  }

  async start(): Promise<void> {
    await Promise.all(
      this.sides.map(async (side, index) => {
        const start = index === 0 ? this.startOurs : startPythonDaemon;
        side.daemon = await start(side.dir, parityConfigText(side.dir));
      }),
    );
    await Promise.all(this.sides.map((side) => waitUntilAnswering(side.dir)));
  }

  async stop(): Promise<void> {
    await Promise.all(this.sides.map((side) => side.daemon?.stop()));
    for (const dir of this.dirs) removeTempDir(dir);
  }

  run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }[]> {
    return Promise.all(this.sides.map((side) => runCtl(side.client, ['-c', `${side.dir}/supervisord.conf`, ...args])));
  }

  mask(text: string): string {
    return maskOutput(text, this.dirs);
  }

  /** Every step as its own subtest, so one difference does not hide the others. */
  async runSteps(t: TestContext, steps: ParityStep[]): Promise<void> {
    for (const [index, step] of steps.entries()) {
      await t.test(`${index} ${step.args.join(' ')}`, async () => {
        if (step.config) for (const side of this.sides) writeParityConfig(side.dir, step.config === 'with-added' ? ADDED_PROGRAM : '');
        const [ours, theirs] = await this.run(step.args);
        if (step.restarts) await Promise.all(this.sides.map((side) => waitUntilAnswering(side.dir)));
        const context = `${step.args.join(' ')} (svwizctl exit ${ours.code}, stderr ${JSON.stringify(ours.stderr)})`;
        const shape = (text: string) => (step.unordered ? this.mask(text).split('\n').sort().join('\n') : this.mask(text));
        assert.equal(shape(ours.stdout), shape(theirs.stdout), `stdout of ${context}`);
        assert.equal(ours.code, theirs.code, `exit code of ${context}`);
        assert.equal(ours.stderr, '', 'svwizctl wrote nothing to stderr');
        assertExpectedAnswer(step, theirs, this.mask(theirs.stdout), 'supervisorctl');
        assertExpectedAnswer(step, ours, this.mask(ours.stdout), 'svwizctl');
      });
    }
  }
}

/** Wait until the daemon answers, is RUNNING and has no process still STARTING. */
export async function waitUntilAnswering(dir: string): Promise<void> {
  await waitFor(`supervisor in ${dir} running`, async () => {
    if (!existsSync(`${dir}/s.sock`)) return false;
    const client = createRpcClient(`unix://${dir}/s.sock`);
    try {
      const state = (await client.call('supervisor.getState')) as { statename: string };
      const infos = (await client.call('supervisor.getAllProcessInfo')) as { statename: string }[];
      return state.statename === 'RUNNING' && infos.every((info) => info.statename !== 'STARTING');
    } finally {
      client.close();
    }
  }, { timeoutMs: 30000 });
}
