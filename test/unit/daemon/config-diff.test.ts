import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffGroups, groupsOfModel, sameProcessConfig } from '../../../src/daemon/config-diff.js';
import { configModel, processConfig } from '../../helpers/daemon-config.js';

test('diffGroups reports added, changed and removed groups like Supervisor diff_to_active', () => {
  const before = configModel('/tmp', [processConfig('a', 'sleep 1'), processConfig('b', 'sleep 1'), processConfig('c', 'sleep 1')]);
  const after = configModel('/tmp', [processConfig('a', 'sleep 1'), processConfig('b', 'sleep 2'), processConfig('d', 'sleep 1')]);
  assert.deepEqual(diffGroups(groupsOfModel(before), groupsOfModel(after)), { added: ['d'], changed: ['b'], removed: ['c'] });
});

test('AUTO log files compare equal to anything; environment order does not matter; priority change is a change', () => {
  const a = processConfig('a', 'x', { stdout_logfile: 'AUTO', environment: { A: '1', B: '2' } });
  assert.equal(sameProcessConfig(a, processConfig('a', 'x', { stdout_logfile: '/tmp/resolved.log', environment: { B: '2', A: '1' } })), true);
  assert.equal(sameProcessConfig(a, processConfig('a', 'x', { stdout_logfile: 'AUTO', environment: { A: '1', B: '2' }, priority: 5 })), false);
  assert.equal(sameProcessConfig(a, processConfig('a', 'x', { stdout_logfile: 'AUTO', environment: { A: '1', B: '2' }, autorestart: 'true' })), false);
});

test('a group whose priority or membership changes is changed', () => {
  const one = configModel('/tmp', [processConfig('p', 'x', { group: 'g' })]);
  const two = configModel('/tmp', [processConfig('p', 'x', { group: 'g' }), processConfig('q', 'x', { group: 'g' })]);
  assert.deepEqual(diffGroups(groupsOfModel(one), groupsOfModel(two)).changed, ['g']);
});

test('a listener pool whose events or buffer_size change is changed (Supervisor compares pool settings too)', () => {
  const pool = (events: string[], bufferSize: number, origin: 'eventlistener' | 'program' = 'eventlistener') => ({
    config: { name: 'l', priority: -1, processes: ['l'], origin },
    processes: [processConfig('l', 'x', { kind: origin, priority: -1, events, buffer_size: bufferSize })],
  });
  const table: [ReturnType<typeof pool>, boolean][] = [
    [pool(['PROCESS_STATE'], 10), false],
    [pool(['TICK_5'], 10), true],
    [pool(['PROCESS_STATE'], 20), true],
    [pool(['PROCESS_STATE'], 10, 'program'), true],
  ];
  for (const [next, changed] of table) {
    assert.deepEqual(diffGroups([pool(['PROCESS_STATE'], 10)], [next]).changed, changed ? ['l'] : [], JSON.stringify(next.processes[0]!.events));
  }
});
