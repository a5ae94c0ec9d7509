/**
 * svwizctl and the real supervisorctl, each against its own Python supervisord on the same
 * config: tail, maintail, clear, reread, update, add, remove, fg errors, open, reload and shutdown
 * print the same text and exit with the same codes; once the daemon is gone, svwizctl keeps
 * supervisorctl's exit codes but prints one clear line.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../helpers/temp.js';
import { ClientPair } from '../../helpers/ctl-pair.js';
import { DAEMON_STEPS } from '../../helpers/ctl-parity.js';

const pair = new ClientPair('cpd');
before(() => pair.start());
after(() => pair.stop());

test('log, config and daemon commands: same output and exit codes as supervisorctl', async (t) => {
  await pair.runSteps(t, DAEMON_STEPS);

  await t.test('after shutdown: same exit codes, and a clear line instead of a traceback', async () => {
    await Promise.all(pair.sides.map((side) => waitFor('daemon exit', () => side.daemon!.exited(), { timeoutMs: 30000 })));
    for (const args of [['status'], ['start', 'cat'], ['avail'], ['shutdown']]) {
      const [ours, theirs] = await pair.run(args);
      assert.equal(ours.code, theirs.code, `exit code of ${args.join(' ')} (python said ${theirs.stdout})`);
      if (args[0] === 'shutdown') {
        assert.equal(pair.mask(ours.stdout), pair.mask(theirs.stdout));
      } else {
        assert.equal(ours.stdout, '');
        assert.match(ours.stderr, /^svwizctl: cannot reach supervisor at unix:\/\/\S+\/s\.sock \(no such file\): start it with 'svwizd -c FILE' or your service, or run 'svwiz doctor'\n$/);
      }
    }
  });
});
