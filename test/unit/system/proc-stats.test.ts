/** /proc usage parsers (table tests) and the tree reader against real processes of this test. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import {
  cpuPercent,
  pageSizeFrom,
  parseProcStatUsage,
  parseStatm,
  parseVmRssKb,
  readPageSize,
  readProcUsageTable,
  treeUsage,
  type ProcUsage,
} from '../../../src/system/proc-stats.js';
import { waitFor } from '../../helpers/temp.js';

// A real line of /proc/PID/stat (a `cat`), with the comm swapped for hostile ones below.
const STAT_TAIL = 'R 17148 17148 8915 0 -1 4194304 101 0 0 0 7 3 0 0 20 0 1 0 58829 3133440 388 18446744073709551615 94335967432704 0 0';

describe('parseProcStatUsage', () => {
  it('reads ppid, state, utime+stime and rss after the last ")" of the comm', () => {
    const table: [string, ProcUsage][] = [
      [`17150 (cat) ${STAT_TAIL}`, { pid: 17150, ppid: 17148, state: 'R', cpuTicks: 10, rssPages: 388 }],
      [`42 (a) b (c)) ${STAT_TAIL}`, { pid: 42, ppid: 17148, state: 'R', cpuTicks: 10, rssPages: 388 }],
      [`7 (sh -c x 1 2 3) ${STAT_TAIL}`, { pid: 7, ppid: 17148, state: 'R', cpuTicks: 10, rssPages: 388 }],
    ];
    for (const [text, expected] of table) assert.deepEqual(parseProcStatUsage(text), expected, text);
    assert.equal(parseProcStatUsage('garbage'), undefined);
    assert.equal(parseProcStatUsage('5 (x) S 1'), undefined, 'too few fields');
  });

  it('reads statm and VmRSS', () => {
    assert.deepEqual(parseStatm('765 434 406 5 0 123 0\n'), { sizePages: 765, residentPages: 434 });
    assert.equal(parseStatm(''), undefined);
    assert.equal(parseVmRssKb('Name:\tx\nVmRSS:\t    1736 kB\nVmData: 1 kB\n'), 1736);
    assert.equal(parseVmRssKb('Name:\tkthread\n'), undefined);
  });

  it('derives the page size from one process seen in kB and in pages (4 KiB, and a Pi 5 kernel’s 16 KiB)', () => {
    assert.equal(pageSizeFrom(1736, 434), 4096);
    assert.equal(pageSizeFrom(6944, 434), 16384);
    assert.equal(pageSizeFrom(1740, 434), 4096, 'the two reads may differ by a page');
    assert.equal(pageSizeFrom(0, 0), 4096);
    assert.equal(readPageSize(), 4096, 'this machine (x86_64/arm64 Debian) uses 4 KiB pages');
  });
});

describe('treeUsage', () => {
  const p = (pid: number, ppid: number, cpuTicks: number, rssPages: number, state = 'S'): [number, ProcUsage] => [pid, { pid, ppid, state, cpuTicks, rssPages }];
  const table = new Map([p(1, 0, 500, 100), p(10, 1, 5, 10), p(11, 10, 7, 20), p(12, 11, 1, 30), p(13, 10, 2, 0, 'Z'), p(20, 1, 99, 99)]);

  it('sums a process and every descendant, skipping zombies and other trees', () => {
    assert.deepEqual(treeUsage(10, table), { pids: [10, 11, 12], cpuTicks: 13, rssPages: 60 });
    assert.deepEqual(treeUsage(12, table), { pids: [12], cpuTicks: 1, rssPages: 30 });
    assert.equal(treeUsage(13, table), undefined, 'a zombie root is gone');
    assert.equal(treeUsage(99, table), undefined);
  });

  it('terminates on a table with a cycle (pid reuse during the read)', () => {
    const cyclic = new Map([p(5, 6, 1, 1), p(6, 5, 1, 1)]);
    assert.deepEqual(treeUsage(5, cyclic), { pids: [5, 6], cpuTicks: 2, rssPages: 2 });
  });

  it('cpuPercent is of one core and never negative', () => {
    assert.equal(cpuPercent(100, 150, 1000), 50);
    assert.equal(cpuPercent(100, 400, 1500), 200);
    assert.equal(cpuPercent(150, 100, 1000), 0);
    assert.equal(cpuPercent(0, 10, 0), 0);
  });
});

describe('readProcUsageTable', () => {
  it("finds a real shell and its two children as one tree, with this machine's real figures", async () => {
    const shell = spawn('/bin/sh', ['-c', '/bin/sleep 31 & /bin/sleep 32 & wait'], { stdio: 'ignore' });
    try {
      const tree = await waitFor('the shell and both sleeps', () => {
        const found = treeUsage(shell.pid!, readProcUsageTable());
        return found && found.pids.length === 3 ? found : undefined;
      });
      assert.equal(tree.pids[0], shell.pid);
      assert.ok(tree.rssPages > 0);
      const own = treeUsage(process.pid, readProcUsageTable())!;
      assert.ok(own.pids.includes(shell.pid!) && own.pids.length >= 4, 'our own tree holds the shell and its children');
      assert.ok(own.rssPages * 4096 >= process.memoryUsage().rss * 0.8, 'our tree is at least as big as ourselves');
    } finally {
      shell.kill('SIGKILL');
      for (const pid of readProcUsageTable().values()) if (pid.ppid === shell.pid) process.kill(pid.pid, 'SIGKILL');
    }
  });
});
