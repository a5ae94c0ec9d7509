/**
 * Debian's real supervisorctl 4.2.5 against svwizd and against a real Python supervisord on the
 * same config: tail, maintail, clear, reread, update, add, remove, fg errors, reload and shutdown
 * print the same text and exit with the same codes, also once the daemon is gone.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADDED_PROGRAM, DAEMON_STEPS, assertExpectedAnswer, parityConfigText, writeParityConfig, type ParityStep } from '../../helpers/ctl-parity.js';
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
    // supervisorctl 4.2.5's answers when nothing listens on the socket.
    const steps: ParityStep[] = [
      { args: ['status'], expect: { code: 4, stdout: /^unix:\/\/DIR\/s\.sock no such file\n$/ } },
      { args: ['start', 'cat'], expect: { code: 7, stdout: /^unix:\/\/DIR\/s\.sock no such file\n$/ } },
      { args: ['avail'], expect: { code: 1, stdout: /^error: <class 'FileNotFoundError'>, \[Errno 2\] No such file or directory\n$/ } },
      { args: ['shutdown'], expect: { code: 1, stdout: /^ERROR: unix:\/\/DIR\/s\.sock no such file \(already shut down\?\)\n$/ } },
    ];
    for (const step of steps) {
      const { args } = step;
      const [ours, theirs] = await pair.supervisorctl(args);
      assert.equal(pair.mask(ours.stdout), pair.mask(theirs.stdout), `stdout of ${args.join(' ')}`);
      assert.equal(ours.code, theirs.code, `exit code of ${args.join(' ')}`);
      assertExpectedAnswer(step, theirs, pair.mask(theirs.stdout), 'supervisord');
    }
  });
});
