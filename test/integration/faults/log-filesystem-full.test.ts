/**
 * The child log's filesystem fills up (a 1 MiB tmpfs) while a program writes fast: svwizd and the
 * program stay up, the main log reports every dropped byte (the `dropped N bytes` of its lines add
 * up to what is missing), and once space is freed logging resumes with nothing lost. Needs root
 * for mount(8); a failed mount fails the test.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { assertWriterSurvived, expectedRecords, startWriterDaemon } from '../../helpers/fault-writer.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';

const root = makeTempDir('svw-full');
const daemons: RunningSvwizd[] = [];
const mounts: string[] = [];
after(async () => {
  for (const daemon of daemons) await daemon.stop();
  for (const mountPoint of mounts) spawnSync('umount', ['-l', mountPoint]);
  removeTempDir(root);
});

const RECORD = 4096;
const FLOOD = 512; // 2 MiB of records into a filesystem with 512 KiB free

/** Sum of every `dropped N bytes` the main log says about this file, and its lines. */
function reportedDrops(mainLog: string, file: string): { total: number; lines: string[] } {
  const lines = mainLog.split('\n').filter((line) => line.includes(`log ${file} of 'w'`));
  return { total: lines.reduce((sum, line) => sum + Number(/dropped (\d+) bytes/.exec(line)?.[1] ?? 0), 0), lines };
}

test('log filesystem full: daemon and program stay up, every dropped byte is reported, logging resumes when space is freed', async () => {
  const logs = path.join(root, 'logs');
  mkdirSync(logs);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', logs], { encoding: 'utf8' });
  assert.equal(mounted.status, 0, `mount -t tmpfs failed (this test needs root): ${mounted.stderr}`);
  mounts.push(logs);
  try {
    const filler = path.join(logs, 'filler');
    writeFileSync(filler, Buffer.alloc(512 * 1024));
    const logFile = path.join(logs, 'w.log');
    const running = await startWriterDaemon(root, `stdout_logfile=${logFile}\nstdout_logfile_maxbytes=0\nstderr_logfile=${root}/w.err`, 'debug');
    const { daemon, writer } = running;
    daemons.push(daemon);

    await writer.records(0, FLOOD, RECORD);
    const flood = expectedRecords(0, FLOOD, RECORD);
    const mainLog = () => readFileSync(`${root}/main.log`, 'utf8');
    await waitFor('the first ENOSPC reported', () => /ERRO cannot write log .*w\.log of 'w': ENOSPC; dropped \d+ bytes/.test(mainLog()), { timeoutMs: 30000 });
    await waitFor('the daemon handled the whole flood', () => mainLog().includes(`\n${String(FLOOD - 1).padStart(8, '0')} x`), { timeoutMs: 30000 });
    assert.ok(statSync(logFile).size < flood.length, 'the filesystem really filled up');

    rmSync(filler);
    await writer.records(FLOOD, 16, RECORD);
    const after = expectedRecords(FLOOD, 16, RECORD);
    const { total, lines } = await waitFor('the resumed line', () => {
      const drops = reportedDrops(mainLog(), logFile);
      return drops.lines.some((line) => / WARN writing log .* again; dropped \d+ bytes/.test(line)) ? drops : undefined;
    }, { timeoutMs: 30000 });
    await waitFor('every record after the freeing in the file', () => statSync(logFile).size === flood.length - total + after.length, { timeoutMs: 30000 });

    const content = readFileSync(logFile);
    const kept = flood.length - total;
    assert.ok(kept > 0 && total > 0, `kept ${kept}, dropped ${total}: ${lines.join(' | ')}`);
    assert.ok(content.subarray(0, kept).equals(flood.subarray(0, kept)), 'what was written before the disk filled is intact, in order');
    assert.ok(content.subarray(kept).equals(after), 'everything written after the space was freed is in the file');
    assert.match(lines.at(-1)!, new RegExp(`\\(${total} since the file was opened\\)`));

    await assertWriterSurvived(running);
    assert.equal(await daemon.stop(), 0);
  } finally {
    const unmounted = spawnSync('umount', [logs], { encoding: 'utf8' });
    if (unmounted.status === 0) mounts.splice(mounts.indexOf(logs), 1);
  }
});
