/**
 * Debian's real supervisorctl 4.2.5 against svwizd and against a real Python supervisord on the
 * same config: status, pid, avail, version, help, start, stop, restart and signal print the same
 * text (pids, uptimes, dates and temp dirs masked) and exit with the same codes.
 */
import { after, before, test } from 'node:test';
import { PROCESS_STEPS, parityConfigText, writeParityConfig } from '../../helpers/ctl-parity.js';
import { InteropPair } from '../../helpers/rpc-interop.js';

const pair = new InteropPair('ipp', (dir) => parityConfigText(dir));
before(() => pair.start());
after(() => pair.stop());

test('supervisorctl process commands: svwizd answers like supervisord', { timeout: 600_000 }, (t) =>
  pair.runSteps(t, PROCESS_STEPS, (dir) => writeParityConfig(dir)),
);
