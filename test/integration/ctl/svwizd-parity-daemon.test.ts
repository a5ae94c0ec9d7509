/**
 * svwizctl against svwizd, side by side with the real supervisorctl against Python supervisord
 * on the same config: log, config and daemon commands (through shutdown) must print the same text
 * with the same exit codes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../helpers/temp.js';
import { ClientPair } from '../../helpers/ctl-pair.js';
import { DAEMON_STEPS } from '../../helpers/ctl-parity.js';
import { startSvwizd } from '../../helpers/svwizd-daemon.js';

const pair = new ClientPair('csd', startSvwizd);
before(() => pair.start());
after(() => pair.stop());

test('log, config and daemon commands against svwizd: same output and exit codes', async (t) => {
  await pair.runSteps(t, DAEMON_STEPS);
  await t.test('svwizd is gone after shutdown, and svwizctl says how to start it', async () => {
    await Promise.all(pair.sides.map((side) => waitFor('daemon exit', () => side.daemon!.exited(), { timeoutMs: 30000 })));
    const [ours, theirs] = await pair.run(['status']);
    assert.equal(ours.code, theirs.code);
    assert.match(ours.stderr, /cannot reach supervisor at unix:\/\/\S+ \(no such file\): start it with 'svwizd -c FILE'/);
  });
});
