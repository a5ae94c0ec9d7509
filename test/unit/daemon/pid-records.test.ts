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
