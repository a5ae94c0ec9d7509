/** Scenarios whose breakage is the same under svwizd, run against svwizd (dist/src/bin/svwizd.js). */
import { test } from 'node:test';
import { SVWIZD_BACKEND } from './scenario-harness.js';
import { runFixCycle } from './fix-cycle.js';

test('svwizd: stale-socket after SIGKILL', async (t) => {
  await runFixCycle(t, 'stale-socket', SVWIZD_BACKEND, { expect: ['warn', 'error'] });
});

test('svwizd: log-permissions with the daemon running as nobody', async (t) => {
  await runFixCycle(t, 'log-permissions', SVWIZD_BACKEND, { expect: ['error'] });
});
