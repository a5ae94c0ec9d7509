import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMetricFamilies, type DaemonSnapshot, type ProcessSnapshot } from '../../../../src/web/metrics/metrics-model.js';
import { renderPrometheusText } from '../../../../src/web/metrics/prometheus-text.js';
import { parseExposition, sampleValue } from '../../../helpers/prometheus-scrape.js';

function proc(overrides: Partial<ProcessSnapshot>): ProcessSnapshot {
  return {
    group: 'g', name: 'p', state: 'RUNNING', startedAt: 1000, exitStatus: 0, spawns: 1, expectedExits: 0, unexpectedExits: 0, healthy: true,
    ...overrides,
  };
}

const snapshot: DaemonSnapshot = {
  version: '1.2.3',
  pid: 42,
  identifier: 'box',
  stateCode: 1,
  startedAt: 900,
  now: 1100,
  processes: [
    proc({ group: 'web', name: 'web', usage: { cpuSeconds: 1.5, rssBytes: 4096, processes: 2 }, spawns: 3, unexpectedExits: 2 }),
    proc({ group: 'jobs', name: 'job_0', state: 'EXITED', exitStatus: 4, expectedExits: 1, healthy: false }),
    proc({ group: 'jobs', name: 'never', state: 'STOPPED', startedAt: 0, spawns: 0 }),
  ],
  pools: [{ pool: 'listener', queued: 2, bufferSize: 10, dropped: 5 }],
};

describe('buildMetricFamilies', () => {
  const families = parseExposition(renderPrometheusText(buildMetricFamilies(snapshot)));

  it('declares each family with its type', () => {
    const expected: Record<string, string> = {
      svwiz_daemon_info: 'GAUGE', svwiz_daemon_state: 'GAUGE', svwiz_daemon_start_time_seconds: 'GAUGE', svwiz_daemon_uptime_seconds: 'GAUGE',
      svwiz_process_state: 'GAUGE', svwiz_process_state_code: 'GAUGE', svwiz_process_up: 'GAUGE', svwiz_process_start_time_seconds: 'GAUGE',
      svwiz_process_spawns_total: 'COUNTER', svwiz_process_restarts_total: 'COUNTER', svwiz_process_exits_total: 'COUNTER',
      svwiz_process_exit_status: 'GAUGE', svwiz_process_cpu_seconds_total: 'COUNTER', svwiz_process_resident_memory_bytes: 'GAUGE',
      svwiz_process_tree_processes: 'GAUGE', svwiz_process_healthy: 'GAUGE',
      svwiz_eventlistener_queue_length: 'GAUGE', svwiz_eventlistener_buffer_size: 'GAUGE', svwiz_eventlistener_dropped_events_total: 'COUNTER',
      node_supervisord_up: 'GAUGE', node_supervisord_state: 'GAUGE', node_supervisord_exit_status: 'GAUGE',
      node_supervisord_start_time_seconds: 'COUNTER', node_supervisord_uptime: 'GAUGE',
    };
    assert.deepEqual(Object.fromEntries([...families].map(([name, family]) => [name, family.type])), expected);
  });

  it('identifies the daemon and its uptime', () => {
    assert.deepEqual(families.get('svwiz_daemon_info')?.samples, [{ labels: { version: '1.2.3', pid: '42', identifier: 'box' }, value: 1 }]);
    assert.equal(sampleValue(families, 'svwiz_daemon_uptime_seconds'), 200);
  });

  it('one-hot states: exactly one 1 per process, over all eight states', () => {
    const samples = families.get('svwiz_process_state')!.samples.filter((s) => s.labels.name === 'job_0');
    assert.equal(samples.length, 8);
    assert.deepEqual(samples.filter((s) => s.value === 1).map((s) => s.labels.state), ['EXITED']);
    assert.equal(sampleValue(families, 'svwiz_process_state_code', { name: 'job_0' }), 100);
  });

  it('counters: restarts are spawns after the first; exits split by expected', () => {
    assert.equal(sampleValue(families, 'svwiz_process_restarts_total', { name: 'web' }), 2);
    assert.equal(sampleValue(families, 'svwiz_process_restarts_total', { name: 'never' }), 0);
    assert.equal(sampleValue(families, 'svwiz_process_exits_total', { name: 'web', expected: 'false' }), 2);
    assert.equal(sampleValue(families, 'svwiz_process_exits_total', { name: 'job_0', expected: 'true' }), 1);
  });

  it('usage only for a process with a live tree; health gauge per process', () => {
    assert.deepEqual(families.get('svwiz_process_resident_memory_bytes')!.samples, [{ labels: { group: 'web', name: 'web' }, value: 4096 }]);
    assert.equal(sampleValue(families, 'svwiz_process_cpu_seconds_total', { name: 'web' }), 1.5);
    assert.equal(sampleValue(families, 'svwiz_process_healthy', { name: 'job_0' }), 0);
    assert.equal(sampleValue(families, 'svwiz_process_healthy', { name: 'web' }), 1);
  });

  it('event listener pools', () => {
    assert.equal(sampleValue(families, 'svwiz_eventlistener_queue_length', { pool: 'listener' }), 2);
    assert.equal(sampleValue(families, 'svwiz_eventlistener_dropped_events_total', { pool: 'listener' }), 5);
  });

  it("node_exporter's families: labels name and group, start time and uptime only while up", () => {
    assert.deepEqual(families.get('node_supervisord_up')!.samples.map((s) => [s.labels, s.value]), [
      [{ name: 'web', group: 'web' }, 1],
      [{ name: 'job_0', group: 'jobs' }, 0],
      [{ name: 'never', group: 'jobs' }, 0],
    ]);
    assert.equal(sampleValue(families, 'node_supervisord_state', { name: 'job_0' }), 100);
    assert.equal(sampleValue(families, 'node_supervisord_exit_status', { name: 'job_0' }), 4);
    assert.deepEqual(families.get('node_supervisord_start_time_seconds')!.samples, [{ labels: { name: 'web', group: 'web' }, value: 1000 }]);
    assert.deepEqual(families.get('node_supervisord_uptime')!.samples, [{ labels: { name: 'web', group: 'web' }, value: 100 }]);
  });
});
