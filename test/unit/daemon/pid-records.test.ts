import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { leftoverChildren, processStartTime, readStateRecord, writeStateRecord } from '../../../src/daemon/pid-records.js';
import { makeTempDir, removeTempDir } from '../../helpers/temp.js';

const dir = makeTempDir('svw-pid');
const child = spawn('sleep', ['30']);
after(() => {
  child.kill('SIGKILL');
  removeTempDir(dir);
});

test('leftoverChildren reports live children of a dead daemon, not recycled pids or a live daemon\'s', () => {
  const file = path.join(dir, 'state.json');
  const pid = child.pid!;
  const starttime = processStartTime(pid)!;
  const dead = 2 ** 22 - 7; // beyond pid_max defaults: never a live process
  const live = { pid, starttime, name: 'web', group: 'web' };
  const recycled = { pid, starttime: '1', name: 'old', group: 'old' };
  writeStateRecord(file, { daemonPid: dead, children: [live, recycled] });
  assert.deepEqual(leftoverChildren(readStateRecord(file)), [live]);
  assert.deepEqual(leftoverChildren({ daemonPid: process.pid === 1 ? 2 : 1, children: [live] }), [], 'daemon pid alive: not leftovers');
  assert.deepEqual(leftoverChildren({ daemonPid: process.pid, children: [live] }), [], 'our own record');
  assert.equal(readStateRecord(path.join(dir, 'missing.json')), undefined);
});

test('a leftover is ours only while its command line is the recorded one (argv[0] as configured or as exec\'d by a wrapper)', async () => {
  const { runsRecordedCommand } = await import('../../../src/daemon/pid-records.js');
  const { planLeftovers } = await import('../../../src/daemon/leftover-children.js');
  const child = { pid: 10, starttime: '5', name: 'w', group: 'w', filename: '/usr/bin/python3', argv: ['python3', 'w.py', '--once'] };
  assert.equal(runsRecordedCommand(child, ['python3', 'w.py', '--once']), true);
  assert.equal(runsRecordedCommand(child, ['/usr/bin/python3', 'w.py', '--once']), true, 'after setpriv / sh exec');
  assert.equal(runsRecordedCommand(child, ['python3', 'other.py', '--once']), false);
  assert.equal(runsRecordedCommand(child, ['python3', 'w.py']), false);
  assert.equal(runsRecordedCommand(child, undefined), false, 'gone or unreadable');
  assert.equal(runsRecordedCommand({ ...child, argv: undefined }, ['python3', 'w.py', '--once']), false, 'an old record without argv');
  const plan = planLeftovers([child, { ...child, pid: 11 }], (pid) => (pid === 10 ? child.argv : ['vim']));
  assert.deepEqual(plan.stop.map((c) => c.pid), [10]);
  assert.deepEqual(plan.foreign.map((f) => [f.child.pid, f.cmdline]), [[11, ['vim']]]);
});
