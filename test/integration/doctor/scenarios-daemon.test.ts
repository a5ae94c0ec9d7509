import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { breakScenario, PYTHON_BACKEND, snapshot, supervisorPids } from './scenario-harness.js';
import { runFixCycle } from './fix-cycle.js';
import { processAgeSeconds } from '../../../src/system/processes.js';
import { waitFor } from '../../helpers/temp.js';
import { isAlive } from '../../helpers/processes.js';

test('stale-socket: a socket left by a SIGKILLed supervisord is found and removed (Python supervisord)', async (t) => {
  await runFixCycle(t, 'stale-socket', PYTHON_BACKEND, { expect: ['warn', 'error'] });
});

test('port-collision: a port held by another live process is moved to a free one (Python supervisord)', async (t) => {
  await runFixCycle(t, 'port-collision', PYTHON_BACKEND, { expect: ['error'] });
});

test('pidfile: a stale pidfile is removed (Python supervisord)', async (t) => {
  await runFixCycle(t, 'pidfile', PYTHON_BACKEND, { expect: ['warn'] });
});

test('pidfile: a second supervisord on the same config (the first lost its socket) is an error naming the one to stop', async (t) => {
  const s = await breakScenario('healthy', PYTHON_BACKEND);
  t.after(() => s.cleanup());
  const [first] = supervisorPids(s.dir);
  assert.ok(first, 'the healthy scenario runs one supervisord');
  // A tmp cleaner removed the socket, so a second start binds a new one: every program runs twice.
  rmSync(s.socketPath());
  const second = await s.startSupervisor();
  // The check leaves daemons younger than 3 s alone (a start about to fail on the busy socket).
  await waitFor('both supervisors 3 s old', () => [first, second].every((pid) => (processAgeSeconds(pid) ?? 0) >= 3), { timeoutMs: 20000 });

  const found = await s.doctor(['--json']);
  const check = found.json!.checks.find((c) => c.id === 'pidfile')!;
  assert.equal(check.status, 'error', JSON.stringify(check));
  assert.equal(found.code, 1);
  assert.equal(check.findings.length, 1);
  const [finding] = check.findings as { message: string; fix: { safety: string; commands?: string[] } }[];
  assert.match(finding!.message, new RegExp(`^2 supervisors run on ${s.config} \\(pids ${Math.min(first, second)}, ${Math.max(first, second)}\\).*pid ${second} answers on the socket, stop the other$`));
  assert.equal(finding!.fix.safety, 'manual');
  assert.deepEqual(finding!.fix.commands, [`kill ${first}`]);

  const before = snapshot(s.dir);
  const attempt = await s.doctor(['--fix', '--yes', '--json', '--backup-dir', s.backups]);
  assert.equal(attempt.code, 1, 'a manual fix leaves the error');
  assert.deepEqual(snapshot(s.dir), before, 'a manual fix changes nothing');

  // Doing what the finding says clears it.
  process.kill(first, 'SIGTERM');
  await waitFor('the first supervisord to exit', () => !isAlive(first), { timeoutMs: 30000 });
  const after = await s.doctor(['--json']);
  assert.equal(after.json!.checks.find((c) => c.id === 'pidfile')!.status, 'ok', JSON.stringify(after.json!.checks.find((c) => c.id === 'pidfile')));
});
