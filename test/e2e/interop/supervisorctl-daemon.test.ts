/**
 * Debian's real supervisorctl 4.2.5 against svwizd and against a real Python supervisord on the
 * same config: tail, maintail, clear, reread, update, add, remove, fg errors, reload and shutdown
 * print the same text and exit with the same codes, also once the daemon is gone.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADDED_PROGRAM, DAEMON_STEPS, parityConfigText, writeParityConfig } from '../../helpers/ctl-parity.js';
import { InteropPair } from '../../helpers/rpc-interop.js';
import { waitFor } from '../../helpers/temp.js';
import { existsSync } from 'node:fs';

const pair = new InteropPair('ipd', (dir) => parityConfigText(dir));
before(() => pair.start());
after(() => pair.stop());

test('supervisorctl log, config and daemon commands: svwizd answers like supervisord', { timeout: 600_000 }, async (t) => {
  await pair.runSteps(t, DAEMON_STEPS, (dir, variant) => writeParityConfig(dir, variant === 'with-added' ? ADDED_PROGRAM : ''));

  await t.test('after shutdown: the same messages and exit codes', async () => {
    await Promise.all(pair.daemons.map((daemon) => waitFor('socket removed', () => !existsSync(daemon.socketPath), { timeoutMs: 30000 })));
    for (const args of [['status'], ['start', 'cat'], ['avail'], ['shutdown']]) {
      const [ours, theirs] = await pair.supervisorctl(args);
      assert.equal(pair.mask(ours.stdout), pair.mask(theirs.stdout), `stdout of ${args.join(' ')}`);
      assert.equal(ours.code, theirs.code, `exit code of ${args.join(' ')}`);
    }
  });
});
