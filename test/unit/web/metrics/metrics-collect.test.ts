import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProcessTally } from '../../../../src/daemon/process-tally.js';
import type { ProcUsage } from '../../../../src/system/proc-stats.js';
import { collectDaemonSnapshot, type MetricsProcess, type MetricsSupervisor } from '../../../../src/web/metrics/metrics-collect.js';

function supervisorWith(processes: MetricsProcess[], tally = new ProcessTally(), unhealthy: readonly MetricsProcess[] = []): MetricsSupervisor {
  const groups = new Map<string, { processes: Map<string, MetricsProcess> }>();
  for (const process of processes) {
    const group = groups.get(process.groupName) ?? { processes: new Map() };
    group.processes.set(process.name, process);
    groups.set(process.groupName, group);
  }
  return {
    groups,
    pools: new Map([['l', { settings: { name: 'l', bufferSize: 10 }, buffered: [1, 2, 3], droppedEvents: 7 }]]),
    tally,
    config: { supervisord: { identifier: 'id' } },
    moodCode: 1,
    healthOf: (process) => (unhealthy.includes(process) ? false : undefined),
  };
}

const stopped: MetricsProcess = { name: 'b', groupName: 'g', state: 'STOPPED', pid: 0, laststart: 0, exitstatus: null };

describe('collectDaemonSnapshot', () => {
  it('reads no /proc when no process has a child', () => {
    const snapshot = collectDaemonSnapshot(supervisorWith([stopped]), {
      version: 'v', startedAt: 1, now: 2,
      readTable: () => assert.fail('read /proc with nothing to measure'),
    });
    assert.equal(snapshot.processes[0]!.usage, undefined);
    assert.equal(snapshot.processes[0]!.exitStatus, 0);
    assert.equal(snapshot.processes[0]!.healthy, true);
    assert.deepEqual(snapshot.pools, [{ pool: 'l', queued: 3, bufferSize: 10, dropped: 7 }]);
  });

  it('sums the live tree, takes the tally, sorts by group then name, and honours the health hook', () => {
    const tally = new ProcessTally();
    tally.spawned('g', 'a');
    tally.exited('g', 'a', false);
    const running: MetricsProcess = { name: 'a', groupName: 'g', state: 'RUNNING', pid: 10, laststart: 5, exitstatus: 1 };
    const table = new Map<number, ProcUsage>([
      [10, { pid: 10, ppid: 1, state: 'S', cpuTicks: 150, rssPages: 2 }],
      [11, { pid: 11, ppid: 10, state: 'S', cpuTicks: 50, rssPages: 3 }],
      [12, { pid: 12, ppid: 10, state: 'Z', cpuTicks: 999, rssPages: 0 }],
    ]);
    const snapshot = collectDaemonSnapshot(supervisorWith([stopped, running], tally, [running]), { version: 'v', startedAt: 1, now: 2, readTable: () => table, pageSize: 4096 });
    assert.deepEqual(snapshot.processes.map((p) => p.name), ['a', 'b']);
    const a = snapshot.processes[0]!;
    assert.deepEqual(a.usage, { cpuSeconds: 2, rssBytes: 5 * 4096, processes: 2 });
    assert.deepEqual([a.spawns, a.expectedExits, a.unexpectedExits, a.healthy, a.exitStatus], [1, 0, 1, false, 1]);
    assert.equal(snapshot.identifier, 'id');
    assert.equal(snapshot.pid, process.pid);
  });
});
