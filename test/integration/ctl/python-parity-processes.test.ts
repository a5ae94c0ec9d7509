/**
 * svwizctl and the real supervisorctl, each against its own Python supervisord on the same
 * config: status, pid, avail, version, help, start, stop, restart, signal print the same text
 * and exit with the same codes.
 */
import { after, before, test } from 'node:test';
import { ClientPair } from '../../helpers/ctl-pair.js';
import { PROCESS_STEPS } from '../../helpers/ctl-parity.js';

const pair = new ClientPair('cpp');
before(() => pair.start());
after(() => pair.stop());

test('process commands: same output and exit codes as supervisorctl', (t) => pair.runSteps(t, PROCESS_STEPS));
