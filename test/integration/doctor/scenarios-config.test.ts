import { test } from 'node:test';
import { PYTHON_BACKEND } from './scenario-harness.js';
import { runFixCycle } from './fix-cycle.js';

test('config-syntax: a line without separator is reported with its line; the fix is manual', async (t) => {
  await runFixCycle(t, 'config-syntax', PYTHON_BACKEND, { expect: ['error'], manualOnly: true });
});

test('config-values: autorestart=ture is set to true, then supervisord starts', async (t) => {
  await runFixCycle(t, 'config-values', PYTHON_BACKEND, { expect: ['error'] });
});

test('include-glob: a .ini file missed by *.conf is included and its program starts', async (t) => {
  await runFixCycle(t, 'include-glob', PYTHON_BACKEND, { expect: ['error'], program: 'app2' });
});
