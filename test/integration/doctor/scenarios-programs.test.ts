import { test } from 'node:test';
import { PYTHON_BACKEND } from './scenario-harness.js';
import { runFixCycle } from './fix-cycle.js';

test('missing-env: a Python program crashing without the PYTHONPATH of its login shell gets environment= and runs', async (t) => {
  await runFixCycle(t, 'missing-env', PYTHON_BACKEND, { expect: ['error'] });
});

test('command: a relative command with directory= becomes absolute and the program runs', async (t) => {
  await runFixCycle(t, 'command', PYTHON_BACKEND, { expect: ['error'] });
});

test('process-state: a FATAL program whose cause is gone is restarted', async (t) => {
  await runFixCycle(t, 'process-state', PYTHON_BACKEND, { expect: ['error'] });
});
