/**
 * The streaming commands of Debian's real supervisorctl against svwizd and a real Python
 * supervisord: `tail -f` (follows appended output, interrupted with Ctrl-C) and `maintail -f`.
 * Bounded: every live client is interrupted or killed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parityConfigText, settleBeforeInterrupt } from '../../helpers/ctl-parity.js';
import { InteropPair } from '../../helpers/rpc-interop.js';
import { xmlRpcCall } from '../../helpers/rpc-http.js';

/**
 * Ctrl-C as a person presses it: a moment after the output appeared. supervisorctl catches an
 * interrupt that lands inside its asyncore read handler and prints "Cannot connect, error:
 * KeyboardInterrupt" instead; where the signal lands is the client's timing, not the daemon's.
 */

const pair = new InteropPair('ipf', (dir) => parityConfigText(dir));
before(() => pair.start());
after(() => pair.stop());

test('tail -f and maintail -f through the real supervisorctl', { timeout: 600_000 }, async (t) => {
  await t.test('tail -f writer: the log so far, then Ctrl-C', async () => {
    const results = await pair.live(['tail', '-f', 'writer'], async (ctl) => {
      await ctl.waitForOutput(/line2\n/);
      await settleBeforeInterrupt();
      ctl.interrupt();
    });
    pair.assertSame(results, 'tail -f writer', { code: 0, stdout: /^==> Press Ctrl-C to exit <==\nline1\nline2\n/ });
    assert.match(results[0].stdout, /^==> Press Ctrl-C to exit <==\nline1\nline2\n/);
  });

  await t.test('tail -f writer stderr', async () => {
    const results = await pair.live(['tail', '-f', 'writer', 'stderr'], async (ctl) => {
      await ctl.waitForOutput(/err1\n/);
      await settleBeforeInterrupt();
      ctl.interrupt();
    });
    pair.assertSame(results, 'tail -f writer stderr', { code: 0, stdout: /^==> Press Ctrl-C to exit <==\nerr1\n$/ });
  });

  await t.test('tail -f cat follows what the program writes while it runs', async () => {
    const results = await pair.live(['tail', '-f', 'cat'], async (ctl, daemon) => {
      await ctl.waitForOutput(/==> Press Ctrl-C to exit <==\n/);
      // Give the stream time to open before writing, so the new bytes arrive as an appended chunk.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await xmlRpcCall({ socketPath: daemon.socketPath }, 'supervisor.sendProcessStdin', ['cat', 'first follow\n']);
      await ctl.waitForOutput(/first follow\n/);
      await xmlRpcCall({ socketPath: daemon.socketPath }, 'supervisor.sendProcessStdin', ['cat', 'second follow\n']);
      await ctl.waitForOutput(/second follow\n/);
      await settleBeforeInterrupt();
      ctl.interrupt();
    });
    pair.assertSame(results, 'tail -f cat', { code: 0, stdout: /^==> Press Ctrl-C to exit <==\nfirst follow\nsecond follow\n$/ });
  });

  await t.test('tail -f of an unknown process: the 404 message, exit 0', async () => {
    const results = await pair.live(['tail', '-f', 'nope'], async () => undefined);
    pair.assertSame(results, 'tail -f nope', { code: 0, stdout: /^==> Press Ctrl-C to exit <==\n$/ });
    assert.match(pair.mask(results[0].stderr), /^unix:\/\/DIR\/s\.sock\/logtail\/nope\/stdout Cannot read, status code 404\n$/);
  });

  await t.test('maintail -f: the end of the main log, then Ctrl-C', async () => {
    const results = await pair.live(['maintail', '-f'], async (ctl, daemon) => {
      await ctl.waitForOutput(/==> Press Ctrl-C to exit <==\n[^]+/);
      const before = ctl.output();
      // Something new in the main log: a process start is logged by both daemons.
      await xmlRpcCall({ socketPath: daemon.socketPath }, 'supervisor.startProcess', ['grp:manual', true]);
      await ctl.waitForOutput(/spawned: 'manual'/);
      assert.ok(ctl.output().length > before.length);
      await settleBeforeInterrupt();
      ctl.interrupt();
    });
    for (const [index, result] of results.entries()) {
      const daemon = pair.daemons[index];
      const mainLog = readFileSync(path.join(daemon.dir, 'supervisord.log'), 'utf8');
      const body = result.stdout.replace(/^==> Press Ctrl-C to exit <==\n/, '').replace(/\n$/, '');
      assert.ok(mainLog.includes(body), `${daemon.kind}: maintail -f printed a contiguous part of the main log`);
      assert.ok(body.length >= Math.min(1024, statSync(path.join(daemon.dir, 'supervisord.log')).size - 4096), `${daemon.kind}: started with the log's last KiB`);
    }
    assert.equal(results[0].code, results[1].code);
    assert.equal(results[0].code, 0, 'Ctrl-C ends maintail -f with exit 0');
  });

});
