/** Program-level scenarios against svwizd (dist/src/bin/svwizd.js). */
import { test } from 'node:test';
import { SVWIZD_BACKEND } from './scenario-harness.js';
import { runFixCycle } from './fix-cycle.js';

test('svwizd: missing-env (PYTHONPATH from the login shell)', async (t) => {
  await runFixCycle(t, 'missing-env', SVWIZD_BACKEND, { expect: ['error'] });
});

test('svwizd: directory', async (t) => {
  await runFixCycle(t, 'directory', SVWIZD_BACKEND, { expect: ['error'] });
});

test('svwizd: port-collision', async (t) => {
  await runFixCycle(t, 'port-collision', SVWIZD_BACKEND, { expect: ['error'] });
});
