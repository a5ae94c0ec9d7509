import { test } from 'node:test';
import { PYTHON_BACKEND } from './scenario-harness.js';
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
