/**
 * `fg` of Debian's real supervisorctl against svwizd and a real Python supervisord, driven
 * through stdin: typed lines reach the program and come back through the log-tail streams; end of
 * input leaves; a process stopped meanwhile makes the next line report it. (supervisorctl's own
 * output thread lingers up to 30 s after leaving, against either daemon: the two sessions run
 * concurrently to keep this file short.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parityConfigText } from '../../helpers/ctl-parity.js';
import { InteropPair } from '../../helpers/rpc-interop.js';
import { xmlRpcCall } from '../../helpers/rpc-http.js';

const pair = new InteropPair('ifg', (dir) => parityConfigText(dir));
before(() => pair.start());
after(() => pair.stop());

test('fg through the real supervisorctl: svwizd answers like supervisord', { timeout: 600_000 }, async () => {
  const typed = pair.live(['fg', 'cat'], async (ctl) => {
    await ctl.waitForOutput(/==> Press Ctrl-C to exit <==\n/);
    ctl.type('typed in fg\n');
    await ctl.waitForOutput(/typed in fg\n/);
    ctl.endInput();
  });
  const stopped = pair.live(['fg', 'writer'], async (ctl, daemon) => {
    await ctl.waitForOutput(/err1\n/);
    await xmlRpcCall({ socketPath: daemon.socketPath }, 'supervisor.stopProcess', ['writer', true]);
    ctl.type('after stop\n');
    await ctl.waitForOutput(/Exiting foreground\n/);
  });
  const [typedResults, stoppedResults] = await Promise.all([typed, stopped]);

  pair.assertSame(typedResults, 'fg cat', { code: 0, stdout: /^==> Press Ctrl-C to exit <==\ntyped in fg\nExiting foreground\n$/ });
  assert.match(typedResults[0].stdout, /^==> Press Ctrl-C to exit <==\ntyped in fg\nExiting foreground\n$/);
  // The two tail streams (stdout, stderr) of the writer arrive in either order on either daemon.
  const sortLines = (text: string) => text.split('\n').sort().join('\n');
  assert.deepEqual(stoppedResults.map((r) => sortLines(pair.mask(r.stdout))), Array(2).fill(sortLines(pair.mask(stoppedResults[1].stdout))));
  assert.equal(stoppedResults[0].code, stoppedResults[1].code);
  assert.match(stoppedResults[0].stdout, /Process got killed\nExiting foreground\n$/);
  assert.match(stoppedResults[0].stdout, /line1\nline2\n/);
});
