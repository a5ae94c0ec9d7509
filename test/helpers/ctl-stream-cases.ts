/**
 * The streaming commands (tail -f, maintail -f, fg) of svwizctl against a daemon of the caller's
 * choice, next to the real supervisorctl against Python supervisord on the same config: same
 * text, same exit codes. Defines the tests in the calling test file.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientPair, type StartDaemon } from './ctl-pair.js';
import { settleBeforeInterrupt, startCtl, type LiveCtl } from './ctl-parity.js';
import { createRpcClient } from '../../src/protocol/transport.js';

/**
 * Ctrl-C as a person presses it: a moment after the output appeared. An interrupt that lands
 * before supervisorctl has entered its fg/tail loop ends it with a traceback and exit 1; where
 * the signal lands is the client's timing, not the daemon's.
 */

export function defineStreamTests(prefix: string, startOurs: StartDaemon): void {
  const pair = new ClientPair(prefix, startOurs);
  const dirs = pair.dirs;
  const live: LiveCtl[] = [];

  before(() => pair.start());
  after(async () => {
    for (const ctl of live) ctl.kill();
    await pair.stop();
  });

  function both(args: string[]): LiveCtl[] {
    const started = pair.sides.map((side) => startCtl(side.client, ['-c', `${side.dir}/supervisord.conf`, ...args]));
    live.push(...started);
    return started;
  }

  async function rpc(dir: string, method: string, ...params: string[]): Promise<unknown> {
    const client = createRpcClient(`unix://${dir}/s.sock`);
    try {
      return await client.call(method, ...params);
    } finally {
      client.close();
    }
  }

  test('tail -f streams the log until Ctrl-C, then exits 0', async () => {
    const runs = both(['tail', '-f', 'writer']);
    await Promise.all(runs.map((run) => run.waitForOutput(/line2\n/)));
    await settleBeforeInterrupt();
    for (const run of runs) run.interrupt();
    const codes = await Promise.all(runs.map((run) => run.exited));
    assert.deepEqual(codes, [0, 0]);
    assert.equal(runs[0].output(), runs[1].output());
    assert.match(runs[0].output(), /^==> Press Ctrl-C to exit <==\nline1\nline2\n\n$/);
  });

  test('tail -f of stderr and of an unknown process', async () => {
    const stderrRuns = both(['tail', '-f', 'writer', 'stderr']);
    await Promise.all(stderrRuns.map((run) => run.waitForOutput(/err1\n/)));
    await settleBeforeInterrupt();
    for (const run of stderrRuns) run.interrupt();
    assert.deepEqual(await Promise.all(stderrRuns.map((run) => run.exited)), [0, 0]);
    assert.equal(stderrRuns[0].output(), stderrRuns[1].output());

    const unknown = both(['tail', '-f', 'nope']);
    const codes = await Promise.all(unknown.map((run) => run.exited));
    assert.deepEqual(codes, [0, 0]);
    assert.equal(unknown[0].output(), unknown[1].output());
    assert.equal(pair.mask(unknown[0].errors()), pair.mask(unknown[1].errors()));
    assert.match(pair.mask(unknown[0].errors()), /^unix:\/\/DIR\/s\.sock\/logtail\/nope\/stdout Cannot read, status code 404\n$/);
  });

  test('maintail -f streams the main log', async () => {
    const runs = both(['maintail', '-f']);
    await Promise.all(runs.map((run) => run.waitForOutput(/success: writer entered RUNNING state/)));
    await settleBeforeInterrupt();
    for (const run of runs) run.interrupt();
    assert.deepEqual(await Promise.all(runs.map((run) => run.exited)), [0, 0]);
    for (const run of runs) assert.match(run.output(), /^==> Press Ctrl-C to exit <==\n/);
  });

  test('fg sends input lines to the process and shows what it writes', async () => {
    const runs = both(['fg', 'cat']);
    await Promise.all(runs.map((run) => run.waitForOutput(/Press Ctrl-C to exit/)));
    for (const run of runs) run.type('hello fg\n');
    await Promise.all(runs.map((run) => run.waitForOutput(/hello fg\n/)));
    for (const run of runs) run.endInput();
    assert.deepEqual(await Promise.all(runs.map((run) => run.exited)), [0, 0]);
    assert.equal(runs[0].output(), runs[1].output());
    assert.equal(runs[0].output(), '==> Press Ctrl-C to exit <==\nhello fg\nExiting foreground\n');
  });

  test('fg notices a process that was stopped', async () => {
    await Promise.all(dirs.map((dir) => rpc(dir, 'supervisor.startProcess', 'grp:manual')));
    const runs = both(['fg', 'grp:manual']);
    await Promise.all(runs.map((run) => run.waitForOutput(/Press Ctrl-C to exit/)));
    await Promise.all(dirs.map((dir) => rpc(dir, 'supervisor.stopProcess', 'grp:manual')));
    for (const run of runs) run.type('anyone there?\n');
    assert.deepEqual(await Promise.all(runs.map((run) => run.exited)), [0, 0]);
    assert.equal(runs[0].output(), runs[1].output());
    assert.match(runs[0].output(), /Process got killed\nExiting foreground\n$/);
  });

  test('fg ends on Ctrl-C', async () => {
    const runs = both(['fg', 'cat']);
    await Promise.all(runs.map((run) => run.waitForOutput(/Press Ctrl-C to exit/)));
    await settleBeforeInterrupt();
    for (const run of runs) run.interrupt();
    assert.deepEqual(await Promise.all(runs.map((run) => run.exited)), [0, 0]);
    assert.match(runs[0].output(), /Exiting foreground\n$/);
    assert.match(runs[1].output(), /Exiting foreground\n$/);
  });
}
