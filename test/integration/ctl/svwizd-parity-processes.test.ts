/**
 * svwizctl against svwizd, side by side with the real supervisorctl against Python supervisord
 * on the same config: the process commands must print the same text with the same exit codes.
 */
import { after, before, test } from 'node:test';
import { ClientPair } from '../../helpers/ctl-pair.js';
import { PROCESS_STEPS } from '../../helpers/ctl-parity.js';
import { startSvwizd } from '../../helpers/svwizd-daemon.js';

const pair = new ClientPair('csp', startSvwizd);
before(() => pair.start());
after(() => pair.stop());

test('process commands against svwizd: same output and exit codes as supervisorctl against supervisord', (t) => pair.runSteps(t, PROCESS_STEPS));
