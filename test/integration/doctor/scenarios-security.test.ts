import { test } from 'node:test';
import { PYTHON_BACKEND } from './scenario-harness.js';
import { runFixCycle } from './fix-cycle.js';

test('web-security: an inet server on 0.0.0.0 without password gets a {SHA} password; supervisorctl still works', async (t) => {
  await runFixCycle(t, 'web-security', PYTHON_BACKEND, { expect: ['error'], restartSupervisor: true });
});

test('log-rotation: maxbytes=0 gets a rotation size', async (t) => {
  await runFixCycle(t, 'log-rotation', PYTHON_BACKEND, { expect: ['warn'] });
});
