/** The pure parts of issue 17: restart-rate bookkeeping, alert throttling, alert bodies and mails. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordCrash, restartLimitReached } from '../../../src/daemon/restart-rate-limit.js';
import { onEscalation, onFailure, onRecovery, onWindowEnd, quietState } from '../../../src/daemon/alerts/alert-throttle.js';
import { alertBody, alertMail } from '../../../src/daemon/alerts/alert-message.js';
import { formatBytes } from '../../../src/daemon/memory-limit.js';
import { sameProcessConfig } from '../../../src/daemon/config-diff.js';
import { processConfig } from '../../helpers/daemon-config.js';

test('restart_limit counts unexpected exits inside the window only', () => {
  let times: number[] = [];
  for (const at of [0, 10, 20]) times = recordCrash(times, at, 60);
  assert.equal(restartLimitReached(times, 20, 3, 60), '3 crashes in 60 s; restart_limit reached');
  assert.equal(restartLimitReached(times, 20, 4, 60), undefined);
  // 70 s later the first crash has left the window.
  times = recordCrash(times, 70, 60);
  assert.deepEqual(times, [20, 70]);
  assert.equal(restartLimitReached(times, 70, 3, 60), undefined);
});

test('throttle: one message, held failures, one summary per window, recovery always', () => {
  const state = quietState();
  assert.deepEqual(onFailure(state, 'crash 1', 0), { send: true });
  assert.deepEqual(onFailure(state, 'crash 2', 100), { send: false });
  assert.deepEqual(onFailure(state, 'crash 3', 200), { send: false });
  assert.deepEqual(onWindowEnd(state, 300_000), { send: true, summaryOf: 2 });
  assert.equal(state.lastHeld, 'crash 3');
  // A quiet window closes the incident: the next failure is sent at once.
  assert.deepEqual(onWindowEnd(state, 600_000), { send: false });
  assert.deepEqual(onFailure(state, 'crash 4', 700_000), { send: true });
  assert.deepEqual(onFailure(state, 'crash 5', 700_100), { send: false });
  assert.deepEqual(onRecovery(state), { send: true, endsFailures: 2 });
  assert.deepEqual(onFailure(state, 'crash 6', 800_000), { send: true });
  // FATAL is never held back: it carries the held failures and restarts the window.
  assert.deepEqual(onFailure(state, 'crash 7', 800_100), { send: false });
  assert.deepEqual(onEscalation(state, 800_200), { send: true, summaryOf: 1 });
  assert.deepEqual(onFailure(state, 'crash 8', 800_300), { send: false });
  assert.deepEqual(onEscalation(quietState(), 0), { send: true });
});

test('the alert body carries text and content (Slack/Discord) and structured fields', () => {
  const at = new Date('2026-12-02T21:00:00Z');
  const body = alertBody({ kind: 'unexpected_exit', process: 'web:web', message: 'exited unexpectedly (Bad exit code 3), pid 42' }, { hostname: 'pi', identifier: 'supervisor' }, at);
  assert.deepEqual(body, {
    text: '[supervisor@pi] web:web: exited unexpectedly (Bad exit code 3), pid 42',
    content: '[supervisor@pi] web:web: exited unexpectedly (Bad exit code 3), pid 42',
    title: 'web:web exited unexpectedly on pi',
    message: 'exited unexpectedly (Bad exit code 3), pid 42',
    kind: 'unexpected_exit',
    process: 'web:web',
    host: 'pi',
    identifier: 'supervisor',
    at: '2026-12-02T21:00:00.000Z',
  });
  const summary = alertBody({ kind: 'fatal', process: 'a:a', message: 'm', summaryOf: 3 }, { hostname: 'h', identifier: 'i' }, at);
  assert.equal(summary.message, '3 more alerts since the last message; latest: m');
  assert.equal(summary.summary_of, 3);
  const long = alertBody({ kind: 'health_check_failed', process: 'a:a', message: 'x'.repeat(5000) }, { hostname: 'h', identifier: 'i' }, at);
  assert.equal(long.content.length, 2000);
  assert.equal(long.title, 'a:a health check failed on h');
});

test('the mail has To/From/Subject headers and no header injection', () => {
  const body = alertBody({ kind: 'recovery', process: 'a:a\nBcc: evil@x', message: 'ok' }, { hostname: 'h', identifier: 'i' }, new Date(0));
  const mail = alertMail(body, ['ops@x', 'dev@y'], 'svwiz@h');
  const [headers] = mail.split('\n\n');
  assert.deepEqual(headers!.split('\n').map((line) => line.split(':')[0]), ['To', 'From', 'Subject', 'Content-Type']);
  assert.match(mail, /^To: ops@x, dev@y\nFrom: svwiz@h\nSubject: svwiz: a:a Bcc: evil@x recovered on h\n/);
});

test('formatBytes speaks memory_limit units', () => {
  assert.equal(formatBytes(200 * 1024 * 1024), '200.0 MB');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(3 * 1024 ** 3), '3.0 GB');
  assert.equal(formatBytes(12), '12 B');
});

test('reread sees a changed limit as a changed program (and no limits equal no limits)', () => {
  const limits = { memoryLimitBytes: 1024, memoryCheckPeriodSeconds: 5, restartLimitWindowSeconds: 60 };
  assert.equal(sameProcessConfig(processConfig('a', '/bin/true'), processConfig('a', '/bin/true')), true);
  assert.equal(sameProcessConfig(processConfig('a', '/bin/true', { limits }), processConfig('a', '/bin/true', { limits: { ...limits } })), true);
  assert.equal(sameProcessConfig(processConfig('a', '/bin/true', { limits }), processConfig('a', '/bin/true')), false);
  assert.equal(sameProcessConfig(processConfig('a', '/bin/true', { limits }), processConfig('a', '/bin/true', { limits: { ...limits, memoryLimitBytes: 2048 } })), false);
});

test('reread sees a changed liveness check as a changed program', () => {
  const liveness = {
    probe: { kind: 'tcp' as const, host: '127.0.0.1', port: 80 },
    initialDelaySeconds: 60, periodSeconds: 60, timeoutSeconds: 30, failureThreshold: 3, successThreshold: 1, failureAction: 'restart', successAction: null,
  };
  assert.equal(sameProcessConfig(processConfig('a', '/bin/true', { liveness }), processConfig('a', '/bin/true', { liveness: { ...liveness } })), true);
  assert.equal(sameProcessConfig(processConfig('a', '/bin/true', { liveness }), processConfig('a', '/bin/true')), false);
  assert.equal(sameProcessConfig(processConfig('a', '/bin/true', { liveness }), processConfig('a', '/bin/true', { liveness: { ...liveness, periodSeconds: 5 } })), false);
  assert.equal(sameProcessConfig(processConfig('a', '/bin/true', { liveness }), processConfig('a', '/bin/true', { liveness: { ...liveness, probe: { kind: 'tcp', host: '127.0.0.1', port: 81 } } })), false);
});
