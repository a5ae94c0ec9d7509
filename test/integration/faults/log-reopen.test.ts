/**
 * Log files moved away (logrotate), deleted, or their directory removed, then SIGUSR2: svwizd
 * creates new files and writes them; what was written before the reopen stays in the old file,
 * nothing written after it is lost; daemon and program stay up.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { assertWriterSurvived, expectedRecords, startWriterDaemon, type WriterDaemon } from '../../helpers/fault-writer.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';

const root = makeTempDir('svw-reopen');
const daemons: RunningSvwizd[] = [];
after(async () => {
  for (const daemon of daemons) await daemon.stop();
  removeTempDir(root);
});

const SIZE = 1000;

async function writerIn(name: string, loglevel?: string): Promise<{ dir: string; logs: string; logFile: string; running: WriterDaemon }> {
  const dir = path.join(root, name);
  const logs = path.join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const logFile = path.join(logs, 'w.log');
  const running = await startWriterDaemon(dir, `stdout_logfile=${logFile}\nstdout_logfile_maxbytes=0\nstderr_logfile=${dir}/w.err`, loglevel);
  daemons.push(running.daemon);
  return { dir, logs, logFile, running };
}

const sizeIs = (file: string, size: number) => waitFor(`${file} holds ${size} bytes`, () => existsSync(file) && statSync(file).size === size, { timeoutMs: 30000 });

/** SIGUSR2; resolves once a new main log exists (the child logs are reopened in the same handler). */
async function reopen(running: WriterDaemon, dir: string, movedMainLog?: string): Promise<void> {
  running.daemon.child.kill('SIGUSR2');
  if (movedMainLog) {
    await waitFor('the reopen logged', () => readFileSync(movedMainLog, 'utf8').includes('INFO supervisord logreopen'), { timeoutMs: 30000 });
  }
  await waitFor('a new main log', () => existsSync(`${dir}/main.log`), { timeoutMs: 30000 });
}

test('logs moved away then SIGUSR2: the old files keep what came before, new files get everything after', async () => {
  const { dir, logFile, running } = await writerIn('moved');
  await running.writer.records(0, 100, SIZE);
  await sizeIs(logFile, 100 * SIZE);
  renameSync(logFile, `${logFile}.old`);
  renameSync(`${dir}/main.log`, `${dir}/main.log.old`);
  await running.writer.records(100, 10, SIZE); // still goes to the moved file: it is open
  await sizeIs(`${logFile}.old`, 110 * SIZE);
  await reopen(running, dir, `${dir}/main.log.old`);
  await running.writer.records(110, 50, SIZE);
  await sizeIs(logFile, 50 * SIZE);
  assert.ok(readFileSync(`${logFile}.old`).equals(expectedRecords(0, 110, SIZE)));
  assert.ok(readFileSync(logFile).equals(expectedRecords(110, 50, SIZE)));
  assert.match(readFileSync(`${dir}/main.log.old`, 'utf8'), /INFO received SIGUSR2 indicating log reopen request\n.* INFO supervisord logreopen\n/);
  running.daemon.child.kill('SIGUSR2'); // the new main log is written as well
  await waitFor('main log written after the reopen', () => readFileSync(`${dir}/main.log`, 'utf8').includes('received SIGUSR2'), { timeoutMs: 30000 });
  await assertWriterSurvived(running);
});

test('logs deleted then SIGUSR2: new files are created and get everything written after the reopen', async () => {
  const { dir, logFile, running } = await writerIn('deleted');
  await running.writer.records(0, 20, SIZE);
  await sizeIs(logFile, 20 * SIZE);
  rmSync(logFile);
  rmSync(`${dir}/main.log`);
  await reopen(running, dir);
  await running.writer.records(20, 30, SIZE);
  await sizeIs(logFile, 30 * SIZE);
  assert.ok(readFileSync(logFile).equals(expectedRecords(20, 30, SIZE)));
  await assertWriterSurvived(running);
});

test('log directory removed then SIGUSR2: the error is logged, and once the directory is back nothing written after it is lost', async () => {
  const { dir, logs, logFile, running } = await writerIn('no-dir', 'debug');
  await running.writer.records(0, 20, SIZE);
  await sizeIs(logFile, 20 * SIZE);
  rmSync(logs, { recursive: true });
  running.daemon.child.kill('SIGUSR2');
  await waitFor('the failed reopen logged', () => readFileSync(`${dir}/main.log`, 'utf8').includes(`ERRO cannot write log ${logFile} of 'w': ENOENT`), { timeoutMs: 30000 });
  await running.writer.records(20, 5, SIZE); // no directory: dropped, and counted
  await waitFor('the daemon handled the last dropped record', () => readFileSync(`${dir}/main.log`, 'utf8').includes('\n00000024 x'), { timeoutMs: 30000 });
  mkdirSync(logs);
  await running.writer.records(25, 30, SIZE);
  await sizeIs(logFile, 30 * SIZE);
  assert.ok(readFileSync(logFile).equals(expectedRecords(25, 30, SIZE)));
  assert.match(readFileSync(`${dir}/main.log`, 'utf8'), new RegExp(`WARN writing log ${logFile} of 'w' again; dropped ${5 * SIZE} bytes \\(${5 * SIZE} since the file was opened\\)`));
  await assertWriterSurvived(running);
});
