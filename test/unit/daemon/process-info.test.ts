import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configInfo, describeProcess, formatStopTime, formatUptime, processInfo } from '../../../src/daemon/process-info.js';
import { processConfig } from '../../helpers/daemon-config.js';

test('formatUptime prints Python timedelta text', () => {
  const cases: [number, string][] = [[0, '0:00:00'], [12, '0:00:12'], [3723, '1:02:03'], [86400 + 5, '1 day, 0:00:05'], [3 * 86400, '3 days, 0:00:00'], [-4, '0:00:00']];
  for (const [seconds, text] of cases) assert.equal(formatUptime(seconds), text);
});

test('formatStopTime is strftime %b %d %I:%M %p in local time', () => {
  const date = new Date(2026, 10, 4, 0, 7, 0);
  assert.equal(formatStopTime(date.getTime() / 1000), 'Nov 04 12:07 AM');
  assert.equal(formatStopTime(new Date(2026, 0, 15, 13, 30).getTime() / 1000), 'Jan 15 01:30 PM');
});

test('describeProcess follows Supervisor per state', () => {
  const base = { start: 1000, stop: 1100, now: 1012, pid: 42, spawnerr: '', name: 'x' };
  assert.equal(describeProcess({ ...base, state: 20 }), 'pid 42, uptime 0:00:12');
  assert.equal(describeProcess({ ...base, state: 200, spawnerr: "can't find command 'x'" }), "can't find command 'x'");
  assert.equal(describeProcess({ ...base, state: 30 }), 'unknown error (try "tail x")');
  assert.equal(describeProcess({ ...base, state: 0, start: 0 }), 'Not started');
  assert.equal(describeProcess({ ...base, state: 10 }), '');
});

test('processInfo has every key, with 0 and empty-string defaults', () => {
  const info = processInfo({ name: 'a', group: 'g', state: 'STOPPED', pid: 0, laststart: 0, laststop: 0, spawnerr: null, exitstatus: null, stdoutLogfile: null, stderrLogfile: '/x.err' }, 1234.9);
  assert.deepEqual(info, { name: 'a', group: 'g', start: 0, stop: 0, now: 1234, state: 0, statename: 'STOPPED', spawnerr: '', exitstatus: 0, logfile: '', stdout_logfile: '', stderr_logfile: '/x.err', pid: 0, description: 'Not started' });
});

test('configInfo uses "none"/"auto" and numeric stopsignal as Supervisor 4.2.5 does', () => {
  const info = configInfo(processConfig('a', 'sleep 1', { stdout_logfile: 'AUTO', stopsignal: 'INT' }), { name: 'g', priority: 5 }, false);
  assert.equal(info.stdout_logfile, 'auto');
  assert.equal(info.stderr_logfile, 'none');
  assert.equal(info.directory, 'none');
  assert.equal(info.uid, 'none');
  assert.equal(info.serverurl, 'none');
  assert.equal(info.stopsignal, 2);
  assert.equal(info.group_prio, 5);
  assert.equal(info.inuse, false);
  assert.equal('autorestart' in info, false);
});
