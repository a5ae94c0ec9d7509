import { test } from 'node:test';
import { PYTHON_BACKEND } from './scenario-harness.js';
import { runFixCycle } from './fix-cycle.js';

test('stale-socket: a socket left by a SIGKILLed supervisord is found and removed (Python supervisord)', async (t) => {
  await runFixCycle(t, 'stale-socket', PYTHON_BACKEND, { expect: ['warn', 'error'] });
});

test('port-collision: a port held by another live process is moved to a free one (Python supervisord)', async (t) => {
  await runFixCycle(t, 'port-collision', PYTHON_BACKEND, { expect: ['error'] });
});

test('pidfile: a stale pidfile is removed (Python supervisord)', async (t) => {
  await runFixCycle(t, 'pidfile', PYTHON_BACKEND, { expect: ['warn'] });
});
