/**
 * What a program writes reaches its log file byte for byte: random binary output with NUL bytes
 * and no final newline, a single 1 MB line, and a 10 MB line across size rotation (every file
 * rotated only after reaching maxbytes and by at most one read more; the backups in order
 * rebuild the line). Daemon and program stay up.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningSvwizd } from '../../helpers/svwizd-daemon.js';
import { assertWriterSurvived, startWriterDaemon } from '../../helpers/fault-writer.js';
import { makeTempDir, removeTempDir, waitFor } from '../../helpers/temp.js';

const root = makeTempDir('svw-bytes');
const daemons: RunningSvwizd[] = [];
after(async () => {
  for (const daemon of daemons) await daemon.stop();
  removeTempDir(root);
});

const MB = 1024 * 1024;
/** Node reads a pipe 64 KiB at a time: a file may pass maxbytes by one read, as Supervisor's by one 128 KiB read. */
const ONE_READ = 65536;

/** The log file and its backups, oldest first. */
function logFiles(file: string, backups: number): string[] {
  const files = [];
  for (let i = backups; i >= 1; i--) if (existsSync(`${file}.${i}`)) files.push(`${file}.${i}`);
  return existsSync(file) ? [...files, file] : files;
}

async function writeThrough(name: string, data: Buffer, logKeys: string): Promise<{ logFile: string }> {
  const dir = path.join(root, name);
  mkdirSync(dir);
  const logFile = path.join(dir, 'w.log');
  const running = await startWriterDaemon(dir, `stdout_logfile=${logFile}\nstderr_logfile=${dir}/w.err\n${logKeys}`);
  daemons.push(running.daemon);
  const source = path.join(dir, 'source.bin');
  writeFileSync(source, data);
  await running.writer.file(source);
  await waitFor(`${data.length} bytes logged`, () => logFiles(logFile, 30).reduce((sum, f) => sum + statSync(f).size, 0) === data.length, { timeoutMs: 60000 });
  await assertWriterSurvived(running);
  return { logFile };
}

test('random binary output with NUL bytes and no newline is logged byte for byte', async () => {
  const data = Buffer.concat([randomBytes(300 * 1024), Buffer.from([0, 0, 0x0d, 0xff])]);
  assert.ok(data.includes(0) && data.at(-1) !== 0x0a);
  const { logFile } = await writeThrough('binary', data, 'stdout_logfile_maxbytes=0');
  assert.ok(readFileSync(logFile).equals(data));
});

test('a single 1 MB line is logged whole, not split or cut', async () => {
  const line = Buffer.from('l'.repeat(MB - 1) + '\n');
  const { logFile } = await writeThrough('line-1mb', line, 'stdout_logfile_maxbytes=0');
  assert.ok(readFileSync(logFile).equals(line));
});

test('a single 10 MB line with maxbytes=1MB: rotation honoured, the backups in order rebuild it exactly', async () => {
  const line = Buffer.from(Array.from({ length: 10 * MB - 1 }, (_, i) => String.fromCharCode(97 + ((i >> 10) % 26))).join('') + '\n');
  const { logFile } = await writeThrough('line-10mb', line, 'stdout_logfile_maxbytes=1MB\nstdout_logfile_backups=20');
  const files = logFiles(logFile, 20);
  assert.ok(Buffer.concat(files.map((f) => readFileSync(f))).equals(line), 'nothing lost, split or reordered');
  assert.ok(files.length >= 9, `rotated into ${files.length} files`);
  for (const file of files.slice(0, -1)) {
    const size = statSync(file).size;
    assert.ok(size >= MB && size <= MB + ONE_READ, `${path.basename(file)} is ${size} bytes`);
  }
  assert.ok(statSync(logFile).size < MB, 'the current file is below maxbytes');
});
