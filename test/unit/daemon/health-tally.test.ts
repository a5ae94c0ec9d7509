/** The pure parts of liveness checks (issue 17): the tally, the status words, the event data, the description. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRESH_TALLY, healthText, recordCheck, type HealthTally } from '../../../src/daemon/health/health-tally.js';
import { healthEventData } from '../../../src/daemon/health/process-health.js';
import { processInfo } from '../../../src/daemon/process-info.js';

const limits = { failureThreshold: 3, successThreshold: 2 };
const fail = (reason: string) => ({ ok: false, reason });
const ok = { ok: true };

/** Feed results in order; the tally and every `became` on the way. */
function run(results: { ok: boolean; reason?: string }[]): { tally: HealthTally; became: string[] } {
  let tally = FRESH_TALLY;
  const became: string[] = [];
  for (const result of results) {
    const step = recordCheck(tally, result, limits);
    tally = step.tally;
    if (step.became) became.push(step.became);
  }
  return { tally, became };
}

test('the first success makes an unchecked process healthy; nothing more is announced while it stays so', () => {
  assert.deepEqual(run([ok, ok, ok]), { tally: { state: 'healthy', failures: 0, successes: 3, reason: null }, became: ['healthy'] });
});

test('failure_threshold failures in a row make it unhealthy once; a success in between starts the count again', () => {
  assert.deepEqual(run([ok, fail('HTTP 503'), fail('HTTP 503')]).became, ['healthy']);
  assert.deepEqual(run([ok, fail('a'), ok, fail('b'), fail('c')]).tally.failures, 2);
  const { tally, became } = run([ok, fail('HTTP 503'), fail('HTTP 503'), fail('connection refused'), fail('connection refused')]);
  assert.deepEqual(became, ['healthy', 'unhealthy']);
  assert.deepEqual(tally, { state: 'unhealthy', failures: 4, successes: 0, reason: 'connection refused' });
});

test('leaving unhealthy takes success_threshold successes in a row', () => {
  const down = [fail('x'), fail('x'), fail('x')];
  assert.equal(run([...down, ok]).tally.state, 'unhealthy');
  assert.deepEqual(run([...down, ok, fail('y'), ok]).became, ['unhealthy']);
  assert.deepEqual(run([...down, ok, ok]), { tally: { state: 'healthy', failures: 0, successes: 2, reason: null }, became: ['unhealthy', 'healthy'] });
});

test('status words: nothing while passing, the count while failing, unhealthy after the threshold', () => {
  assert.equal(healthText(run([ok]).tally, limits), '');
  assert.equal(healthText(run([fail('HTTP 503')]).tally, limits), 'health check failing: HTTP 503 (1 of 3 failures)');
  assert.equal(healthText(run([fail('HTTP 503'), fail('HTTP 503')]).tally, limits), 'health check failing: HTTP 503 (2 of 3 failures)');
  assert.equal(healthText(run([fail('HTTP 503'), fail('HTTP 503'), fail('HTTP 503')]).tally, limits), 'unhealthy: HTTP 503 (3 failures)');
  assert.equal(healthText(run([fail('x'), fail('x'), fail('x'), ok]).tally, limits), 'unhealthy: recovering (1 of 2 successes)');
});

test('the svwiz.health event data has a header line, then the reason', () => {
  const target = { name: 'web', groupName: 'site' };
  assert.equal(healthEventData(target, 'unhealthy', { state: 'unhealthy', failures: 3, successes: 0, reason: 'HTTP 503' }), 'processname:web groupname:site health:unhealthy failures:3\nHTTP 503');
  assert.equal(healthEventData(target, 'healthy', FRESH_TALLY), 'processname:web groupname:site health:healthy failures:0');
});

test('getProcessInfo: health words follow the uptime while RUNNING; the extra fields appear only with a check', () => {
  const base = { name: 'web', group: 'web', state: 'RUNNING' as const, pid: 12, laststart: 1000, laststop: 0, spawnerr: null, exitstatus: 0, stdoutLogfile: null, stderrLogfile: null };
  const plain = processInfo(base, 1062);
  assert.equal(plain.description, 'pid 12, uptime 0:01:02');
  assert.equal('health' in plain, false);
  const failing = processInfo({ ...base, health: { state: 'unhealthy', failures: 3, text: 'unhealthy: HTTP 503 (3 failures)', restarts: 0 } }, 1062);
  assert.equal(failing.description, 'pid 12, uptime 0:01:02, unhealthy: HTTP 503 (3 failures)');
  assert.deepEqual([(failing as unknown as Record<string, unknown>).health, (failing as unknown as Record<string, unknown>).health_failures], ['unhealthy', 3]);
  const restarted = processInfo({ ...base, health: { state: 'healthy', failures: 0, text: '', restarts: 2 } }, 1062);
  assert.equal(restarted.description, 'pid 12, uptime 0:01:02, restarted 2 times for its liveness check');
  const stopped = processInfo({ ...base, state: 'STOPPED', pid: 0, laststop: 1100, health: { state: 'unhealthy', failures: 3, text: 'unhealthy: x (3 failures)', restarts: 0 } }, 1200);
  assert.doesNotMatch(stopped.description, /unhealthy/);
  assert.equal((stopped as unknown as Record<string, unknown>).health, 'unknown');
});
