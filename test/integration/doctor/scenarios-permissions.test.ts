import { test } from 'node:test';
import { PYTHON_BACKEND, SVWIZD_BACKEND } from './scenario-harness.js';
import { runFixCycle } from './fix-cycle.js';

test('log-permissions: a log dir nobody (the daemon user) cannot write is handed to nobody, 0750, and the program runs', async (t) => {
  await runFixCycle(t, 'log-permissions', PYTHON_BACKEND, { expect: ['error'] });
});

test('program-user: user= naming a missing account is reported; the fix is manual', async (t) => {
  await runFixCycle(t, 'program-user', PYTHON_BACKEND, { expect: ['error'], manualOnly: true });
});

test('directory: a missing directory= is created and the program runs', async (t) => {
  await runFixCycle(t, 'directory', PYTHON_BACKEND, { expect: ['error'] });
});

test('world-writable: the seed\'s chmod 777 on the log dir and 666 on the logs is found and taken back to 0750/0640 for the daemon\'s user', async (t) => {
  await runFixCycle(t, 'world-writable', PYTHON_BACKEND, { expect: ['warn'] });
});

test('world-writable on svwizd: the same finding and fix', async (t) => {
  await runFixCycle(t, 'world-writable', SVWIZD_BACKEND, { expect: ['warn'] });
});
